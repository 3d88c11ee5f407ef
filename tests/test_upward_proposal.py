"""Proposals upward: the province proposes approved evaluations to the Confederation or the provincial
People's Committee, records the answer, and the outcome shows in the Award Register."""

import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules.proposals import ProposalError
from vanhoa_congso.rules.registration import NotRegisteredError
from vanhoa_congso.testing import make_award_form, make_campaign_world, make_user, own_file
from vanhoa_congso.vanhoa_congso.doctype.emulation_upward_proposal.emulation_upward_proposal import (
	get_approved_evaluations,
	record_answer,
	send_proposal,
)
from vanhoa_congso.vanhoa_congso.report.award_register import award_register
from vanhoa_congso.workflow import transition

PROPOSAL = "Emulation Upward Proposal"
EVALUATION = "Emulation Evaluation"


@pytest.fixture
def world():
	return make_campaign_world("UP")


def approved(world, unit, phase="Final Review", year=2025):
	doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"subject_type": "Collective",
			"subject_unit": unit,
			"dossier": [{"document_kind": "Achievement Report", "file": own_file("bao-cao.pdf")}],
		}
	).insert()
	for row in doc.items:
		row.self_result = "Meets"
	doc.save()
	direct = doc.direct_to_council
	transition(EVALUATION, doc.name, "Send to Council" if direct else "Send for Review")
	if not direct:
		transition(EVALUATION, doc.name, "Forward to Council")
	session = frappe.get_doc(
		{
			"doctype": "Emulation Council Session",
			"plan": world.plan,
			"session_date": "2025-08-20",
			"voting_method": "Secret Ballot",
			"minutes": own_file("bien-ban.pdf"),
			"council_members": 2,
			"members_present": [{"member_name": "Ủy viên 1"}, {"member_name": "Ủy viên 2"}],
		}
	).insert()
	frappe.db.set_value(EVALUATION, doc.name, {"council_session": session.name, "votes_in_favour": 2})
	transition(EVALUATION, doc.name, "Approve")
	return doc.name


def proposal(world, rows, **fields):
	return frappe.get_doc(
		{
			"doctype": PROPOSAL,
			"plan": world.plan,
			"phase": "Final Review",
			"phase_year": 2025,
			"proposing_unit": world.province,
			"higher_body": "Vietnam General Confederation of Labour",
			"items": rows,
			"letter_number": "120/TTr-LĐLĐ",
			"letter_date": "2025-09-10",
			"submission_letter": own_file("to-trinh.pdf"),
			"council_minutes": own_file("bien-ban.pdf"),
			**fields,
		}
	).insert()


def row(world, evaluation=None, **fields):
	return {
		"evaluation": evaluation,
		"award_form": world.confederation,
		"achievement": "Tiêu biểu giai đoạn 2019-2025",
		**fields,
	}


def test_province_proposes_approved_evaluations_and_records_the_answer(world):
	unit = world.grassroots[world.districts[0]][0]
	name = approved(world, unit)
	listed = get_approved_evaluations(world.plan, "Final Review", 2025)
	assert [r["evaluation"] for r in listed] == [name]
	doc = proposal(world, [row(world, name)])
	assert doc.items[0].subject_unit == unit and doc.status == "Draft"
	assert send_proposal(doc.name) == "Sent"
	doc = frappe.get_doc(PROPOSAL, doc.name)
	doc.update({"answer_number": "1234/QĐ-TLĐ", "answer_date": "2025-10-20"})
	doc.items[0].outcome = "Granted"
	doc.save()
	assert record_answer(doc.name) == "Answered"
	_c, rows, *_ = award_register.execute({"plan": world.plan, "year": 2025})
	(granted,) = [r for r in rows if r["proposal"] == doc.name]
	assert (granted["outcome"], granted["decision_number"], granted["unit"]) == (
		"Granted",
		"1234/QĐ-TLĐ",
		unit,
	)
	assert granted["issued_by"] == "Vietnam General Confederation of Labour"


def test_answer_needs_its_number_date_and_every_outcome(world):
	doc = proposal(world, [row(world, approved(world, world.direct))])
	send_proposal(doc.name)
	before = frappe.db.get_value(PROPOSAL, doc.name, "status")
	with pytest.raises(ProposalError, match="number and date"):
		record_answer(doc.name)
	frappe.db.set_value(PROPOSAL, doc.name, {"answer_number": "5/QĐ-TLĐ", "answer_date": "2025-10-01"})
	with pytest.raises(ProposalError, match="outcome"):
		record_answer(doc.name)
	assert frappe.db.get_value(PROPOSAL, doc.name, "status") == before == "Sent"


def test_a_sent_proposal_takes_only_its_answer(world):
	doc = proposal(world, [row(world, approved(world, world.direct))])
	send_proposal(doc.name)
	doc = frappe.get_doc(PROPOSAL, doc.name)
	doc.items[0].achievement = "Sửa thành tích sau khi gửi"
	with pytest.raises(FieldOwnershipError, match="Achievement"):
		doc.save()
	doc.reload()
	doc.letter_number = "Số khác"
	with pytest.raises(FieldOwnershipError):
		doc.save()


def test_only_approved_evaluations_of_the_phase_are_proposed(world):
	unit = world.grassroots[world.districts[0]][0]
	other_phase = approved(world, unit, "Full Year", 2024)
	with pytest.raises(ProposalError, match="another plan or phase"):
		proposal(world, [row(world, other_phase)])


def test_the_award_must_be_the_higher_bodys(world):
	name = approved(world, world.direct)
	with pytest.raises(ProposalError, match="is not given by"):
		proposal(world, [row(world, name, award_form=world.merit)])
	committee_form = make_award_form(issuing_level="Provincial People's Committee").name
	doc = proposal(
		world, [row(world, name, award_form=committee_form)], higher_body="Provincial People's Committee"
	)
	assert doc.higher_body == "Provincial People's Committee"


def test_direct_entry_needs_a_reason_and_a_registration_where_required():
	world = make_campaign_world("UR", registration_required=1)
	unit = world.grassroots[world.districts[0]][0]
	entry = {"subject_type": "Collective", "subject_unit": unit}
	with pytest.raises(ProposalError, match="give the reason"):
		proposal(world, [row(world, **entry)])
	before = frappe.db.count(PROPOSAL)
	with pytest.raises(NotRegisteredError):
		proposal(world, [row(world, entry_reason="Đề nghị của Cụm thi đua", **entry)])
	assert frappe.db.count(PROPOSAL) == before


def test_a_subject_is_proposed_once_per_phase(world):
	name = approved(world, world.direct)
	proposal(world, [row(world, name)])
	with pytest.raises(ProposalError, match="already proposed"):
		proposal(world, [row(world, name)])


def test_a_district_does_not_propose_to_higher_bodies(world):
	with pytest.raises(ProposalError, match="provincial federation"):
		proposal(world, [row(world, approved(world, world.direct))], proposing_unit=world.districts[0])


def test_only_the_provinces_people_prepare_its_proposals(world):
	name = approved(world, world.direct)
	make_user("up.manager.other@vhcs.test", ["Emulation Manager"], "Vhcs-up-2026!", [world.districts[0]])
	frappe.set_user("up.manager.other@vhcs.test")
	with pytest.raises((ProposalError, frappe.PermissionError)):
		proposal(world, [row(world, name)])
