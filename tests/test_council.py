"""The council examines and recommends: its session needs a quorum of the council's members, absent
members may vote in writing, and the decision is signed by the body that decides."""

import frappe
import pytest

from vanhoa_congso.rules import council, units
from vanhoa_congso.rules.awards import AwardError
from vanhoa_congso.rules.council import CouncilError
from vanhoa_congso.testing import (
	collective,
	count,
	make_award,
	make_award_form,
	make_award_world,
	make_plan,
	make_unit,
	own_file,
)
from vanhoa_congso.workflow import apply_workflow

SESSION = "Emulation Council Session"


@pytest.mark.parametrize(
	"members,quorum,needed",
	[
		(9, 66.67, 6),
		(7, 66.67, 5),
		(3, 66.67, 2),
		(12, 66.67, 8),
		(100, 66.67, 67),
		(9, 50, 5),
		(10, 50, 5),
		(9, None, 6),
	],
)
def test_quorum_is_counted_on_the_council_members(members, quorum, needed):
	assert council.quorum_needed(members, quorum) == needed


@pytest.fixture
def plan():
	province = make_unit(units.PROVINCE)
	grassroots = make_unit(units.GRASSROOTS, province.name)
	criteria_set = frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": f"CS-{province.name}", "set_name": "Bộ thử"}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Emulation Criterion",
			"criteria_set": criteria_set.name,
			"subject_type": "Collective",
			"code": "1",
			"criterion_text": "Tiêu chí thử",
			"assessment_type": "Pass/Fail",
		}
	).insert()
	doc = make_plan(province.name, criteria_set=criteria_set.name)
	doc.submit()
	return frappe._dict(
		name=doc.name, province=province.name, grassroots=grassroots.name, form=make_award_form().name
	)


def session(plan, members=9, present=7, written=0, **fields):
	return frappe.get_doc(
		{
			"doctype": SESSION,
			"plan": plan.name,
			"session_date": "2025-01-20",
			"voting_method": "Secret Ballot",
			"council_members": members,
			"members_present": [{"member_name": f"Ủy viên {i}"} for i in range(present)],
			"written_votes": [{"member_name": f"Ủy viên vắng {i}"} for i in range(written)],
			**fields,
		}
	)


def test_a_session_records_its_quorum_and_the_members_voting(plan):
	doc = session(plan, members=9, present=6, written=2).insert()
	assert (doc.present_count, doc.written_count, doc.voting_count, doc.quorum_needed, doc.has_quorum) == (
		6,
		2,
		8,
		6,
		1,
	)
	short = session(plan, members=9, present=5).insert()
	assert (short.quorum_needed, short.has_quorum) == (6, 0)


def test_the_quorum_follows_the_plan(plan):
	frappe.db.set_value("Emulation Plan", plan.name, "council_quorum", 50)
	assert session(plan, members=9, present=5).insert().has_quorum == 1


@pytest.mark.parametrize(
	"fields,message",
	[
		({"members": 0}, "how many members the council has"),
		({"members": 5, "present": 4, "written": 2}, "more than the council's 5 members"),
	],
)
def test_a_session_with_impossible_counts_is_refused(plan, fields, message):
	before = count(SESSION)
	with pytest.raises(CouncilError, match=message):
		session(plan, **fields).insert()
	assert count(SESSION) == before


def test_a_member_cannot_be_present_and_vote_in_writing(plan):
	doc = session(plan, present=3)
	doc.append("written_votes", {"member_name": "Ủy viên 1"})
	with pytest.raises(CouncilError, match="present and as voting in writing"):
		doc.insert()
	assert not frappe.db.exists(SESSION, {"plan": plan.name})


def forwarded(plan):
	"""An evaluation of a union directly under the province, waiting for the council."""
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": plan.name,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Collective",
			"subject_unit": plan.grassroots,
			"proposed_award_form": plan.form,
		}
	).insert()
	for row in doc.items:
		row.self_result = "Meets"
	doc.append("dossier", {"document_kind": "Achievement Report", "file": own_file("bao-cao.pdf")})
	doc.save()
	apply_workflow(doc.as_dict(), "Send to Council")
	return frappe.get_doc("Emulation Evaluation", doc.name)


def recommend(evaluation, council_session, votes):
	evaluation.council_session = council_session
	evaluation.votes_in_favour = votes
	evaluation.save()
	apply_workflow(evaluation.as_dict(), "Approve")
	return frappe.db.get_value("Emulation Evaluation", evaluation.name, ["workflow_state", "docstatus"])


def test_a_session_without_its_quorum_cannot_recommend(plan):
	evaluation = forwarded(plan)
	without = session(plan, members=9, present=5).insert()
	with pytest.raises(CouncilError, match="without a quorum it cannot recommend"):
		recommend(evaluation, without.name, 5)
	assert frappe.db.get_value("Emulation Evaluation", evaluation.name, "docstatus") == 0


def test_written_votes_count_with_those_present(plan):
	evaluation = forwarded(plan)
	# 6 present and 2 in writing: 8 vote, so 4 in favour is not more than half
	doc = session(plan, members=9, present=6, written=2).insert()
	with pytest.raises(CouncilError, match="4 of 8 members voting"):
		recommend(evaluation, doc.name, 4)
	evaluation = frappe.get_doc("Emulation Evaluation", evaluation.name)
	assert recommend(evaluation, doc.name, 5) == ("Approved", 1)


def test_votes_cannot_outnumber_the_members_voting(plan):
	evaluation = forwarded(plan)
	doc = session(plan, members=9, present=6, written=1).insert()
	with pytest.raises(CouncilError, match="more than the 7 members who voted"):
		recommend(evaluation, doc.name, 8)


def test_one_transition_is_one_line_in_the_timeline(plan):
	evaluation = forwarded(plan)
	doc = session(plan).insert()
	recommend(evaluation, doc.name, 7)
	lines = frappe.get_all(
		"Comment",
		filters={"reference_name": evaluation.name, "comment_type": "Info", "content": ("like", "Approve:%")},
	)
	assert len(lines) == 1


def test_a_decision_in_the_councils_name_is_refused():
	world = make_award_world("CE")
	before = count("Emulation Award")
	with pytest.raises(AwardError, match="examines and recommends"):
		make_award(
			world.plan,
			world.province,
			[collective(world.others[0], world.form)],
			deciding_body="Hội đồng Thi đua - Khen thưởng",
		)
	assert count("Emulation Award") == before
