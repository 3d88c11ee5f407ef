"""Emulation plans: numbering, cascade from the level above, quotas and milestones."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate

from vanhoa_congso.rules import prizes, units

PLAN = "Emulation Plan"


class DuplicatePlanNumberError(frappe.ValidationError):
	pass


class QuotaError(frappe.ValidationError):
	pass


class PlanCascadeError(frappe.ValidationError):
	pass


class PlanSectionError(frappe.ValidationError):
	pass


def validate_unique_number(plan_number: str | None, issuing_unit: str, issue_date, name: str | None) -> None:
	"""A typed number/symbol is used once per issuing unit and year, by drafts, issued and cancelled plans
	alike: a cancelled plan keeps its number and its amendment takes a new one. An empty number is
	given by the register when the plan is issued."""
	if not plan_number or not issue_date:
		return
	year = getdate(issue_date).year
	plan = frappe.qb.DocType(PLAN)
	query = (
		frappe.qb.from_(plan)
		.select(plan.name)
		.where(
			(plan.plan_number == plan_number)
			& (plan.issuing_unit == issuing_unit)
			& (plan.issue_date.between(f"{year}-01-01", f"{year}-12-31"))
		)
		.limit(1)
	)
	if name:
		query = query.where(plan.name != name)
	existing = query.run()
	if existing:
		frappe.throw(
			_("Unit {0} already has a plan numbered {1} ({2}). Use another number/symbol.").format(
				issuing_unit, plan_number, existing[0][0]
			),
			DuplicatePlanNumberError,
		)


def validate_period(from_year: int, to_year: int) -> None:
	if cint(from_year) <= 0 or cint(to_year) <= 0 or cint(to_year) < cint(from_year):
		frappe.throw(
			_(
				"The campaign period {0}–{1} is not valid: the end year must not be before the start year."
			).format(from_year, to_year)
		)


def validate_parent_plan(parent_plan: str | None, issuing_unit: str, issue_date, name: str | None) -> None:
	"""A plan implements a plan issued by a unit above its own issuing unit."""
	if not parent_plan:
		return
	if parent_plan == name:
		frappe.throw(_("A plan cannot implement itself."), PlanCascadeError)
	parent = frappe.db.get_value(PLAN, parent_plan, ["issuing_unit", "docstatus"], as_dict=True)
	if not parent:
		frappe.throw(_("Parent plan {0} does not exist.").format(parent_plan), PlanCascadeError)
	if parent.docstatus == 2:
		frappe.throw(
			_("Parent plan {0} is cancelled; choose the plan that replaced it.").format(parent_plan),
			PlanCascadeError,
		)
	ancestors = units.get_ancestors_on(issuing_unit, issue_date)
	if parent.issuing_unit not in ancestors:
		frappe.throw(
			_("Parent plan {0} was issued by {1}, which is not above {2} on the issue date.").format(
				parent_plan, parent.issuing_unit, issuing_unit
			),
			PlanCascadeError,
		)


def validate_quotas(rows) -> None:
	"""Each line: a positive maximum, a reservation within it and tied to a sector, one line per form,
	subject and counting period (a form may be limited per year and for the whole campaign at once)."""
	seen: set[tuple[str, str, str]] = set()
	for row in rows:
		row.quota_scope = row.quota_scope or "Year"
		key = (row.award_form, row.subject_type, row.quota_scope)
		if key in seen:
			frappe.throw(
				_(
					"Row {0}: award form {1} for {2} counted per {3} appears twice. Keep one line per award form, subject type and counting period."
				).format(row.idx, row.award_form, _(row.subject_type), _(row.quota_scope)),
				QuotaError,
			)
		seen.add(key)

		maximum, reserved = cint(row.max_count), cint(row.reserved_count)
		if maximum <= 0:
			frappe.throw(
				_("Row {0}: the maximum number of awards must be greater than 0.").format(row.idx), QuotaError
			)
		if reserved < 0 or reserved > maximum:
			frappe.throw(
				_(
					"Row {0}: {1} reserved awards exceed the maximum of {2}. Lower the reserved number."
				).format(row.idx, reserved, maximum),
				QuotaError,
			)
		if reserved and not row.reserved_sector:
			frappe.throw(
				_("Row {0}: choose the sector the {1} reserved awards are for.").format(row.idx, reserved),
				QuotaError,
			)
		form_subject_type = frappe.db.get_value("Award Form", row.award_form, "subject_type")
		if form_subject_type and not prizes.applies_to(form_subject_type, row.subject_type):
			frappe.throw(
				_("Row {0}: award form {1} is not given to subjects of type {2}.").format(
					row.idx, row.award_form, _(row.subject_type)
				),
				QuotaError,
			)


def validate_milestones(rows, from_year: int, to_year: int) -> None:
	for row in rows:
		if not cint(from_year) <= cint(row.year) <= cint(to_year):
			frappe.throw(
				_("Row {0}: milestone year {1} is outside the campaign period {2}–{3}.").format(
					row.idx, row.year, from_year, to_year
				)
			)
		if row.milestone_date and getdate(row.milestone_date).year != cint(row.year):
			frappe.throw(
				_("Row {0}: the milestone date {1} is not in year {2}.").format(
					row.idx, frappe.format(row.milestone_date, "Date"), row.year
				)
			)


def validate_sections(rows) -> None:
	"""Each section of the plan's text has a heading or some text to print."""
	for row in rows:
		if not (row.heading or "").strip() and not (row.content or "").strip() and not row.criteria_for:
			frappe.throw(
				_("Section row {0} is empty; write its heading or its text, or delete the row.").format(
					row.idx
				),
				PlanSectionError,
			)
