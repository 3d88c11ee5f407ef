"""Workflow entry points for the app's approval chain.

Frappe checks workflow transitions on save, but lets a user with write permission change
`workflow_state` by a plain REST PUT and submit or cancel directly (frappe.client.submit). The
evaluation controller therefore accepts a state or docstatus change only while the flag set here is
up, that is, only inside `apply_workflow`.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow as frappe_apply_workflow
from frappe.model.workflow import bulk_workflow_approval as frappe_bulk_workflow_approval
from frappe.model.workflow import get_workflow_name

GUARDED_DOCTYPES = ("Emulation Evaluation",)
MAX_BATCH = 500


def in_workflow_action() -> str | None:
	return frappe.flags.vhcs_workflow_action


@frappe.whitelist()
def apply_workflow(doc, action):
	"""frappe.model.workflow.apply_workflow, marking the transition as legitimate for guarded doctypes."""
	previous = frappe.flags.vhcs_workflow_action
	frappe.flags.vhcs_workflow_action = action
	try:
		return frappe_apply_workflow(doc, action)
	finally:
		frappe.flags.vhcs_workflow_action = previous


@frappe.whitelist()
def transition(doctype: str, name: str, action: str, reason: str | None = None):
	"""Apply `action` to one document, recording `reason` first (required to return or refuse)."""
	if doctype not in GUARDED_DOCTYPES:
		frappe.throw(_("{0} has no approval chain in this app.").format(doctype))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	if reason is not None and (reason or "").strip() != (doc.transition_reason or "").strip():
		doc.transition_reason = reason
		doc.save()
	return apply_workflow(doc.as_dict(), action)


@frappe.whitelist()
def bulk_transition(doctype: str, names, action: str, reason: str | None = None) -> list[str]:
	"""Apply `action` to every document in `names`, all or nothing."""
	if isinstance(names, str):
		names = json.loads(names)
	names = list(dict.fromkeys(names or []))
	if not names:
		frappe.throw(_("Select at least one document."))
	if len(names) > MAX_BATCH:
		frappe.throw(_("Select at most {0} documents at a time.").format(MAX_BATCH))

	savepoint = "vhcs_bulk_transition"
	frappe.db.savepoint(savepoint)
	failed = None
	for name in names:
		try:
			transition(doctype, name, action, reason)
		except Exception as error:
			failed = (name, error)
			break
	if failed:
		frappe.db.rollback(save_point=savepoint)
		frappe.local.message_log = []
		name, error = failed
		frappe.throw(
			_("Nothing was changed: {0} could not be processed ({1}).").format(
				name, frappe.utils.strip_html(str(error))
			),
			title=_("Bulk action refused"),
		)
	frappe.db.release_savepoint(savepoint)
	return names


@frappe.whitelist()
def bulk_workflow_approval(docnames, doctype, action):
	"""The list view's workflow actions (frappe.model.workflow.bulk_workflow_approval). For the app's
	approval chain they go through `bulk_transition`, all or nothing, within the request: frappe's own
	version commits each document on its own, past 20 documents in a background job, so a failure or
	a killed worker would leave half of a batch moved."""
	if doctype not in GUARDED_DOCTYPES:
		# frappe's own, for other apps' workflows; it commits and rolls back as it goes, so it is not
		# reached for a doctype without a workflow, where it would only fail
		if not isinstance(doctype, str) or not get_workflow_name(doctype):
			frappe.throw(_("{0} has no approval chain in this app.").format(doctype))
		return frappe_bulk_workflow_approval(docnames, doctype, action)
	names = bulk_transition(doctype, docnames, action)
	frappe.msgprint(
		_("{0}: done for {1} documents.").format(_(action), len(names)), indicator="green", alert=True
	)
	return names
