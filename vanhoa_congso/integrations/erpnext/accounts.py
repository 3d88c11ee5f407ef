"""Which Company and accounts pay each issuing unit's cash prizes (Emulation Accounting Settings)."""

from __future__ import annotations

import frappe
from frappe import _

SETTINGS = "Emulation Accounting Settings"


class AccountingMappingError(frappe.ValidationError):
	pass


def mapping_for(unit: str) -> frappe._dict | None:
	"""The settings' row for `unit`: company, expense_account, paying_account, cost_center."""
	for row in frappe.get_single(SETTINGS).mappings:
		if row.issuing_unit == unit:
			return frappe._dict(row.as_dict())
	return None


def validate_mappings(settings) -> None:
	seen: set[str] = set()
	for row in settings.mappings:
		if row.issuing_unit in seen:
			frappe.throw(
				_("Row {0}: unit {1} is mapped twice; keep one row per issuing unit.").format(
					row.idx, row.issuing_unit
				),
				AccountingMappingError,
			)
		seen.add(row.issuing_unit)
		validate_account(row, "expense_account", ("Expense",))
		validate_account(row, "paying_account", ("Asset", "Liability"))
		if frappe.db.get_value("Account", row.paying_account, "account_type") in ("Receivable", "Payable"):
			# ERPNext wants a party on every line of such an account, and a collective has none
			frappe.throw(
				_(
					"Row {0}: paying account {1} is a receivable or payable account; choose the cash, bank or other account the prizes are paid from."
				).format(row.idx, row.paying_account),
				AccountingMappingError,
			)
		if row.cost_center:
			cost_center = frappe.db.get_value(
				"Cost Center", row.cost_center, ["company", "is_group"], as_dict=True
			)
			if not cost_center or cost_center.company != row.company or cost_center.is_group:
				frappe.throw(
					_(
						"Row {0}: cost center {1} is not a cost center of {2} that takes entries; choose one of that company that is not a group."
					).format(row.idx, row.cost_center, row.company),
					AccountingMappingError,
				)


def validate_account(row, fieldname: str, root_types: tuple[str, ...]) -> None:
	name = row.get(fieldname)
	account = frappe.db.get_value(
		"Account", name, ["company", "root_type", "is_group", "disabled"], as_dict=True
	)
	label = _(frappe.get_meta(row.doctype).get_label(fieldname))
	if not account or account.company != row.company:
		frappe.throw(
			_("Row {0}: {1} {2} is not an account of {3}; choose one of that company's accounts.").format(
				row.idx, label, name, row.company
			),
			AccountingMappingError,
		)
	if account.is_group or account.disabled:
		frappe.throw(
			_("Row {0}: {1} {2} is a group or disabled account; choose one that takes entries.").format(
				row.idx, label, name
			),
			AccountingMappingError,
		)
	if account.root_type not in root_types:
		frappe.throw(
			_("Row {0}: {1} {2} is an account of type {3}; it must be one of: {4}.").format(
				row.idx, label, name, _(account.root_type), ", ".join(_(t) for t in root_types)
			),
			AccountingMappingError,
		)
