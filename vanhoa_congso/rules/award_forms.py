"""Award forms: which unit may issue which form, to whom, and who issues it for the unit."""

from __future__ import annotations

import frappe
from frappe import _

from vanhoa_congso.rules import units

# Bodies outside the union tree that give awards the province proposes (seed 001, §IV: "đề nghị khen
# thưởng các cấp"): the Confederation's Bằng khen and Cờ thi đua, the provincial People's Committee's.
CONFEDERATION = "Vietnam General Confederation of Labour"
PEOPLES_COMMITTEE = "Provincial People's Committee"
HIGHER_BODIES = (CONFEDERATION, PEOPLES_COMMITTEE)


class AwardFormError(frappe.ValidationError):
	pass


def issuing_levels(form) -> list[str]:
	"""The form's issuing level first, then the other levels that issue it."""
	levels = [form.issuing_level]
	for row in form.get("other_issuing_levels") or []:
		if row.level and row.level not in levels:
			levels.append(row.level)
	return levels


def validate_levels(form) -> None:
	"""Each level once; a form given by a body outside the union tree is given by that body alone."""
	seen = {form.issuing_level}
	for row in form.get("other_issuing_levels") or []:
		if row.level in seen:
			frappe.throw(
				_("Row {0}: level {1} is listed twice; keep it once.").format(row.idx, _(row.level)),
				AwardFormError,
			)
		seen.add(row.level)
	if form.issuing_level in HIGHER_BODIES and len(seen) > 1:
		frappe.throw(
			_("A form given by the {0} is not issued by union levels; remove the other levels.").format(
				_(form.issuing_level)
			),
			AwardFormError,
		)
	if form.issuing_unit and form.issuing_level in HIGHER_BODIES:
		frappe.throw(
			_(
				"A form given by the {0} has no issuing unit in the union tree; clear the issuing unit."
			).format(_(form.issuing_level)),
			AwardFormError,
		)


def validate_issuer(form, issuing_unit: str, issuing_level: str, idx: int, exc: type[Exception]) -> None:
	"""The decision's issuing unit may give this form: its level is one the form lists (seed 000 gives
	the Giấy khen to district federations, sector unions and the public employees' union alike) and,
	for a form of one named unit, it is that unit."""
	if issuing_level not in issuing_levels(form):
		frappe.throw(
			_("Row {0}: award form {1} is issued by a {2}, but this decision is issued by a {3}.").format(
				idx, form.name, ", ".join(_(level) for level in issuing_levels(form)), _(issuing_level)
			),
			exc,
		)
	if form.issuing_unit and form.issuing_unit != issuing_unit:
		frappe.throw(
			_("Row {0}: award form {1} is issued only by {2}.").format(idx, form.name, form.issuing_unit),
			exc,
		)


def validate_recipient_under_issuer(
	unit: str | None, issuing_unit: str, subtree: set[str], idx: int, subject: str | None, exc
) -> None:
	"""A union commends the units (and their members) under it, as the tree stood on the decision date;
	`subtree` is `units.descendants_on(issuing_unit, decision date)`."""
	if unit and unit not in subtree:
		frappe.throw(
			_("Row {0}: {1} is not under {2} on the decision date, so {2} cannot commend it.").format(
				idx, subject or unit, issuing_unit
			),
			exc,
		)


def validate_issuer_in_scope(issuing_unit: str, exc: type[Exception]) -> None:
	"""A user tied to units issues and changes decisions of those units only: a district officer
	decides the district's Giấy khen, never the province's Bằng khen."""
	if not units.acts_for(issuing_unit):
		frappe.throw(
			_("You act for {0}, so you cannot issue or change a decision of {1}.").format(
				", ".join(units.units_of_user() or []), issuing_unit
			),
			exc,
		)
