"""Union members belong to a grassroots union."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from vanhoa_congso.rules import units

ACTIVE = "Active Member"
LEFT = "Left the Union"


class MemberUnitError(frappe.ValidationError):
	pass


def validate_member_unit(unit: str) -> None:
	level = frappe.db.get_value(units.UNIT, unit, "level")
	if level != units.GRASSROOTS:
		frappe.throw(
			_(
				"Unit {0} is a {1}, not a grassroots union. A member must belong to a grassroots union."
			).format(unit, _(level) if level else "?"),
			MemberUnitError,
		)


def validate_member_dates(date_of_birth, status: str, left_on) -> None:
	today = getdate(nowdate())
	if date_of_birth and getdate(date_of_birth) >= today:
		frappe.throw(_("The date of birth must be in the past."))
	if status == LEFT and not left_on:
		frappe.throw(_("Enter the date the member left."))
	if left_on and date_of_birth and getdate(left_on) <= getdate(date_of_birth):
		frappe.throw(_("The date the member left must be after the date of birth."))
