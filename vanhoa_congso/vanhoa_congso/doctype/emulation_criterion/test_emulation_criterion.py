import frappe
import pytest

from vanhoa_congso.rules import criteria
from vanhoa_congso.rules.criteria import CriterionError
from vanhoa_congso.testing import count


def make_set(code="T-SET"):
	return frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": code, "set_name": "Bộ thử"}
	).insert()


def make_criterion(criteria_set, code, **fields):
	return frappe.get_doc(
		{
			"doctype": "Emulation Criterion",
			"criteria_set": criteria_set,
			"subject_type": fields.pop("subject_type", "Collective"),
			"code": code,
			"criterion_text": fields.pop("criterion_text", f"Tiêu chí {code}"),
			**fields,
		}
	).insert()


def test_non_positive_maximum_is_refused():
	criteria_set = make_set()
	before = count("Emulation Criterion")
	for maximum in (0, -5):
		with pytest.raises(CriterionError, match="greater than 0"):
			make_criterion(criteria_set.name, "1.1", assessment_type="Score", max_score=maximum)
	assert count("Emulation Criterion") == before


def test_tree_of_groups_and_items():
	criteria_set = make_set()
	group = make_criterion(criteria_set.name, "1.1", is_group=1)
	item = make_criterion(
		criteria_set.name,
		"1.1.1",
		parent_emulation_criterion=group.name,
		assessment_type="Score",
		max_score=10,
	)
	lone = make_criterion(criteria_set.name, "1.2", assessment_type="Pass/Fail")
	assert item.name == f"{criteria_set.name}-1.1.1"
	leaves = criteria.get_assessable_criteria(criteria_set.name, "Collective")
	assert [row.code for row in leaves] == ["1.1.1", "1.2"]
	assert lone.assessment_type == "Pass/Fail"


def test_item_cannot_hang_under_another_subject_type_or_an_item():
	criteria_set = make_set()
	group = make_criterion(criteria_set.name, "1.1", is_group=1)
	item = make_criterion(
		criteria_set.name, "1.1.1", parent_emulation_criterion=group.name, assessment_type="Pass/Fail"
	)
	with pytest.raises(CriterionError, match="another criteria set or subject type"):
		make_criterion(
			criteria_set.name,
			"1.2.1",
			subject_type="Individual",
			parent_emulation_criterion=group.name,
			assessment_type="Pass/Fail",
		)
	with pytest.raises(CriterionError, match="not a group"):
		make_criterion(
			criteria_set.name, "1.1.1.1", parent_emulation_criterion=item.name, assessment_type="Pass/Fail"
		)


def test_duplicate_code_in_a_set_is_refused():
	criteria_set = make_set()
	make_criterion(criteria_set.name, "1.1", assessment_type="Pass/Fail")
	with pytest.raises(CriterionError, match="already used"):
		make_criterion(criteria_set.name, "1.1", assessment_type="Pass/Fail")


def test_item_needs_an_assessment_type():
	criteria_set = make_set()
	with pytest.raises((CriterionError, frappe.MandatoryError)):
		make_criterion(criteria_set.name, "1.1")
