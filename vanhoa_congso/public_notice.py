"""The public notice (công khai) of proposed award lists: a page without login, and comments on it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import escape_html, getdate, nowdate

AWARD = "Emulation Award"
MAX_COMMENT = 2000


def published_awards() -> list[dict]:
	"""Decisions whose proposed list has been published, newest first (no amounts, no internal fields)."""
	awards = frappe.get_all(
		AWARD,
		filters={"is_published": 1, "docstatus": ("<", 2)},
		fields=["name", "decision_title", "notice_start", "notice_end"],
		order_by="notice_start desc",
	)
	for award in awards:
		add_period_text(award)
	return awards


def add_period_text(award) -> None:
	award.period = _("from {0} to {1}").format(
		frappe.format(award.notice_start, "Date"), frappe.format(award.notice_end, "Date")
	)


def published_award(name: str) -> dict | None:
	award = frappe.db.get_value(
		AWARD,
		{"name": name, "is_published": 1, "docstatus": ("<", 2)},
		[
			"name",
			"decision_number",
			"decision_title",
			"issuing_body",
			"plan",
			"notice_start",
			"notice_end",
			"status",
			"decision_date",
			"docstatus",
		],
		as_dict=True,
	)
	if not award:
		return None
	award.issued = award.docstatus == 1
	award.recipients = frappe.get_all(
		"Emulation Award Recipient",
		filters={"parent": name, "parenttype": AWARD, "revoked": 0},
		fields=["subject_name", "subject_unit_name", "award_form", "achievement"],
		order_by="idx asc",
	)
	award.signed_copies = signed_copies(name) if award.issued else []
	add_period_text(award)
	award.is_open = getdate(award.notice_start) <= getdate(nowdate()) <= getdate(award.notice_end)
	return award


def signed_copies(award: str) -> list[dict]:
	"""The signed copies filed on an issued decision, the only files of it the public page serves."""
	return frappe.get_all(
		"Emulation Award Signed Copy",
		filters={"parent": award, "parenttype": AWARD, "parentfield": "signed_copies"},
		fields=["name", "copy_kind", "note"],
		order_by="idx asc",
	)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def signed_copy(award: str, copy: str) -> None:
	"""A signed copy of a decision that is issued and on the public page, served to anyone: these files
	are public because they were filed to be; every other file of the decision stays private."""
	published = published_award(award)
	row = (
		frappe.db.get_value(
			"Emulation Award Signed Copy",
			{"name": copy, "parent": award, "parenttype": AWARD, "parentfield": "signed_copies"},
			"file",
		)
		if published and published.issued
		else None
	)
	file_name = (
		frappe.db.get_value(
			"File", {"file_url": row, "attached_to_doctype": AWARD, "attached_to_name": award}
		)
		if row
		else None
	)
	if not file_name:
		raise frappe.DoesNotExistError(_("This signed copy is not on public notice."))
	file = frappe.get_doc("File", file_name)
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "pdf"


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=60 * 60)
def send_comment(award: str, sender_name: str, comment: str, contact: str | None = None) -> str:
	"""Anyone may comment on a list during its notice; the comment reaches the council secretaries."""
	published = published_award(award)
	if not published:
		frappe.throw(_("This list is not on public notice."), frappe.DoesNotExistError)
	if not published.is_open:
		frappe.throw(_("The public notice of this list has ended; comments are closed."))
	sender_name, comment, contact = (
		(sender_name or "").strip(),
		(comment or "").strip(),
		(contact or "").strip(),
	)
	if not sender_name or not comment:
		frappe.throw(_("Enter your name and your comment."))
	if len(comment) > MAX_COMMENT or len(sender_name) > 140 or len(contact) > 140:
		frappe.throw(_("The comment is too long; keep it under {0} characters.").format(MAX_COMMENT))

	text = _("Public comment from {0}{1}: {2}").format(
		escape_html(sender_name), f" ({escape_html(contact)})" if contact else "", escape_html(comment)
	)
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Comment",
			"reference_doctype": AWARD,
			"reference_name": award,
			"comment_by": sender_name,
			"content": text,
		}
	).insert(ignore_permissions=True)
	notify_secretaries(award, text)
	return _("Thank you. Your comment has been sent to the emulation council.")


def notify_secretaries(award: str, text: str) -> None:
	from vanhoa_congso.notifications import users_with_roles

	for user in users_with_roles({"Emulation Council Secretary"}):
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": AWARD,
				"document_name": award,
				"subject": text[:500],
			}
		).insert(ignore_permissions=True)
