"""Shared pieces of the app's script reports: unit subtrees and the user's scope."""

from __future__ import annotations

import frappe

from vanhoa_congso.permissions.scope import allowed_units

UNIT = "Emulation Unit"


def subtree(unit: str) -> list[str]:
	"""`unit` and every unit below it in the current tree."""
	bounds = frappe.db.get_value(UNIT, unit, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	table = frappe.qb.DocType(UNIT)
	return [
		row[0]
		for row in frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft >= bounds.lft) & (table.rgt <= bounds.rgt))
		.run()
	]


def scoped_units(unit_filter: str | None = None) -> list[str] | None:
	"""Units a report may show: the filter's subtree, narrowed to the user's own units (None = all)."""
	allowed = allowed_units(frappe.session.user) if frappe.session.user != "Administrator" else None
	chosen = subtree(unit_filter) if unit_filter else None
	if allowed is None:
		return chosen
	if chosen is None:
		return allowed
	allowed_set = set(allowed)
	return [unit for unit in chosen if unit in allowed_set]


def unit_names(names) -> dict[str, str]:
	if not names:
		return {}
	table = frappe.qb.DocType(UNIT)
	return dict(
		frappe.qb.from_(table).select(table.name, table.unit_name).where(table.name.isin(list(names))).run()
	)
