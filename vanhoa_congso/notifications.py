"""In-app notifications along the approval chain (no e-mailed action links)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import escape_html


def next_roles(doctype: str, state: str) -> set[str]:
	workflow = get_workflow_name(doctype)
	if not workflow:
		return set()
	return set(
		frappe.get_all(
			"Workflow Transition",
			filters={"parent": workflow, "state": state},
			pluck="allowed",
			distinct=True,
		)
	)


def users_with_roles(roles: set[str]) -> list[str]:
	if not roles:
		return []
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return [
		row[0]
		for row in frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where((has_role.role.isin(list(roles))) & (has_role.parenttype == "User") & (user.enabled == 1))
		.run()
	]


def notify_transition(doc, action: str, reason: str | None) -> None:
	"""Tell the next approvers who may see the document; tell the sender when it comes back or is refused."""
	actor = frappe.session.user
	if reason:
		recipients = {doc.owner, doc.sent_by} - {None, actor}
		# the alert is shown as HTML; the reason is what a user typed
		subject = _("{0} {1}: {2}. Reason: {3}").format(
			_(doc.doctype), doc.name, _(doc.workflow_state), escape_html(reason)
		)
	else:
		recipients = {
			user
			for user in users_with_roles(next_roles(doc.doctype, doc.workflow_state))
			if user != actor and frappe.has_permission(doc.doctype, "read", doc=doc, user=user)
		}
		subject = _("{0} {1} is waiting for you: {2}").format(_(doc.doctype), doc.name, _(doc.workflow_state))
	for user in sorted(recipients):
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": actor,
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": subject,
			}
		).insert(ignore_permissions=True)
