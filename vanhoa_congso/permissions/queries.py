"""Link searches for the fields that must offer units outside the user's own subtree, and exactly those.

Everywhere else a link search lists only what the scope rule lets the user see (the search endpoints
never honour `ignore_user_permissions` for the app's doctypes, see endpoints.py); a unit's parent and a
closed unit's successor may also be a unit above the user's own.
"""

from __future__ import annotations

import frappe
from frappe.utils import nowdate

from vanhoa_congso.permissions import scope
from vanhoa_congso.rules import units

QUERIES = ("parent_units",)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def parent_units(doctype, txt, searchfield, start, page_len, filters):
	"""Open units that can hold others: within the user's units, or above them."""
	allowed = scope.allowed_units(frappe.session.user, units.UNIT)
	unit = frappe.qb.DocType(units.UNIT)
	today = nowdate()
	query = (
		frappe.qb.from_(unit)
		.select(unit.name, unit.unit_name)
		.where(
			(unit.is_group == 1)
			& (unit.valid_to.isnull() | (unit.valid_to >= today))
			& ((unit.name.like(f"%{txt}%")) | (unit.unit_name.like(f"%{txt}%")))
		)
		.orderby(unit.lft)
		.limit(page_len)
		.offset(start)
	)
	excluded = (filters or {}).get("exclude") if isinstance(filters, dict) else None
	if excluded:
		query = query.where(unit.name != excluded)
	if allowed is not None:
		query = query.where(unit.name.isin(sorted(set(allowed) | set(scope.units_above(allowed))) or [""]))
	return query.run()
