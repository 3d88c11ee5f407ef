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


# Names of these doctypes reveal another unit's people or results, so a link search on them always
# applies User Permissions, whatever the client asks.
SCOPED_DOCTYPES = (
	"Emulation Evaluation",
	"Union Member",
	"Emulation Registration",
	"Emulation Nomination Batch",
	"Emulation Review Report",
	"Emulation Upward Proposal",
)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""`frappe.desk.search.search_link`, without the client-controlled bypass for scoped doctypes."""
	from frappe.desk.search import search_link as frappe_search_link

	if doctype in SCOPED_DOCTYPES:
		ignore_user_permissions = False
	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


def allowed_units(user: str) -> list[str] | None:
	"""Units (with their subtrees) the user is tied to, or None when the user is not restricted."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	permissions = get_user_permissions(user).get("Emulation Unit")
	if not permissions:
		return None
	return [row.get("doc") for row in permissions]


def workflow_action_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lists Workflow Actions by role alone, which would show users the names of evaluations of
	other units; keep only the actions on evaluations the user may read."""
	user = user or frappe.session.user
	units = None if user == "Administrator" else allowed_units(user)
	if units is None:
		return ""
	unit_list = ", ".join(frappe.db.escape(unit) for unit in units)
	return (
		"(`tabWorkflow Action`.`reference_doctype` != 'Emulation Evaluation'"
		" or `tabWorkflow Action`.`reference_name` in"
		f" (select `name` from `tabEmulation Evaluation` where `emulation_unit` in ({unit_list})))"
	)


def workflow_action_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool:
	"""Same rule as `workflow_action_query` for a single Workflow Action, on top of frappe's role check."""
	from frappe.workflow.doctype.workflow_action.workflow_action import has_permission as frappe_rule

	user = user or frappe.session.user
	if not frappe_rule(doc, user):
		return False
	if doc.reference_doctype != "Emulation Evaluation":
		return True
	return bool(frappe.has_permission("Emulation Evaluation", "read", doc=doc.reference_name, user=user))
