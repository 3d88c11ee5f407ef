import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules import units
from vanhoa_congso.rules.plans import DuplicatePlanNumberError, PlanCascadeError, PlanSectionError, QuotaError
from vanhoa_congso.testing import count, make_award_form, make_plan, make_tree, make_unit


def quota(form, subject_type="Collective", maximum=10, reserved=0, sector=None):
	return {
		"award_form": form,
		"subject_type": subject_type,
		"max_count": maximum,
		"reserved_count": reserved,
		"reserved_sector": sector,
	}


def test_duplicate_plan_number_per_issuing_unit_is_refused():
	tree = make_tree()
	make_plan(tree.province.name, plan_number="117/KH-LĐLĐ")
	before = count("Emulation Plan")
	with pytest.raises(DuplicatePlanNumberError, match="already has a plan numbered"):
		make_plan(tree.province.name, plan_number="117/KH-LĐLĐ")
	assert count("Emulation Plan") == before
	# the same number from another unit is a different document
	make_plan(tree.district.name, plan_number="117/KH-LĐLĐ")


def test_a_cancelled_plan_keeps_its_number_and_its_amendment_takes_the_next():
	tree = make_tree()
	plan = make_plan(tree.province.name)
	plan.submit()
	assert plan.plan_number == "01/KH-LĐLĐ"
	plan.cancel()
	amended = frappe.copy_doc(plan, ignore_no_copy=False)
	amended.docstatus = 0
	amended.amended_from = plan.name
	amended.insert()
	amended.submit()
	assert amended.plan_number == "02/KH-LĐLĐ"


def test_a_typed_number_is_free_again_in_another_year():
	tree = make_tree()
	make_plan(tree.province.name, plan_number="117/KH-LĐLĐ", issue_date="2019-09-13")
	make_plan(tree.province.name, plan_number="117/KH-LĐLĐ", issue_date="2020-09-13")
	with pytest.raises(DuplicatePlanNumberError):
		make_plan(tree.province.name, plan_number="117/KH-LĐLĐ", issue_date="2020-10-01")


def test_an_empty_section_row_is_refused():
	tree = make_tree()
	before = count("Emulation Plan")
	with pytest.raises(PlanSectionError, match="is empty"):
		make_plan(
			tree.province.name, sections=[{"heading": "I. MỤC ĐÍCH, YÊU CẦU"}, {"heading_level": "Point"}]
		)
	assert count("Emulation Plan") == before


def test_reserved_quota_above_maximum_is_refused():
	tree = make_tree()
	form = make_award_form()
	before = count("Emulation Plan")
	with pytest.raises(QuotaError, match="exceed the maximum"):
		make_plan(
			tree.province.name, award_quotas=[quota(form.name, maximum=10, reserved=11, sector="Giáo dục")]
		)
	with pytest.raises(QuotaError, match="choose the sector"):
		make_plan(tree.province.name, award_quotas=[quota(form.name, maximum=10, reserved=4)])
	with pytest.raises(QuotaError, match="greater than 0"):
		make_plan(tree.province.name, award_quotas=[quota(form.name, maximum=0)])
	with pytest.raises(QuotaError, match="appears twice"):
		make_plan(tree.province.name, award_quotas=[quota(form.name), quota(form.name)])
	assert count("Emulation Plan") == before


def test_quota_within_limits_is_kept():
	tree = make_tree()
	form = make_award_form()
	plan = make_plan(
		tree.province.name,
		award_quotas=[
			quota(form.name, "Collective", 10, 4, "Giáo dục"),
			quota(form.name, "Individual", 15, 6, "Giáo dục"),
		],
	)
	assert [(row.max_count, row.reserved_count) for row in plan.award_quotas] == [(10, 4), (15, 6)]


def test_parent_plan_must_come_from_a_unit_above():
	tree = make_tree()
	province_plan = make_plan(tree.province.name)
	district_plan = make_plan(tree.district.name, parent_plan=province_plan.name, issue_date="2019-11-15")
	assert district_plan.parent_plan == province_plan.name

	other_province = make_unit(units.PROVINCE)
	foreign_plan = make_plan(other_province.name)
	with pytest.raises(PlanCascadeError, match="not above"):
		make_plan(tree.district.name, parent_plan=foreign_plan.name)


def test_milestone_outside_the_period_is_refused():
	tree = make_tree()
	with pytest.raises(frappe.ValidationError, match="outside the campaign period"):
		make_plan(tree.province.name, milestones=[{"milestone_type": "Final Review", "year": 2026}])
	with pytest.raises(frappe.ValidationError, match="not in year"):
		make_plan(
			tree.province.name,
			milestones=[{"milestone_type": "Final Review", "year": 2025, "milestone_date": "2024-09-02"}],
		)


def test_submitted_plan_is_changed_only_by_amendment():
	tree = make_tree()
	plan = make_plan(tree.province.name)
	plan.submit()
	plan.reload()
	plan.title = "Đổi tiêu đề"
	with pytest.raises(FieldOwnershipError, match="issued"):
		plan.save()
