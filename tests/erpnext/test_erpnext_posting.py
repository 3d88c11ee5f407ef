"""Prize money in the books: the decision's draft Journal Entry, revocations, cancellation, the
register's "posted" column and the settings' checks."""

import frappe
import pytest
from frappe.utils import flt

from vanhoa_congso.integrations.erpnext.testing import make_employee, map_unit, require_erpnext
from vanhoa_congso.testing import collective, make_award, make_award_world, make_member

require_erpnext()

from vanhoa_congso.integrations.erpnext import posting  # noqa: E402
from vanhoa_congso.integrations.erpnext.accounts import AccountingMappingError  # noqa: E402
from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import (  # noqa: E402
	revoke_recipient,
)


@pytest.fixture
def world(books):
	world = make_award_world(f"EP{frappe.generate_hash(length=4)}")
	map_unit(books, world.province)
	employee = make_employee(books, "Lò Thị Thử", gender="Female")
	world.member = make_member(world.education[0], full_name="Lò Thị Thử", employee=employee).name
	world.employee = employee
	world.books = books
	return world


def issued(world, rows=None):
	award = make_award(
		world.plan,
		world.province,
		rows
		or [
			collective(world.education[0], world.form),
			collective(world.others[0], world.form),
			{"subject_type": "Individual", "union_member": world.member, "award_form": world.form},
		],
	)
	award.submit()
	award.reload()
	return award


def entry_lines(name):
	return frappe.get_doc("Journal Entry", name).accounts


def test_issuing_posts_one_draft_entry_with_a_line_per_recipient(world):
	award = issued(world)
	assert award.journal_entry
	entry = frappe.get_doc("Journal Entry", award.journal_entry)
	assert entry.docstatus == 0
	assert entry.company == world.books.company
	assert (entry.cheque_no, str(entry.cheque_date)) == (award.decision_number, str(award.decision_date))
	assert award.decision_number in entry.user_remark
	debits = [line for line in entry.accounts if flt(line.debit)]
	credits = [line for line in entry.accounts if flt(line.credit)]
	assert [line.account for line in debits] == [world.books.expense] * 3
	assert sorted(flt(line.debit) for line in debits) == sorted(flt(r.prize_amount) for r in award.recipients)
	assert [(line.account, flt(line.credit)) for line in credits] == [
		(world.books.cash, flt(award.total_amount))
	]
	assert flt(award.total_amount) > 0
	# ERPNext takes no party on an expense account: the line names the Employee
	assert not any(line.party for line in entry.accounts)
	assert [line.user_remark for line in debits if world.employee in line.user_remark] == [
		f"Lò Thị Thử ({world.employee}): {world.form}"
	]
	assert all(line.cost_center == world.books.cost_center for line in entry.accounts)
	# ERPNext takes the entry as it is: the accountants can submit it
	entry.submit()
	assert frappe.db.count("GL Entry", {"voucher_no": entry.name, "is_cancelled": 0}) == 4


def test_no_mapping_posts_nothing_and_the_decision_says_so(world):
	settings = frappe.get_single("Emulation Accounting Settings")
	settings.mappings = [row for row in settings.mappings if row.issuing_unit != world.province]
	settings.save()
	award = issued(world)
	assert not award.journal_entry
	assert not frappe.db.exists("Journal Entry", {"cheque_no": award.decision_number})
	comments = frappe.get_all(
		"Comment", filters={"reference_name": award.name, "comment_type": "Info"}, pluck="content"
	)
	assert any("has no accounts in Emulation Accounting Settings" in c for c in comments)
	status = posting.accounting_status(award)
	assert status["not_mapped"] and world.province in status["message"]
	# once the unit is mapped, the decision is posted on demand
	map_unit(world.books, world.province)
	name = posting.post_to_accounts(award.name)
	assert frappe.db.get_value("Emulation Award", award.name, "journal_entry") == name
	with pytest.raises(posting.PostingError):
		posting.post_to_accounts(award.name)


def test_a_decision_without_cash_posts_nothing(world):
	award = issued(
		world,
		[
			collective(
				world.others[1], world.form, prize_amount=0, amount_change_reason="Không có tiền thưởng"
			)
		],
	)
	assert not award.journal_entry
	assert not frappe.get_all("Comment", filters={"reference_name": award.name, "comment_type": "Info"})


def test_revoking_takes_the_prize_out_of_the_draft(world):
	award = issued(world)
	row = award.recipients[1]
	total = flt(award.total_amount)
	revoke_recipient(award.name, row.name, "Vi phạm kỷ luật")
	lines = entry_lines(award.journal_entry)
	assert len(lines) == 3
	assert flt(sum(flt(line.credit) for line in lines)) == total - flt(row.prize_amount)
	assert flt(sum(flt(line.debit) for line in lines)) == total - flt(row.prize_amount)
	assert not frappe.db.exists("Journal Entry", {"reversal_of": award.journal_entry})


def test_revoking_after_the_entry_is_submitted_reverses_the_prize(world):
	award = issued(world)
	frappe.get_doc("Journal Entry", award.journal_entry).submit()
	row = award.recipients[2]
	revoke_recipient(award.name, row.name, "Thu hồi theo kết luận thanh tra")
	reversal = frappe.get_doc("Journal Entry", {"reversal_of": award.journal_entry})
	assert reversal.docstatus == 0
	assert reversal.cheque_no == award.decision_number
	lines = {(line.account, flt(line.debit), flt(line.credit)) for line in reversal.accounts}
	amount = flt(row.prize_amount)
	assert lines == {(world.books.expense, 0, amount), (world.books.cash, amount, 0)}
	assert any(world.employee in (line.user_remark or "") for line in reversal.accounts)
	# the original stays as the accountants submitted it
	assert frappe.db.get_value("Journal Entry", award.journal_entry, "docstatus") == 1
	assert flt(frappe.db.get_value("Journal Entry", award.journal_entry, "total_debit")) == flt(
		award.total_amount
	)


def test_cancelling_deletes_the_draft(world):
	award = issued(world)
	entry = award.journal_entry
	award.cancel()
	assert not frappe.db.exists("Journal Entry", entry)
	assert not frappe.db.get_value("Emulation Award", award.name, "journal_entry")


def test_cancelling_reverses_a_submitted_entry(world):
	award = issued(world)
	frappe.get_doc("Journal Entry", award.journal_entry).submit()
	award.cancel()
	reversal = frappe.get_doc("Journal Entry", {"reversal_of": award.journal_entry})
	assert reversal.docstatus == 0
	assert flt(reversal.total_debit) == flt(award.total_amount)
	cash = next(line for line in reversal.accounts if line.account == world.books.cash)
	assert flt(cash.debit) == flt(award.total_amount)


def test_an_accountant_may_cancel_the_entry_of_a_standing_decision(world):
	award = issued(world)
	entry = frappe.get_doc("Journal Entry", award.journal_entry)
	entry.submit()
	entry.cancel()
	assert posting.accounting_status(frappe.get_doc("Emulation Award", award.name))["state"] == "cancelled"


def test_the_register_shows_whether_each_award_is_posted(world):
	from vanhoa_congso.vanhoa_congso.report.award_register.award_register import execute

	award = issued(world)

	def posted():
		columns, rows, *_rest = execute({"plan": world.plan, "include_proposals": 0})
		assert "posted" in [column["fieldname"] for column in columns]
		return {row["posted"] for row in rows if row["decision"] == award.name}

	assert posted() == {0}
	frappe.get_doc("Journal Entry", award.journal_entry).submit()
	assert posted() == {1}


def test_the_settings_refuse_accounts_that_do_not_fit(world):
	def saved(**changes):
		settings = frappe.get_single("Emulation Accounting Settings")
		row = next(r for r in settings.mappings if r.issuing_unit == world.province)
		row.update(changes)
		if changes.pop("twice", False):
			settings.append("mappings", dict(row.as_dict(), name=None, idx=None))
		settings.save()

	with pytest.raises(AccountingMappingError, match="must be one of"):
		saved(expense_account=world.books.income)
	with pytest.raises(AccountingMappingError, match="must be one of"):
		saved(paying_account=world.books.expense)
	with pytest.raises(AccountingMappingError, match="mapped twice"):
		saved(twice=True)
	saved(cost_center=world.books.cost_center)
