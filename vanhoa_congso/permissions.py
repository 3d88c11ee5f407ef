"""Permission helpers shared by the app's endpoints."""

from __future__ import annotations

import frappe
from frappe.client import get_count as frappe_get_count


def is_app_doctype(doctype: str) -> bool:
	return frappe.db.get_value("DocType", doctype, "module", cache=True) in frappe.get_module_list(
		"vanhoa_congso"
	)


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""`frappe.client.get_count`, made to respect permissions for this app's doctypes.

	Frappe v15 counts with `frappe.db.count`, which ignores User Permissions, so a user could learn
	how many evaluations or members another unit has. The desk's own list count is permission-aware;
	use the same query for the app's doctypes and leave other doctypes to frappe.
	"""
	if not is_app_doctype(doctype):
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	from frappe.desk.reportview import get_count as reportview_get_count

	frappe.local.form_dict.update({"doctype": doctype, "filters": filters})
	return reportview_get_count()
