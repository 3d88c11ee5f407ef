"""Clusters, and the combined dossier a reviewing level (or a cluster's leading unit) sends to the
council: ranked evaluations with one submission letter and one set of minutes; and the reviewer's and
the council's comments per criterion."""

import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules.clusters import ClusterError
from vanhoa_congso.rules.evaluations import EvaluationError
from vanhoa_congso.rules.nominations import NominationError
from vanhoa_congso.rules.sending import SendingError
from vanhoa_congso.testing import act, make_campaign_world, make_user, own_file
from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard import emulation_scoreboard
from vanhoa_congso.workflow import transition

PASSWORD = "Vhcs-nom-2026!"
BATCH = "Emulation Nomination Batch"


@pytest.fixture
def world():
	return make_campaign_world("NB")


def cluster(world, members=None, leader=None, kind="Cluster by Area", **fields):
	members = members or world.districts
	return frappe.get_doc(
		{
			"doctype": "Emulation Cluster",
			"plan": world.plan,
			"cluster_name": fields.pop("cluster_name", "Cụm thi đua thử"),
			"cluster_kind": kind,
			"leading_unit": leader or members[0],
			"members": [{"emulation_unit": unit} for unit in members],
			**fields,
		}
	).insert()


def sent_evaluation(world, unit, result="Meets", member=None, send=True):
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Individual" if member else "Collective",
			"subject_unit": None if member else unit,
			"union_member": member,
			"proposed_award_form": world.merit,
			"dossier": [{"document_kind": "Achievement Report", "file": own_file("bao-cao.pdf")}],
		}
	).insert()
	for row in doc.items:
		row.self_result = result
	doc.save()
	if send:
		transition("Emulation Evaluation", doc.name, "Send for Review")
	return frappe.get_doc("Emulation Evaluation", doc.name)


def batch(world, district, evaluations=(), **fields):
	return frappe.get_doc(
		{
			"doctype": BATCH,
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"sending_unit": district,
			"nominations": fields.pop("nominations", None) or [{"evaluation": name} for name in evaluations],
			"letter_number": "15/TTr-LĐLĐ",
			"letter_date": "2025-01-05",
			"submission_letter": own_file("to-trinh.pdf"),
			"meeting_minutes": own_file("bien-ban.pdf"),
			**fields,
		}
	).insert()


# --- clusters


def test_cluster_is_led_by_one_of_its_members(world):
	doc = cluster(world)
	assert [row.unit_name for row in doc.members] == [
		frappe.db.get_value("Emulation Unit", unit, "unit_name") for unit in world.districts
	]
	with pytest.raises(ClusterError, match="must be one of the cluster's member units"):
		cluster(world, kind="Block by Sector", leader=world.direct)


def test_a_unit_is_in_one_cluster_of_each_kind(world):
	cluster(world)
	with pytest.raises(ClusterError, match="already belongs to"):
		cluster(world, members=[world.districts[0], world.direct], cluster_name="Cụm khác")
	# a block is another grouping
	cluster(world, members=[world.districts[0], world.direct], kind="Block by Sector")


def test_cluster_needs_two_distinct_units_of_the_plan(world):
	with pytest.raises(ClusterError, match="at least two"):
		cluster(world, members=[world.districts[0]])
	with pytest.raises(ClusterError, match="listed twice"):
		cluster(world, members=[world.districts[0], world.districts[0]])


def test_only_the_plans_issuer_sets_its_clusters(world):
	make_user("nb.reviewer.cluster@vhcs.test", ["Upper-Level Reviewer"], PASSWORD, [world.districts[0]])
	frappe.set_user("nb.reviewer.cluster@vhcs.test")
	with pytest.raises(ClusterError, match="are set by"):
		cluster(world)


def test_cluster_scoreboard_ranks_the_members_only(world):
	sent_evaluation(world, world.districts[0], send=False)
	sent_evaluation(world, world.grassroots[world.districts[1]][0], send=False)
	doc = cluster(world, members=[world.districts[0], world.districts[1]])
	_c, rows, *_ = emulation_scoreboard.execute({"plan": world.plan, "phase_year": 2024, "cluster": doc.name})
	assert [row["unit"] for row in rows] == [world.districts[0]]


# --- nomination batches


def test_batch_ranks_and_forwards_its_evaluations_to_the_council(world):
	district = world.districts[0]
	best, second = (
		sent_evaluation(world, unit, result)
		for unit, result in zip(world.grassroots[district], ("Meets", "Does Not Meet"), strict=True)
	)
	doc = batch(world, district, [second.name, best.name])
	assert [(row.evaluation, row.rank) for row in doc.nominations] == [(second.name, 2), (best.name, 1)]
	assert doc.receiving_unit == world.province
	doc = act(doc, "Send")
	assert doc.status == "Sent"
	for evaluation in (best, second):
		state, batch_name = frappe.db.get_value(
			"Emulation Evaluation", evaluation.name, ["workflow_state", "nomination_batch"]
		)
		assert (state, batch_name) == ("Forwarded to Council", doc.name)


def test_the_reviewing_level_may_order_the_batch_itself(world):
	district = world.districts[0]
	first, second = (sent_evaluation(world, unit) for unit in world.grassroots[district])
	doc = batch(
		world,
		district,
		nominations=[{"evaluation": first.name, "rank": 2}, {"evaluation": second.name, "rank": 1}],
	)
	assert [row.rank for row in doc.nominations] == [2, 1]
	doc.nominations[0].rank = 1
	with pytest.raises(NominationError, match="Ranks must run from 1 to 2"):
		doc.save()


def test_batch_holds_evaluations_sent_to_its_unit_only(world):
	elsewhere = sent_evaluation(world, world.grassroots[world.districts[1]][0])
	before = frappe.db.count(BATCH)
	with pytest.raises(NominationError, match="was sent to"):
		batch(world, world.districts[0], [elsewhere.name])
	assert frappe.db.count(BATCH) == before


def test_an_evaluation_goes_in_one_batch(world):
	district = world.districts[0]
	evaluation = sent_evaluation(world, world.grassroots[district][0])
	act(batch(world, district, [evaluation.name]), "Send")
	with pytest.raises(NominationError, match="was sent in batch"):
		batch(world, district, [evaluation.name])


def test_batch_is_sent_with_its_letter_and_minutes(world):
	district = world.districts[0]
	doc = batch(
		world, district, [sent_evaluation(world, world.grassroots[district][0]).name], meeting_minutes=None
	)
	with pytest.raises(NominationError, match="Minutes of the Review Meeting"):
		act(doc, "Send")
	assert frappe.db.get_value(BATCH, doc.name, "status") == "Draft"
	assert (
		frappe.db.get_value("Emulation Evaluation", doc.nominations[0].evaluation, "workflow_state")
		== "Sent for Review"
	)


def test_secretary_records_the_session_that_saw_the_batch(world):
	district = world.districts[0]
	doc = act(batch(world, district, [sent_evaluation(world, world.grassroots[district][0]).name]), "Send")
	session = frappe.get_doc(
		{
			"doctype": "Emulation Council Session",
			"plan": world.plan,
			"session_date": "2025-01-15",
			"voting_method": "Secret Ballot",
			"minutes": own_file("bien-ban-hoi-dong.pdf"),
			"council_members": 1,
			"members_present": [{"member_name": "Ủy viên 1"}],
		}
	).insert()
	make_user("nb.secretary@vhcs.test", ["Emulation Council Secretary"], PASSWORD, [world.province])
	frappe.set_user("nb.secretary@vhcs.test")
	doc = frappe.get_doc(BATCH, doc.name)
	doc.council_session, doc.council_note = session.name, "Hội đồng đã xem xét cả hồ sơ"
	doc.save()
	doc.letter_number = "Sửa số tờ trình"
	with pytest.raises(FieldOwnershipError, match="Letter"):
		doc.save()
	doc.reload()
	assert act(doc, "Acknowledge").status == "Acknowledged"


def test_cluster_proposes_its_members_through_its_leading_unit(world):
	doc = cluster(world, members=world.districts, leader=world.districts[0])
	proposal = frappe.get_doc(
		{
			"doctype": BATCH,
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"sending_unit": world.districts[0],
			"cluster": doc.name,
			"nominations": [
				{
					"subject_type": "Collective",
					"subject_unit": world.districts[1],
					"proposed_award_form": world.merit,
					"achievement": "Dẫn đầu cụm thi đua năm 2024",
				}
			],
		}
	).insert()
	assert proposal.nominations[0].subject_name == frappe.db.get_value(
		"Emulation Unit", world.districts[1], "unit_name"
	)
	# a cluster's proposals go to the plan's issuing unit, whoever leads the cluster
	assert proposal.receiving_unit == world.province
	with pytest.raises(NominationError, match="is not a member of cluster"):
		proposal.append(
			"nominations",
			{"subject_type": "Collective", "subject_unit": world.direct, "achievement": "Không thuộc cụm"},
		)
		proposal.save()
	proposal.reload()
	proposal.sending_unit = world.districts[1]
	with pytest.raises(NominationError, match="sent by its leading unit"):
		proposal.save()


# --- comments per criterion


def reviewer_and_secretary(world, district):
	make_user(f"nb.rev.{district.lower()}@vhcs.test", ["Upper-Level Reviewer"], PASSWORD, [district])
	make_user("nb.sec.comments@vhcs.test", ["Emulation Council Secretary"], PASSWORD, [world.province])
	return f"nb.rev.{district.lower()}@vhcs.test", "nb.sec.comments@vhcs.test"


def test_reviewer_comments_per_criterion_while_reviewing(world):
	district = world.districts[0]
	evaluation = sent_evaluation(world, world.grassroots[district][0])
	reviewer, secretary = reviewer_and_secretary(world, district)
	frappe.set_user(reviewer)
	doc = frappe.get_doc("Emulation Evaluation", evaluation.name)
	doc.items[0].review_comment = "Minh chứng đầy đủ"
	doc.save()
	doc.items[0].council_comment = "Không phải việc của cấp huyện"
	with pytest.raises(FieldOwnershipError, match="Council's Comment"):
		doc.save()
	frappe.set_user(secretary)
	doc = frappe.get_doc("Emulation Evaluation", evaluation.name)
	doc.items[0].council_comment = "Sớm quá"
	with pytest.raises(FieldOwnershipError):
		doc.save()


def test_council_comments_per_criterion_once_forwarded(world):
	district = world.districts[0]
	evaluation = sent_evaluation(world, world.grassroots[district][0])
	reviewer, secretary = reviewer_and_secretary(world, district)
	frappe.set_user(reviewer)
	transition("Emulation Evaluation", evaluation.name, "Forward to Council")
	frappe.set_user(secretary)
	doc = frappe.get_doc("Emulation Evaluation", evaluation.name)
	doc.items[0].council_comment = "Hội đồng ghi nhận"
	doc.save()
	assert (
		frappe.db.get_value("Emulation Evaluation Item", doc.items[0].name, "council_comment")
		== "Hội đồng ghi nhận"
	)
	doc.items[0].review_comment = "Sửa ý kiến của cấp huyện"
	with pytest.raises(FieldOwnershipError, match="Reviewer's Comment"):
		doc.save()


def test_submission_letter_prints_the_ranked_list(world):
	district = world.districts[0]
	first, second = (sent_evaluation(world, unit) for unit in world.grassroots[district])
	doc = batch(
		world,
		district,
		[first.name, second.name],
		letter_text="Căn cứ kết quả bình xét <script>alert(1)</script>",
		place="Lai Châu",
	)
	html = frappe.get_print(BATCH, doc.name, print_format="Nomination Submission Letter", doc=doc)
	assert "TỜ TRÌNH" in html and "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in html
	assert "Số: 15/TTr-LĐLĐ" in html and "Lai Châu, ngày 05 tháng 01 năm 2025" in html
	assert first.subject_name in html and second.subject_name in html
	assert "<script>alert(1)</script>" not in html
