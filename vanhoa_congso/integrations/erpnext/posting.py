"""Prize money in the books: the Journal Entries of a commendation decision.

Issuing a decision with cash prizes makes one draft Journal Entry: each recipient's prize debited to
the issuing unit's expense account (party Employee when the recipient is a member linked to one),
the total credited to its paying account, the decision's number and date as the cheque reference and
in the remark. Accountants check and submit it in ERPNext.

What follows keeps the books in step, by one rule: a draft is still the app's to change, a submitted
entry is the accountants' and is never touched.
- Revoking an award takes the recipient's line out of the draft (and the credit down by as much);
  once the entry is submitted, a draft reversing entry for that amount is made instead.
- Cancelling the decision deletes its drafts and makes a draft reversal of each submitted entry.

Posting is done as the user who acts, with no permission bypassed: it needs the app's managing role
and ERPNext's permission to create Journal Entries. A user without them still issues, revokes and
cancels; the decision's timeline then says what was not posted, and one who has them posts it with
`post_to_accounts`.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, flt, nowdate

from vanhoa_congso.integrations import require_erpnext
from vanhoa_congso.integrations.erpnext import accounts

JOURNAL_ENTRY = "Journal Entry"
MANAGING_ROLES = ("Emulation Manager", "System Manager")


class PostingError(frappe.ValidationError):
	pass


def cash_rows(award) -> list:
	return [row for row in award.recipients if not row.revoked and flt(row.prize_amount) > 0]


def missing_permission() -> str | None:
	"""Why the session user may not post, or None."""
	if not set(MANAGING_ROLES) & set(frappe.get_roles()):
		return _("posting needs the Emulation Manager role")
	if not frappe.has_permission(JOURNAL_ENTRY, "create"):
		return _("posting needs ERPNext's permission to create Journal Entries (e.g. the Accounts User role)")
	return None


def note(award, message: str) -> None:
	award.add_comment("Info", message)


# --- issuing


def on_issue(award) -> None:
	if not cash_rows(award):
		return
	mapping = accounts.mapping_for(award.issuing_unit)
	if not mapping:
		note(award, not_mapped_message(award))
		return
	reason = missing_permission()
	if reason:
		note(
			award,
			_(
				"The prize money is not posted to the books: {0}. Someone who has it can post it with Post to Accounts."
			).format(reason),
		)
		return
	post(award, mapping)


def not_mapped_message(award) -> str:
	return _(
		"The prize money is not posted to the books: unit {0} has no accounts in Emulation Accounting Settings. Add a row for it there, then use Post to Accounts on this decision."
	).format(award.issuing_unit)


@frappe.whitelist()
def post_to_accounts(name: str) -> str:
	"""Post an issued decision that is not in the books yet (no mapping or no permission when it was
	issued); returns the draft Journal Entry."""
	require_erpnext()
	award = frappe.get_doc("Emulation Award", name)
	award.check_permission("submit")
	if award.docstatus != 1:
		frappe.throw(_("Only an issued decision has prize money to post."), PostingError)
	current = award.get("journal_entry")
	if current and frappe.db.get_value(JOURNAL_ENTRY, current, "docstatus") in (0, 1):
		frappe.throw(
			_("Decision {0} is already posted in Journal Entry {1}.").format(name, current), PostingError
		)
	if not cash_rows(award):
		frappe.throw(_("Decision {0} has no cash prizes to post.").format(name), PostingError)
	mapping = accounts.mapping_for(award.issuing_unit)
	if not mapping:
		frappe.throw(not_mapped_message(award), PostingError)
	reason = missing_permission()
	if reason:
		frappe.throw(_("You cannot post this decision: {0}.").format(reason), frappe.PermissionError)
	return post(award, mapping)


def remark(award) -> str:
	return (
		_("Cash prizes of commendation decision No. {0} of {1}, {2}", lang="vi")
		.format(award.decision_number, frappe.format(award.decision_date, "Date"), award.issuing_body or "")
		.strip(", ")
	)


def line_remark(row, employee: str | None = None) -> str:
	"""Who the line pays. ERPNext refuses a party on an expense account ("Party Type and Party can only
	be set for Receivable / Payable account"), so an Employee is named here instead."""
	who = f"{row.subject_name} ({employee})" if employee else row.subject_name
	return f"{who}: {row.award_form}"


def employees_of(rows) -> dict[str, str]:
	members = [row.union_member for row in rows if row.union_member]
	return dict(
		frappe.get_all(
			"Union Member",
			filters={"name": ("in", members or [""]), "employee": ("is", "set")},
			fields=["name", "employee"],
			as_list=True,
		)
	)


def expense_line(row, mapping, employee: str | None, side: str = "debit") -> dict:
	return {
		"account": mapping.expense_account,
		"cost_center": mapping.cost_center,
		f"{side}_in_account_currency": flt(row.prize_amount),
		"user_remark": line_remark(row, employee),
	}


def post(award, mapping) -> str:
	rows = cash_rows(award)
	employees = employees_of(rows)
	entry = frappe.new_doc(JOURNAL_ENTRY)
	entry.update(
		{
			"voucher_type": "Journal Entry",
			"company": mapping.company,
			"posting_date": award.decision_date,
			"cheque_no": award.decision_number,
			"cheque_date": award.decision_date,
			"user_remark": remark(award),
		}
	)
	for row in rows:
		entry.append("accounts", expense_line(row, mapping, employees.get(row.union_member)))
	entry.append(
		"accounts",
		{
			"account": mapping.paying_account,
			"cost_center": mapping.cost_center,
			"credit_in_account_currency": sum(flt(row.prize_amount) for row in rows),
		},
	)
	entry.insert()
	award.db_set("journal_entry", entry.name)
	note(
		award,
		_(
			"Prize money of {0} posted in draft Journal Entry {1}, for the accountants to check and submit."
		).format(frappe.format(entry.total_credit, "Currency"), entry.name),
	)
	return entry.name


# --- revoking one award


def on_revoke(award, row_name: str) -> None:
	row = next(r for r in award.recipients if r.name == row_name)
	original = award.get("journal_entry")
	if not flt(row.prize_amount) or not original:
		return
	entry = frappe.get_doc(JOURNAL_ENTRY, original)
	if entry.docstatus == 2:
		return
	reason = missing_permission()
	if reason:
		note(
			award,
			_(
				"The revoked prize of {0} is not taken out of Journal Entry {1}: {2}; the accountants must adjust it."
			).format(escape_html(row.subject_name), original, reason),
		)
		return
	if entry.docstatus == 0 and remove_line(entry, row):
		return note_adjusted(award, row, entry)
	reverse_award(award, row, entry)


def remove_line(entry, row) -> bool:
	"""Take the recipient's line out of a draft entry and the credit down by its amount; False when the
	accountants changed the draft so that the line is not found as posted."""
	remark = line_remark(row, employees_of([row]).get(row.union_member))
	line = next(
		(
			line
			for line in entry.accounts
			if line.user_remark == remark and flt(line.debit_in_account_currency) == flt(row.prize_amount)
		),
		None,
	)
	credit = next((line for line in entry.accounts if flt(line.credit_in_account_currency) > 0), None)
	if not line or not credit or flt(credit.credit_in_account_currency) < flt(row.prize_amount):
		return False
	entry.remove(line)
	credit.credit_in_account_currency = flt(credit.credit_in_account_currency) - flt(row.prize_amount)
	if not flt(credit.credit_in_account_currency):
		entry.remove(credit)
	if not entry.accounts:
		frappe.db.set_value("Emulation Award", row.parent, "journal_entry", None, update_modified=False)
		frappe.delete_doc(JOURNAL_ENTRY, entry.name)
		return True
	entry.save()
	return True


def note_adjusted(award, row, entry) -> None:
	note(
		award,
		_("The revoked prize of {0} ({1}) is taken out of draft Journal Entry {2}.").format(
			escape_html(row.subject_name), frappe.format(row.prize_amount, "Currency"), entry.name
		),
	)


def reverse_award(award, row, original) -> str:
	"""A draft entry that takes one revoked prize back out of a submitted entry."""
	remark = line_remark(row, employees_of([row]).get(row.union_member))
	expense = next(
		(line for line in original.accounts if line.user_remark == remark),
		next(line for line in original.accounts if flt(line.debit_in_account_currency) > 0),
	)
	paying = next(line for line in original.accounts if flt(line.credit_in_account_currency) > 0)
	amount = flt(row.prize_amount)
	reversal = frappe.new_doc(JOURNAL_ENTRY)
	reversal.update(
		{
			"voucher_type": "Journal Entry",
			"company": original.company,
			"posting_date": row.revoked_on or nowdate(),
			"cheque_no": award.decision_number,
			"cheque_date": award.decision_date,
			"reversal_of": original.name,
			"user_remark": _("Revoked award of {0} in decision No. {1}: {2}", lang="vi").format(
				row.subject_name, award.decision_number, row.revocation_reason
			),
		}
	)
	reversal.append(
		"accounts",
		{
			"account": expense.account,
			"cost_center": expense.cost_center,
			"credit_in_account_currency": amount,
			"user_remark": remark,
		},
	)
	reversal.append(
		"accounts",
		{"account": paying.account, "cost_center": paying.cost_center, "debit_in_account_currency": amount},
	)
	reversal.insert()
	note(
		award,
		_("The revoked prize of {0} ({1}) is reversed in draft Journal Entry {2}.").format(
			escape_html(row.subject_name), frappe.format(amount, "Currency"), reversal.name
		),
	)
	return reversal.name


# --- cancelling the decision


def entries_of(award) -> list[frappe._dict]:
	"""The decision's entry and the reversals made of it, not cancelled."""
	original = award.get("journal_entry")
	if not original:
		return []
	entry = frappe.db.get_value(JOURNAL_ENTRY, original, ["name", "docstatus"], as_dict=True)
	reversals = frappe.get_all(
		JOURNAL_ENTRY, filters={"docstatus": ("<", 2), "reversal_of": original}, fields=["name", "docstatus"]
	)
	return [e for e in (entry, *reversals) if e and e.docstatus < 2]


def on_cancel(award) -> None:
	entries = entries_of(award)
	if not entries:
		return
	reason = missing_permission()
	if reason:
		note(
			award,
			_(
				"The decision's Journal Entries ({0}) are not reversed: {1}; the accountants must reverse them."
			).format(", ".join(entry.name for entry in entries), reason),
		)
		return
	from erpnext.accounts.doctype.journal_entry.journal_entry import make_reverse_journal_entry

	done = []
	for entry in entries:
		if entry.docstatus == 0 and not frappe.has_permission(JOURNAL_ENTRY, "delete", doc=entry.name):
			done.append(_("draft {0} left for the accountants to delete").format(entry.name))
		elif entry.docstatus == 0:
			if entry.name == award.journal_entry:
				award.db_set("journal_entry", None, update_modified=False)
			frappe.delete_doc(JOURNAL_ENTRY, entry.name)
			done.append(_("draft {0} deleted").format(entry.name))
		else:
			reversal = make_reverse_journal_entry(entry.name)
			reversal.posting_date = nowdate()
			reversal.user_remark = _("Cancelled commendation decision No. {0}", lang="vi").format(
				award.decision_number
			)
			reversal.insert()
			done.append(_("{0} reversed in draft {1}").format(entry.name, reversal.name))
	note(award, _("Decision cancelled; its Journal Entries: {0}.").format("; ".join(done)))


def on_journal_entry_cancel(entry) -> None:
	"""An accountant may cancel the decision's entry while the decision stands: the decision then shows
	its money as not posted, rather than keeping the entry from being cancelled."""
	entry.ignore_linked_doctypes = (*(entry.get("ignore_linked_doctypes") or ()), "Emulation Award")


# --- what the decision and the register show


def accounting_status(award) -> dict:
	"""For the decision's form: its entry and whether it is posted, or why nothing is; nothing for a
	reader who may neither see Journal Entries nor post."""
	may_post = missing_permission() is None
	if not may_post and not frappe.has_permission(JOURNAL_ENTRY, "read"):
		return {}
	status = {"cash": bool(cash_rows(award)), "issued": award.docstatus == 1, "may_post": may_post}
	original = award.get("journal_entry")
	if original:
		docstatus = frappe.db.get_value(JOURNAL_ENTRY, original, "docstatus")
		status.update(
			{
				"journal_entry": original,
				"state": {0: "draft", 1: "submitted", 2: "cancelled"}.get(docstatus, "missing"),
				"reversals": frappe.get_all(
					JOURNAL_ENTRY, filters={"reversal_of": original, "docstatus": ("<", 2)}, pluck="name"
				),
			}
		)
	elif status["cash"] and award.docstatus == 1:
		status["not_mapped"] = not accounts.mapping_for(award.issuing_unit)
		status["message"] = not_mapped_message(award) if status["not_mapped"] else None
	return status


def add_posted_column(columns: list[dict], rows: list[dict]) -> None:
	"""A decision's award is posted when the decision's Journal Entry is submitted."""
	decisions = list({row["decision"] for row in rows if row.get("decision")})
	entries = dict(
		frappe.get_all(
			"Emulation Award",
			filters={"name": ("in", decisions or [""]), "journal_entry": ("is", "set")},
			fields=["name", "journal_entry"],
			as_list=True,
		)
	)
	submitted = set(
		frappe.get_all(
			JOURNAL_ENTRY,
			filters={"name": ("in", list(entries.values()) or [""]), "docstatus": 1},
			pluck="name",
		)
	)
	for row in rows:
		row["posted"] = int(entries.get(row.get("decision")) in submitted)
	columns.append(
		{"fieldname": "posted", "label": _("Posted to the Books"), "fieldtype": "Check", "width": 90}
	)
