"""Optional integrations with other Frappe apps, entered only through the hooks below.

Each hook returns at once when the other app is not installed on the site, so the app runs the same
without it; the integration's own modules (`integrations/erpnext/`) are imported only when it is.
"""

from __future__ import annotations

import frappe

ERPNEXT = "erpnext"


def erpnext_installed() -> bool:
	return ERPNEXT in frappe.get_installed_apps()


def require_erpnext() -> None:
	if not erpnext_installed():
		from frappe import _

		frappe.throw(_("ERPNext is not installed on this site; this action needs it."))


# --- installing and uninstalling, in either order


def after_install() -> None:
	"""This app installed on a site that already has ERPNext."""
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import setup

		setup.install()


def after_app_install(app_name: str) -> None:
	"""ERPNext installed on a site that already has this app."""
	if app_name == ERPNEXT:
		from vanhoa_congso.integrations.erpnext import setup

		setup.install()


def before_uninstall() -> None:
	"""This app leaves: what it added to ERPNext's doctypes goes with it."""
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import setup

		setup.uninstall()


def before_app_uninstall(app_name: str) -> None:
	"""ERPNext leaves: the integration's fields go before ERPNext's doctypes do."""
	if app_name == ERPNEXT:
		from vanhoa_congso.integrations.erpnext import setup

		setup.uninstall()


# --- documents of the app


def on_award_submit(doc, method=None) -> None:
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import posting

		posting.on_issue(doc)


def on_award_update_after_submit(doc, method=None) -> None:
	if erpnext_installed() and doc.flags.revocation:
		from vanhoa_congso.integrations.erpnext import posting

		posting.on_revoke(doc, doc.flags.revocation["row_name"])


def on_award_cancel(doc, method=None) -> None:
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import posting

		posting.on_cancel(doc)


def on_award_onload(doc, method=None) -> None:
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import posting

		doc.set_onload("accounting", posting.accounting_status(doc))


def award_register_posted(columns: list[dict], rows: list[dict]) -> None:
	"""The Award Register's "posted" column: whether each award's money is in the books."""
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import posting

		posting.add_posted_column(columns, rows)


def on_member_validate(doc, method=None) -> None:
	if erpnext_installed():
		from vanhoa_congso.integrations.erpnext import employees

		employees.validate_member(doc)


def on_journal_entry_cancel(doc, method=None) -> None:
	from vanhoa_congso.integrations.erpnext import posting

	posting.on_journal_entry_cancel(doc)


@frappe.whitelist()
def unit_tree_children(doctype: str, parent: str = "", **filters) -> list[dict]:
	"""The unit tree's nodes (frappe's own, permission-aware), with the Company and Department each
	unit stands for when ERPNext is installed."""
	from frappe.desk.treeview import get_children

	nodes = get_children(doctype, parent, **filters)
	if doctype == "Emulation Unit" and nodes and erpnext_installed():
		mapped = {
			row.name: row
			for row in frappe.get_list(
				"Emulation Unit",
				filters={"name": ("in", [node.value for node in nodes]), "erpnext_company": ("is", "set")},
				fields=["name", "erpnext_company", "erpnext_department"],
			)
		}
		for node in nodes:
			row = mapped.get(node.value)
			if row:
				node.erpnext_company = row.erpnext_company
				node.erpnext_department = row.erpnext_department
	return nodes


# --- the demo


def complete_demo_setup() -> None:
	from vanhoa_congso.integrations.erpnext import demo

	demo.complete_setup()


def load_demo() -> dict[str, int]:
	if not erpnext_installed():
		return {}
	from vanhoa_congso.integrations.erpnext import demo

	return demo.load()
