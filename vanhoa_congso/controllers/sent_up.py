"""Base controller and endpoint for documents a unit sends up to the level above.

The status and who acted are server-owned: `act` only raises a flag, and the controller applies the
action in its own lifecycle (`rules.sending.apply_action`), so a REST PUT cannot move the status."""

from __future__ import annotations

import frappe
from frappe import _

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import sending

# doctypes whose controllers derive from SentUpDocument
SENT_UP_DOCTYPES = ("Emulation Registration", "Emulation Review Report", "Emulation Nomination Batch")


class SentUpDocument(AppDocument):
	SPEC: sending.Spec

	def set_receiving_unit(self) -> None:
		"""Derive `receiving_unit` while the document is with its unit."""
		raise NotImplementedError

	def validate_ready_to_send(self) -> None:
		"""Checks the document must pass before it leaves its unit."""

	def onload(self):
		user = frappe.session.user
		self.set_onload("sent_up_actions", sending.allowed_actions(self, self.SPEC, user))
		self.set_onload("sent_up_editable", sending.editable_fields(self, self.SPEC, user))

	def apply_sent_up_action(self) -> None:
		"""Call from before_validate: refresh what is derived, then apply the action raised by `act`."""
		if (self.status or sending.DRAFT) in sending.OPEN:
			self.set_receiving_unit()
		action = self.flags.sent_up_action
		if not action:
			return
		if action == sending.SEND:
			self.validate_ready_to_send()
		sending.apply_action(self, self.SPEC, action, self.flags.sent_up_reason, frappe.session.user)

	def editable_fields(self, before, roles: set[str]) -> set[str] | None:
		return sending.editable_by(self, before, self.SPEC, frappe.session.user)

	def validate_sent_up_rights(self) -> None:
		"""Call from validate, once the document's unit is derived."""
		sending.validate_preparer(self, self.SPEC, frappe.session.user, bool(self.flags.sent_up_action))

	def on_trash(self):
		sending.validate_deletion(self, self.SPEC, frappe.session.user)

	def record_sent_up_action(self) -> None:
		"""Call from on_update: the timeline entry and the alerts of an action."""
		action = self.flags.sent_up_action
		if not action:
			return
		text = _("{0}: {1}").format(_(action), _(self.status))
		if self.return_reason and self.status == sending.RETURNED:
			text += " — " + _("Reason: {0}").format(self.return_reason)
		self.add_comment("Info", text)
		notify(self, action)


def notify(doc, action: str) -> None:
	"""Tell the receiving unit a document arrived, and the sender what became of it."""
	from vanhoa_congso.notifications import users_with_roles
	from vanhoa_congso.rules import units

	actor = frappe.session.user
	if action == sending.SEND:
		recipients = {
			user
			for user in users_with_roles(set(doc.SPEC.receiver_roles))
			if doc.receiving_unit and units.acts_for(doc.receiving_unit, user)
		}
		subject = _("{0} {1} from {2} is waiting for you.").format(
			_(doc.doctype), doc.name, doc.get(doc.SPEC.unit_field)
		)
	else:
		recipients = {doc.sent_by, doc.owner}
		subject = _("{0} {1}: {2}").format(_(doc.doctype), doc.name, _(doc.status))
		if doc.status == sending.RETURNED:
			subject += ". " + _("Reason: {0}").format(doc.return_reason)
	for user in sorted(recipients - {None, actor}):
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


@frappe.whitelist(methods=["POST"])
def act(doctype: str, name: str, action: str, reason: str | None = None) -> str:
	"""Send, acknowledge or return a document; returns its new status."""
	if doctype not in SENT_UP_DOCTYPES:
		frappe.throw(_("{0} is not sent up to the level above in this app.").format(doctype))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	doc.flags.sent_up_action = action
	doc.flags.sent_up_reason = reason
	doc.save()
	return doc.status
