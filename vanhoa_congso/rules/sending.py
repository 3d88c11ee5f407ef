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
LAYOUT = frozenset({"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold"})


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


def validate_edit_rights(doc, before, spec: Spec, user: str, acted: bool) -> None:
	"""A new document starts as a draft of its own unit; afterwards, in Draft or Returned the sending
	unit edits it, while it is sent the receiver fills in only its own fields, and once acknowledged
	nobody changes it."""
	if user == "Administrator" and (frappe.flags.in_install or frappe.flags.in_migrate):
		return
	if before is None:
		if (doc.status or DRAFT) != DRAFT and not acted:
			frappe.throw(_("A new {0} starts as a draft.").format(_(doc.doctype)), SendingError)
		if not may_send(doc, spec, user):
			frappe.throw(
				_("You do not act for {0}, so you cannot prepare its {1}.").format(
					doc.get(spec.unit_field), _(doc.doctype)
				),
				SendingError,
			)
		return
	if (before.status or DRAFT) != (doc.status or DRAFT) and not acted:
		frappe.throw(
			_("The status changes only through the actions Send, Acknowledge and Return."), SendingError
		)
	changed = changed_fields(before, doc)
	if not changed:
		return
	status = before.status or DRAFT
	# the unit as stored and as about to be saved: nobody moves a document into another unit's hands
	if status in OPEN and may_send(before, spec, user) and may_send(doc, spec, user):
		return
	if status == SENT and changed <= spec.receiver_fields and may_receive(before, spec, user):
		return
	frappe.throw(
		_("In status {0} you may not change: {1}.").format(_(status), ", ".join(sorted(changed))),
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


def changed_fields(before, after) -> set[str]:
	"""Fields a user typed in (not server-owned, read-only ones) whose value differs."""
	changed = set()
	for df in after.meta.fields:
		if df.fieldtype in LAYOUT or df.read_only or df.fieldname in ACTION_FIELDS:
			continue
		if df.fieldtype in ("Table", "Table MultiSelect"):
			if table_key(before, df) != table_key(after, df):
				changed.add(df.fieldname)
		elif normalised(df.fieldtype, before.get(df.fieldname)) != normalised(
			df.fieldtype, after.get(df.fieldname)
		):
			changed.add(df.fieldname)
	return changed


def table_key(doc, df) -> list[tuple]:
	meta = frappe.get_meta(df.options)
	fields = [f for f in meta.fields if f.fieldtype not in LAYOUT and not f.read_only]
	return [
		tuple(normalised(f.fieldtype, row.get(f.fieldname)) for f in fields)
		for row in doc.get(df.fieldname) or []
	]


def normalised(fieldtype: str, value):
	"""The value as stored, so that a date typed as text and the same date read back compare equal."""
	if value in (None, ""):
		return None
	if fieldtype in ("Int", "Check"):
		return cint(value) or None
	if fieldtype in ("Float", "Currency", "Percent"):
		return flt(value) or None
	if fieldtype == "Date":
		return str(getdate(value))
	if fieldtype == "Datetime":
		return str(get_datetime(value))
	return cstr(value).strip() or None
