"""Documents a unit sends to the level above, which acknowledges them or returns them for revision:
registrations, review reports, nomination batches.

The status moves only by an action (Send, Acknowledge, Return); in each status only the people who
hold the document may change it, and only its own fields. The rules take the document as it was
stored (`before`) and as it is about to be saved."""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, cstr, flt, get_datetime, getdate, nowdate

from vanhoa_congso.rules import units

DRAFT, SENT, RETURNED, ACKNOWLEDGED, COMPLETED = "Draft", "Sent", "Returned", "Acknowledged", "Completed"
OPEN = (DRAFT, RETURNED)
SEND, ACKNOWLEDGE, RETURN = "Send", "Acknowledge", "Return"
ACTIONS = (SEND, ACKNOWLEDGE, RETURN)
# set by the actions themselves, never typed in
ACTION_FIELDS = frozenset(
	{"status", "sent_by", "sent_on", "acknowledged_by", "acknowledged_on", "return_reason"}
)


class SendingError(frappe.ValidationError):
	pass


@dataclass(frozen=True)
class Spec:
	"""How one doctype is sent up."""

	unit_field: str  # the unit that sends the document; it scopes who may read it
	sender_roles: tuple[str, ...]
	receiver_roles: tuple[str, ...]
	# fields the receiver fills in while the document is with it
	receiver_fields: frozenset[str] = field(default_factory=frozenset)


def has_role(roles: tuple[str, ...], user: str) -> bool:
	return user == "Administrator" or bool(set(roles) & set(frappe.get_roles(user)))


def may_send(doc, spec: Spec, user: str) -> bool:
	return has_role(spec.sender_roles, user) and units.acts_for(doc.get(spec.unit_field), user)


def may_receive(doc, spec: Spec, user: str) -> bool:
	return (
		bool(doc.receiving_unit)
		and has_role(spec.receiver_roles, user)
		and units.acts_for(doc.receiving_unit, user)
	)


def allowed_actions(doc, spec: Spec, user: str) -> list[str]:
	"""The actions the user may take on the document now (the desk shows them as buttons)."""
	status = doc.status or DRAFT
	if status in OPEN:
		return [SEND] if may_send(doc, spec, user) else []
	if status == SENT and may_receive(doc, spec, user) and (user == "Administrator" or user != doc.sent_by):
		return [ACKNOWLEDGE, RETURN]
	return []


def editable_fields(doc, spec: Spec, user: str) -> str | list[str]:
	"""What the user may change now: "all" for the sending unit while the document is open, the
	receiver's own fields while it is sent to them, nothing otherwise (the desk locks the form)."""
	status = doc.status or DRAFT
	if status in OPEN and may_send(doc, spec, user):
		return "all"
	if status == SENT and may_receive(doc, spec, user):
		return sorted(spec.receiver_fields)
	return []


def apply_action(doc, spec: Spec, action: str, reason: str | None, user: str) -> None:
	"""Move the document to its next status and record who did it; refuse an action out of turn."""
	status = doc.status or DRAFT
	if action not in ACTIONS:
		frappe.throw(_("Unknown action {0}.").format(action), SendingError)
	if action == SEND:
		if status not in OPEN:
			frappe.throw(
				_("Only a draft or a returned {0} can be sent.").format(_(doc.doctype)), SendingError
			)
		if not may_send(doc, spec, user):
			frappe.throw(
				_("Only the people of {0} can send this {1}.").format(
					doc.get(spec.unit_field), _(doc.doctype)
				),
				SendingError,
			)
		doc.status = SENT if doc.receiving_unit else COMPLETED
		doc.sent_by, doc.sent_on, doc.return_reason = user, nowdate(), None
		return
	if status != SENT:
		frappe.throw(
			_("This {0} has not been sent, so there is nothing to {1}.").format(
				_(doc.doctype), _(action).lower()
			),
			SendingError,
		)
	if not may_receive(doc, spec, user):
		frappe.throw(
			_("Only the people of {0}, to which it was sent, can acknowledge or return this {1}.").format(
				doc.receiving_unit, _(doc.doctype)
			),
			SendingError,
		)
	if user != "Administrator" and user == doc.sent_by:
		frappe.throw(
			_("You sent this {0}, so you cannot acknowledge or return it yourself.").format(_(doc.doctype)),
			SendingError,
		)
	if action == ACKNOWLEDGE:
		doc.status = ACKNOWLEDGED
		doc.acknowledged_by, doc.acknowledged_on = user, nowdate()
		return
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for returning the {0}.").format(_(doc.doctype)), SendingError)
	doc.status = RETURNED
	doc.return_reason = reason.strip()


def editable_by(doc, before, spec: Spec, user: str) -> set[str] | None:
	"""What the user may change, for the field-ownership rule (permissions/ownership.py): everything
	(None) for the people of the sending unit while the document is open, as stored and as about to be
	saved, so nobody moves a document into another unit's hands; only the receiver's own fields while
	it is sent to them; nothing once acknowledged. The status and who acted are server-owned fields,
	moved by the actions alone."""
	if before is None:
		# who may prepare it depends on its unit, which is derived during the save: validate_preparer
		return None
	status = before.status or DRAFT
	if status in OPEN and may_send(before, spec, user) and may_send(doc, spec, user):
		return None
	if status == SENT and may_receive(before, spec, user):
		return set(spec.receiver_fields)
	return set()


def validate_preparer(doc, spec: Spec, user: str, acted: bool) -> None:
	"""While a document is open it is in the hands of its own unit's people: a new one is prepared by
	them, and nobody hands a draft to another unit (its unit, as derived, stays one the editor acts for)."""
	if acted or (doc.status or DRAFT) not in OPEN:
		return
	if not may_send(doc, spec, user):
		frappe.throw(
			_("You do not act for {0}, so you cannot prepare its {1}.").format(
				doc.get(spec.unit_field), _(doc.doctype)
			),
			SendingError,
		)


def validate_deletion(doc, spec: Spec, user: str) -> None:
	if (doc.status or DRAFT) not in OPEN:
		frappe.throw(_("Only a draft or a returned {0} can be deleted.").format(_(doc.doctype)), SendingError)
	if not may_send(doc, spec, user):
		frappe.throw(
			_("Only the people of {0} can delete its {1}.").format(doc.get(spec.unit_field), _(doc.doctype)),
			SendingError,
		)
