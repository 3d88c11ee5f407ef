"""Emulation criteria: a tree of groups and assessable items inside a named criteria set."""

from __future__ import annotations

import frappe
from frappe import _

CRITERION = "Emulation Criterion"
PASS_FAIL = "Pass/Fail"
SCORE = "Score"


class CriterionError(frappe.ValidationError):
	pass


def validate_assessment(is_group: bool, assessment_type: str | None, max_score: float | None, weight) -> None:
	"""An item is assessed either as meets / does not meet or by a score up to a positive maximum."""
	if is_group:
		return
	if assessment_type not in (PASS_FAIL, SCORE):
		frappe.throw(
			_("Choose how this criterion is assessed: Pass/Fail or Score."),
			CriterionError,
		)
	if assessment_type == SCORE and (max_score is None or max_score <= 0):
		frappe.throw(
			_("The maximum score must be greater than 0 (got {0}). Enter a positive maximum.").format(
				max_score or 0
			),
			CriterionError,
		)
	if weight is not None and weight <= 0:
		frappe.throw(
			_("The weight must be greater than 0 (got {0}).").format(weight),
			CriterionError,
		)


def validate_parent(criteria_set: str, subject_type: str, parent: str | None) -> None:
	"""A criterion sits under a group of the same set and subject type."""
	if not parent:
		return
	values = frappe.db.get_value(
		CRITERION, parent, ["criteria_set", "subject_type", "is_group"], as_dict=True
	)
	if not values:
		frappe.throw(_("Parent group {0} does not exist.").format(parent), CriterionError)
	if values.criteria_set != criteria_set or values.subject_type != subject_type:
		frappe.throw(
			_("Parent group {0} belongs to another criteria set or subject type.").format(parent),
			CriterionError,
		)
	if not values.is_group:
		frappe.throw(
			_("{0} is an assessable item, not a group; choose a group as the parent.").format(parent),
			CriterionError,
		)


def validate_unique_code(criteria_set: str, code: str, name: str | None) -> None:
	filters = {"criteria_set": criteria_set, "code": code}
	if name:
		filters["name"] = ("!=", name)
	if frappe.db.exists(CRITERION, filters):
		frappe.throw(
			_("Code {0} is already used in criteria set {1}. Give this criterion another code.").format(
				code, criteria_set
			),
			CriterionError,
		)


def get_assessable_criteria(criteria_set: str, subject_type: str) -> list[dict]:
	"""The leaves of the set for one subject type, in document order."""
	return frappe.get_all(
		CRITERION,
		filters={"criteria_set": criteria_set, "subject_type": subject_type, "is_group": 0},
		fields=["name", "code", "criterion_text", "assessment_type", "max_score", "weight"],
		order_by="lft asc",
	)
