"""Mid-term and final review reports: figures rolled up from the units to the district and the
province on the tree of the review date, results by criteria group, good models, the conference."""

import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules import units
from vanhoa_congso.rules.reviews import ReviewReportError
from vanhoa_congso.rules.sending import SendingError
from vanhoa_congso.testing import act, make_award, make_campaign_world, make_registration

REPORT = "Emulation Review Report"


@pytest.fixture
def world():
	return make_campaign_world("RV")


def report(world, unit, review_type="Mid-term Review", year=2022, **fields):
	return frappe.get_doc(
		{
			"doctype": REPORT,
			"plan": world.plan,
			"review_type": review_type,
			"review_year": year,
			"reporting_unit": unit,
			"results_summary": fields.pop("results_summary", "Phong trào được triển khai sâu rộng."),
			**fields,
		}
	).insert()


def evaluate(world, unit, result="Meets", member=None, year=2022, phase="Mid-term Review"):
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"subject_type": "Individual" if member else "Collective",
			"subject_unit": None if member else unit,
			"union_member": member,
		}
	).insert()
	for row in doc.items:
		row.self_result = result
	doc.save()
	return doc


def test_review_report_only_in_the_milestone_year(world):
	before = frappe.db.count(REPORT)
	with pytest.raises(ReviewReportError, match="holds its"):
		report(world, world.districts[0], year=2023)
	assert frappe.db.count(REPORT) == before


def test_figures_roll_up_from_the_units_to_the_district_and_the_province(world):
	district_a, district_b = world.districts
	school_a1, school_a2 = world.grassroots[district_a]
	evaluate(world, school_a1)
	evaluate(world, school_a2, "Does Not Meet")
	evaluate(world, world.grassroots[district_b][0])
	evaluate(world, None, member=world.members[school_a1])
	act(act(make_registration(world.plan, school_a1, targets=[world.commendation]), "Send"), "Acknowledge")
	grassroots = report(
		world, school_a1, participating_members=40, good_models=[{"model_name": "Công sở xanh"}]
	)
	act(grassroots, "Send")
	district = report(world, district_a, participating_members=5)
	assert district.receiving_unit == world.province
	assert district.units_covered == 2
	assert (district.evaluated_collectives, district.evaluated_individuals) == (2, 1)
	assert district.registered_units == 1 and district.excellent_count == 2
	by_unit = {row.emulation_unit: row for row in district.unit_figures}
	assert set(by_unit) == {school_a1, school_a2}
	assert (by_unit[school_a1].participating_members, by_unit[school_a1].good_models) == (40, 1)
	assert by_unit[school_a2].report_status == "Not Sent"
	assert district.total_participating_members == 45 and district.total_good_models == 1
	collective_rows = [row for row in district.group_results if row.subject_type == "Collective"]
	assert [(row.group_code, row.evaluations, row.average_percent) for row in collective_rows] == [
		("C1", 2, 50),
		("C2", 2, 50),
	]
	act(district, "Send")
	province = report(world, world.province)
	assert province.receiving_unit is None and province.units_covered == 7
	assert province.evaluated_collectives == 3
	assert {row.emulation_unit for row in province.unit_figures} >= {district_a, school_a1, world.direct}
	# the grassroots union's own figures are counted once, though they appear beside its district's
	assert province.total_participating_members == 45
	assert act(province, "Send").status == "Completed"


def test_a_past_review_rolls_up_the_tree_of_its_date(world):
	district_a = world.districts[0]
	school = world.grassroots[district_a][0]
	evaluate(world, school)
	units.reorganise(district_a, world.province, "2025-07-01", "Chấm dứt hoạt động LĐLĐ huyện")
	district = report(world, district_a)
	assert district.units_covered == 2 and district.evaluated_collectives == 1
	final = report(world, school, "Final Review", 2025)
	assert final.receiving_unit == world.province


def test_a_unit_reports_once_per_review(world):
	report(world, world.districts[0])
	with pytest.raises(ReviewReportError, match="already has review report"):
		report(world, world.districts[0])


def test_good_models_come_from_the_units_covered(world):
	with pytest.raises(ReviewReportError, match="not .* or a unit below it"):
		report(
			world, world.districts[0], good_models=[{"model_name": "Mô hình", "emulation_unit": world.direct}]
		)


def test_conference_lists_the_awards_presented(world):
	district = world.districts[0]
	school = world.grassroots[district][0]
	decision = make_award(
		world.plan,
		district,
		[{"subject_type": "Collective", "subject_unit": school, "award_form": world.commendation}],
		phase="Mid-term Review",
		phase_year=2022,
		decision_date="2022-12-10",
	)
	with pytest.raises(ReviewReportError, match="not an issued decision"):
		report(world, district, awards_presented=[{"emulation_award": decision.name}])
	decision.submit()
	doc = report(
		world,
		district,
		conference_date="2022-12-15",
		participant_count=60,
		participants=[{"participant_name": "Đại diện LĐLĐ tỉnh", "position": "Phó Chủ tịch"}],
		awards_presented=[{"emulation_award": decision.name}],
	)
	assert (doc.awards_presented[0].decision_number, doc.awards_presented[0].recipient_count) == (
		decision.decision_number,
		1,
	)
	assert doc.commended_collectives == 1


def test_sending_needs_the_results_written(world):
	doc = report(world, world.districts[0], results_summary="")
	with pytest.raises(ReviewReportError, match="results achieved"):
		act(doc, "Send")


def test_a_sent_report_is_frozen(world):
	doc = act(report(world, world.districts[0]), "Send")
	doc.lessons = "Sửa sau khi gửi"
	with pytest.raises(FieldOwnershipError, match="Lessons"):
		doc.save()


def test_commended_individuals_are_broken_down(world):
	school = world.grassroots[world.districts[0]][0]
	member = world.members[school]
	frappe.db.set_value("Union Member", member, {"ethnic_group": "Thái", "is_leader": 1})
	evaluate(world, None, member=member)
	make_award(
		world.plan,
		world.districts[0],
		[{"subject_type": "Individual", "union_member": member, "award_form": world.commendation}],
		phase="Mid-term Review",
		phase_year=2022,
		decision_date="2022-12-10",
	).submit()
	doc = report(world, world.districts[0])
	assert (doc.commended_individuals, doc.commended_women, doc.commended_ethnic_minority) == (1, 1, 1)
	assert (doc.commended_leaders, doc.commended_front_line) == (1, 0)


def test_the_units_assessment_of_a_group_survives_a_refresh_in_another_language(world):
	doc = report(world, world.districts[0])
	doc.group_results[0].assessment = "Các đơn vị ban hành đầy đủ quy chế"
	doc.save()
	frappe.local.lang = "vi"
	try:
		doc = frappe.get_doc(REPORT, doc.name)
		doc.lessons = "Bài học"
		doc.save()
	finally:
		frappe.local.lang = "en"
	assert (
		frappe.get_doc(REPORT, doc.name).group_results[0].assessment == "Các đơn vị ban hành đầy đủ quy chế"
	)


def test_a_refresh_updates_the_figures_in_place(world):
	doc = report(world, world.districts[0])
	names = [row.name for row in doc.unit_figures + doc.group_results]
	evaluate(world, world.grassroots[world.districts[0]][0])
	doc = frappe.get_doc(REPORT, doc.name)
	doc.lessons = "Cập nhật"
	doc.save()
	assert [row.name for row in doc.unit_figures + doc.group_results] == names
	assert doc.evaluated_collectives == 1
	assert [row.evaluations for row in doc.group_results if row.subject_type == "Collective"] == [1, 1]
