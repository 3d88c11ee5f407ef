"""Rules of the campaign that were wrong: who may issue a Giấy khen, when reporting starts, and when a
mid-term or final review may be held. Each test failed before its rule was fixed."""

import frappe
import pytest

from vanhoa_congso.rules import reporting, units
from vanhoa_congso.rules.awards import AwardError
from vanhoa_congso.rules.evaluations import EvaluationError
from vanhoa_congso.rules.reporting import ReportingError
from vanhoa_congso.testing import (
	collective,
	make_award,
	make_award_form,
	make_plan,
	make_tree,
	make_unit,
	make_user,
	own_file,
)


@pytest.fixture
def sector_world():
	"""A province with a district federation and an education sector union, each with a grassroots
	union, a Giấy khen for district-level unions and an issued plan."""
	province = make_unit(units.PROVINCE)
	district = make_unit(units.DISTRICT, province.name)
	sector_union = make_unit(
		units.DISTRICT_EQUIVALENT, province.name, union_kind="Sector Union", sector="Giáo dục"
	)
	commendation = make_award_form(
		award_kind="Certificate of Commendation",
		issuing_level=units.DISTRICT,
		other_issuing_levels=[{"level": units.DISTRICT_EQUIVALENT}],
	)
	plan = make_plan(province.name, allow_early_decision=1)
	plan.submit()
	return frappe._dict(
		province=province.name,
		district=district.name,
		sector_union=sector_union.name,
		district_school=make_unit(units.GRASSROOTS, district.name).name,
		sector_school=make_unit(units.GRASSROOTS, sector_union.name, sector="Giáo dục").name,
		commendation=commendation.name,
		plan=plan.name,
	)


# --- Giấy khen of district-equivalent unions


def test_sector_union_issues_the_giay_khen_of_district_level_unions(sector_world):
	award = make_award(
		sector_world.plan,
		sector_world.sector_union,
		[collective(sector_world.sector_school, sector_world.commendation)],
		phase="Full Year",
		phase_year=2024,
	)
	award.submit()
	assert award.docstatus == 1
	# the district federation issues the same form
	make_award(
		sector_world.plan,
		sector_world.district,
		[collective(sector_world.district_school, sector_world.commendation)],
		phase="Full Year",
		phase_year=2024,
	).submit()


def test_form_not_listing_the_issuers_level_is_refused(sector_world):
	district_only = make_award_form(award_kind="Certificate of Commendation", issuing_level=units.DISTRICT)
	before = frappe.db.count("Emulation Award")
	with pytest.raises(AwardError, match="is issued by"):
		make_award(
			sector_world.plan,
			sector_world.sector_union,
			[collective(sector_world.sector_school, district_only.name)],
			phase="Full Year",
			phase_year=2024,
		)
	assert frappe.db.count("Emulation Award") == before


def test_form_of_one_unit_is_issued_by_that_unit_only(sector_world):
	own = make_award_form(
		award_kind="Certificate of Commendation",
		issuing_level=units.DISTRICT_EQUIVALENT,
		issuing_unit=sector_world.sector_union,
	)
	other_sector = make_unit(units.DISTRICT_EQUIVALENT, sector_world.province, union_kind="Sector Union")
	school = make_unit(units.GRASSROOTS, other_sector.name)
	with pytest.raises(AwardError, match="only by"):
		make_award(
			sector_world.plan,
			other_sector.name,
			[collective(school.name, own.name)],
			phase="Full Year",
			phase_year=2024,
		)


def test_a_union_commends_only_units_under_it(sector_world):
	with pytest.raises(AwardError, match="not under"):
		make_award(
			sector_world.plan,
			sector_world.sector_union,
			[collective(sector_world.district_school, sector_world.commendation)],
			phase="Full Year",
			phase_year=2024,
		)


def test_the_same_level_is_listed_once_on_a_form():
	with pytest.raises(frappe.ValidationError, match="listed twice"):
		make_award_form(
			award_kind="Certificate of Commendation",
			issuing_level=units.DISTRICT,
			other_issuing_levels=[{"level": units.DISTRICT}],
		)


# --- reporting periods start when the plan is issued


def test_no_report_is_asked_for_a_period_ended_before_the_plan_was_issued():
	tree = make_tree()
	plan = make_plan(tree.province.name, issue_date="2019-09-13", report_six_monthly=1, report_yearly=1)
	plan.submit()
	asked = reporting.periods(plan)
	assert ("Six-Monthly", 2019) not in asked
	assert asked[:3] == [("Yearly", 2019), ("Six-Monthly", 2020), ("Yearly", 2020)]
	before = frappe.db.count("Emulation Periodic Report")
	with pytest.raises(ReportingError, match="does not ask for"):
		frappe.get_doc(
			{
				"doctype": "Emulation Periodic Report",
				"plan": plan.name,
				"reporting_unit": tree.grassroots.name,
				"period_type": "Six-Monthly",
				"period_year": 2019,
			}
		).insert()
	assert frappe.db.count("Emulation Periodic Report") == before


def test_reminders_skip_periods_before_the_plan():
	tree = make_tree()
	plan = make_plan(
		tree.province.name,
		issue_date="2019-09-13",
		report_six_monthly=1,
		report_yearly=1,
		report_grace_days=15,
		reminder_days=7,
	)
	plan.submit()
	make_user("reminded@vhcs.test", ["Grassroots Union Officer"], "Vhcs-test-2026!", [tree.grassroots.name])
	flagged = reporting.send_reminders("2019-07-14")
	assert (tree.grassroots.name, "Six-Monthly", 2019, "reminder") not in flagged
	assert (tree.grassroots.name, "Yearly", 2019, "reminder") in reporting.send_reminders("2020-01-10")


# --- review phases only in their milestone's year


@pytest.fixture
def reviewed_plan():
	tree = make_tree()
	criteria_set = frappe.get_doc(
		{
			"doctype": "Emulation Criteria Set",
			"set_code": f"RV-{frappe.generate_hash(length=6)}",
			"set_name": "Bộ",
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Emulation Criterion",
			"criteria_set": criteria_set.name,
			"subject_type": "Collective",
			"code": "1",
			"criterion_text": "Tiêu chí 1",
			"assessment_type": "Pass/Fail",
		}
	).insert()
	plan = make_plan(
		tree.province.name,
		criteria_set=criteria_set.name,
		allow_early_decision=1,
		milestones=[
			{"milestone_type": "Launch", "year": 2019},
			{"milestone_type": "Mid-term Review", "year": 2022},
			{"milestone_type": "Final Review", "year": 2025, "milestone_date": "2025-09-02"},
		],
	)
	plan.submit()
	return frappe._dict(tree=tree, plan=plan.name)


def evaluation(world, phase, year):
	return frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"subject_type": "Collective",
			"subject_unit": world.tree.grassroots.name,
		}
	)


@pytest.mark.parametrize("phase,year", [("Final Review", 2019), ("Mid-term Review", 2023)])
def test_review_phase_outside_its_milestone_year_is_refused(reviewed_plan, phase, year):
	before = frappe.db.count("Emulation Evaluation")
	with pytest.raises(EvaluationError, match="holds its"):
		evaluation(reviewed_plan, phase, year).insert()
	assert frappe.db.count("Emulation Evaluation") == before


def test_review_phase_in_its_milestone_year_is_accepted(reviewed_plan):
	doc = evaluation(reviewed_plan, "Final Review", 2025).insert()
	assert str(doc.phase_date) == "2025-09-02"
	evaluation(reviewed_plan, "Mid-term Review", 2022).insert()


def test_plan_without_a_review_milestone_has_no_review_phase():
	tree = make_tree()
	plan = make_plan(tree.province.name, milestones=[{"milestone_type": "Launch", "year": 2019}])
	plan.submit()
	form = make_award_form()
	with pytest.raises(AwardError, match="sets no"):
		make_award(
			plan.name,
			tree.province.name,
			[collective(tree.grassroots.name, form.name)],
			phase="Mid-term Review",
			phase_year=2022,
		)


def test_decision_for_a_review_outside_its_year_is_refused(reviewed_plan):
	form = make_award_form()
	with pytest.raises(AwardError, match="holds its"):
		make_award(
			reviewed_plan.plan,
			reviewed_plan.tree.province.name,
			[collective(reviewed_plan.tree.grassroots.name, form.name)],
			phase="Final Review",
			phase_year=2019,
		)


# --- the 2025 reorganisation: a closed reviewer hands its work over


def sent_for_review(world):
	doc = evaluation(world, "Full Year", 2024).insert()
	doc.items[0].self_result = "Meets"
	doc.append("dossier", {"document_kind": "Achievement Report", "file": own_file("bao-cao.pdf")})
	doc.save()
	from vanhoa_congso.workflow import transition

	transition("Emulation Evaluation", doc.name, "Send for Review")
	return doc.name


def test_a_unit_holding_evaluations_sent_to_it_cannot_close(reviewed_plan):
	from vanhoa_congso.rules.units import ReorganisationError

	district = reviewed_plan.tree.district.name
	sent_for_review(reviewed_plan)
	with pytest.raises(ReorganisationError, match="still waits for"):
		units.reorganise(district, reviewed_plan.tree.province.name, "2025-07-01")
	assert not frappe.db.get_value("Emulation Unit", district, "valid_to")


def test_a_returned_evaluation_of_a_closed_district_goes_straight_to_the_council(reviewed_plan):
	from vanhoa_congso.workflow import transition

	name = sent_for_review(reviewed_plan)
	frappe.db.set_value("Emulation Evaluation", name, "transition_reason", "Bổ sung minh chứng")
	transition("Emulation Evaluation", name, "Return for Revision", "Bổ sung minh chứng")
	units.reorganise(reviewed_plan.tree.district.name, reviewed_plan.tree.province.name, "2025-07-01")
	with pytest.raises(EvaluationError, match="goes straight to the council"):
		transition("Emulation Evaluation", name, "Send for Review")
	doc = frappe.get_doc("Emulation Evaluation", name)
	doc.save()
	assert (doc.reviewing_unit, doc.direct_to_council) == (None, 1)
	transition("Emulation Evaluation", name, "Send to Council")
	assert frappe.db.get_value("Emulation Evaluation", name, "workflow_state") == "Forwarded to Council"
