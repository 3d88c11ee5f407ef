"""Commendation decisions: recipients, cash prizes, quotas with reserved sector slots, public notice."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, getdate, nowdate

from vanhoa_congso.rules import award_forms, prizes, quotas, units

AWARD = "Emulation Award"
RECIPIENT = "Emulation Award Recipient"
COLLECTIVE = "Collective"


class AwardError(frappe.ValidationError):
	pass


class QuotaExceededError(AwardError):
	pass


class DuplicateAwardError(AwardError):
	pass


class PublicNoticeError(AwardError):
	pass


def subject_of(row) -> str | None:
	return row.subject_unit if row.subject_type == COLLECTIVE else row.union_member


def records_by_name(doctype: str, names: list[str], fields: list[str]) -> dict[str, frappe._dict]:
	"""{name: its `fields`} of the named records, in one query (none for no names)."""
	if not names:
		return {}
	# the query builder rather than frappe.get_all, whose list machinery cost more than the query
	table = frappe.qb.DocType(doctype)
	records = (
		frappe.qb.from_(table)
		.select(table.name, *(table[field] for field in fields))
		.where(table.name.isin(list(names)))
		.run(as_dict=True)
	)
	return {record.name: record for record in records}


def cached_plan(name: str | None):
	"""The plan as frappe's document cache keeps it (cleared when the plan is saved, and again when that
	transaction ends), or None: nothing of an issued plan changes but its docstatus, and a decision
	reads it on every save and issue."""
	if not name:
		return None
	try:
		return frappe.get_cached_doc("Emulation Plan", name)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return None


def fill_recipients(rows, decision_date) -> dict[str, str | None]:
	"""Derive each row's subject name, unit and sector, and the award form's standard prize. The
	members and units of all rows are read together, and each form's prize once: a decision lists
	dozens of recipients. Returns {member: their unit} of the rows' members, for `validate_recipients`."""
	member_names = sorted(
		{row.union_member for row in rows if row.subject_type != COLLECTIVE and row.union_member}
	)
	members = records_by_name("Union Member", member_names, ["full_name", "emulation_unit"])

	def unit_of(row) -> str | None:
		if row.subject_type == COLLECTIVE:
			return row.subject_unit
		member = members.get(row.union_member)
		return member.emulation_unit if member else None

	unit_names = sorted({unit for unit in map(unit_of, rows) if unit})
	unit_details = records_by_name("Emulation Unit", unit_names, ["unit_name", "sector"])
	amounts: dict[tuple[str, str], float] = {}
	for row in rows:
		if row.subject_type == COLLECTIVE:
			row.union_member = None
		else:
			row.subject_unit = None
			member = members.get(row.union_member)
			row.subject_name = member.full_name if member else None
		details = unit_details.get(unit_of(row))
		row.subject_unit_name = details.unit_name if details else None
		row.sector = details.sector if details else None
		if row.subject_type == COLLECTIVE:
			row.subject_name = row.subject_unit_name
		if row.award_form and prizes.applies_to(
			frappe.get_cached_value("Award Form", row.award_form, "subject_type"), row.subject_type
		):
			key = (row.award_form, row.subject_type)
			if key not in amounts:
				amounts[key] = prizes.prize_amount(row.award_form, row.subject_type, decision_date)
			row.standard_amount = amounts[key]
			if row.prize_amount is None or (not flt(row.prize_amount) and not row.amount_change_reason):
				row.prize_amount = row.standard_amount
	return {name: member.emulation_unit for name, member in members.items()}


def validate_recipients(doc, member_units: dict[str, str | None] | None = None) -> None:
	"""`member_units`: what `fill_recipients` returned for these rows (read again when it does not name
	every member of the rows)."""
	if not doc.recipients:
		frappe.throw(_("Add at least one recipient to the decision."), AwardError)
	issuing_level = frappe.get_cached_value("Emulation Unit", doc.issuing_unit, "level")
	names = sorted({row.union_member for row in doc.recipients if row.union_member})
	if member_units is None or not member_units.keys() >= set(names):
		member_units = {
			name: member.emulation_unit
			for name, member in records_by_name("Union Member", names, ["emulation_unit"]).items()
		}
	evaluations = records_by_name(
		"Emulation Evaluation",
		sorted({row.evaluation for row in doc.recipients if row.evaluation}),
		["docstatus", "plan", "phase", "phase_year", "subject_unit", "union_member"],
	)
	# only the recipients' branches of the tree are read, however large the province
	subtree = units.under_on(
		[
			row.subject_unit if row.subject_type == COLLECTIVE else member_units.get(row.union_member)
			for row in doc.recipients
		],
		doc.issuing_unit,
		doc.decision_date,
	)
	seen: set[tuple[str, str]] = set()
	for row in doc.recipients:
		subject = subject_of(row)
		if not subject:
			frappe.throw(
				_("Row {0}: choose the collective or individual to commend.").format(row.idx), AwardError
			)
		form = frappe.get_cached_doc("Award Form", row.award_form)
		if not prizes.applies_to(form.subject_type, row.subject_type):
			frappe.throw(
				_("Row {0}: award form {1} is not given to subjects of type {2}.").format(
					row.idx, row.award_form, _(row.subject_type)
				),
				AwardError,
			)
		award_forms.validate_issuer(form, doc.issuing_unit, issuing_level, row.idx, AwardError)
		award_forms.validate_recipient_under_issuer(
			row.subject_unit if row.subject_type == COLLECTIVE else member_units.get(row.union_member),
			doc.issuing_unit,
			subtree,
			row.idx,
			row.subject_name,
			AwardError,
		)
		key = (subject, row.award_form)
		if key in seen:
			frappe.throw(
				_("Row {0}: {1} already receives {2} in this decision.").format(
					row.idx, row.subject_name, row.award_form
				),
				DuplicateAwardError,
			)
		seen.add(key)
		validate_source(doc, row, evaluations.get(row.evaluation))
		if flt(row.prize_amount) < 0:
			frappe.throw(_("Row {0}: the cash prize cannot be negative.").format(row.idx), AwardError)
		if flt(row.prize_amount) != flt(row.standard_amount) and not (row.amount_change_reason or "").strip():
			frappe.throw(
				_(
					"Row {0}: the prize {1} differs from the standard {2}; give the reason for the change."
				).format(
					row.idx,
					frappe.format(row.prize_amount, "Currency"),
					frappe.format(row.standard_amount, "Currency"),
				),
				AwardError,
			)


def validate_source(doc, row, evaluation) -> None:
	"""A recipient comes from an approved evaluation of the same plan and phase, or is entered with a
	reason; `evaluation` is the record of `row.evaluation` (None when there is none)."""
	if not row.evaluation:
		if not (row.entry_reason or "").strip():
			frappe.throw(
				_(
					"Row {0}: {1} has no approved evaluation; give the reason for entering it directly."
				).format(row.idx, row.subject_name),
				AwardError,
			)
		return
	if not evaluation or evaluation.docstatus != 1:
		frappe.throw(
			_("Row {0}: evaluation {1} is not approved by the council.").format(row.idx, row.evaluation),
			AwardError,
		)
	if (evaluation.plan, evaluation.phase, cint(evaluation.phase_year)) != (
		doc.plan,
		doc.phase,
		cint(doc.phase_year),
	):
		frappe.throw(
			_("Row {0}: evaluation {1} belongs to another plan or phase.").format(row.idx, row.evaluation),
			AwardError,
		)
	if (evaluation.subject_unit or evaluation.union_member) != subject_of(row):
		frappe.throw(
			_("Row {0}: evaluation {1} is about another subject.").format(row.idx, row.evaluation), AwardError
		)


def compute_totals(doc) -> None:
	totals: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0.0])
	for row in doc.recipients:
		if row.revoked:
			continue
		entry = totals[(row.award_form, row.subject_type)]
		entry[0] += 1
		entry[1] += flt(row.prize_amount)
	# The rows already saved are kept and changed in place: a decision being issued writes no new
	# child rows, and so no index gap that the other decisions' issuers, waiting for the counters it
	# holds, have locked while frappe loaded their own rows.
	saved = {(row.award_form, row.subject_type): row for row in doc.get("totals") or []}
	rows = []
	for idx, ((form, subject_type), (count, amount)) in enumerate(sorted(totals.items()), start=1):
		row = saved.get((form, subject_type)) or frappe._dict(award_form=form, subject_type=subject_type)
		row.update({"idx": idx, "recipient_count": count, "amount": amount})
		rows.append(row)
	doc.set("totals", rows)
	doc.total_recipients = sum(count for count, _amount in totals.values())
	doc.total_amount = sum(amount for _count, amount in totals.values())


def earlier_awards(doc, lock: bool = False) -> dict[tuple[str, str], str]:
	"""{(subject, award form): decision} for this decision's subjects, from the plan's other issued
	decisions of the same phase.

	Only recipient rows are read (they carry their decision's plan, phase and docstatus), each kind of
	subject on its own index. With `lock`, the read is a locking one, which sees what another issuer
	committed a moment ago; it must not lock decision rows, which frappe locks first when it saves a
	decision being cancelled or revoked, before that decision asks for the quota counters this issuer
	holds."""
	recipient = frappe.qb.DocType(RECIPIENT)
	found = {}
	for field, kind in (("subject_unit", COLLECTIVE), ("union_member", None)):
		subjects = [
			row.get(field)
			for row in doc.recipients
			if row.get(field) and (row.subject_type == COLLECTIVE) == (kind == COLLECTIVE)
		]
		if not subjects:
			continue
		query = (
			frappe.qb.from_(recipient)
			.select(recipient[field], recipient.award_form, recipient.parent)
			.where(
				recipient[field].isin(subjects)
				& (recipient.parenttype == AWARD)
				& (recipient.docstatus == 1)
				& (recipient.revoked == 0)
				& (recipient.plan == doc.plan)
				& (recipient.phase == doc.phase)
				& (recipient.phase_year == cint(doc.phase_year))
				& (recipient.parent != (doc.name or ""))
			)
		)
		if lock:
			# down the subject's index whatever the optimiser thinks of a small table: a locking scan
			# would lock the rows of decisions other issuers hold
			query = query.force_index(field).for_update()
		found.update({(subject, form): name for subject, form, name in query.run()})
	return found


def validate_no_repeat_award(doc, given: dict[tuple[str, str], str]) -> None:
	"""No subject gets the same award form twice in one plan phase; `given` is `earlier_awards(doc)`."""
	for row in doc.recipients:
		if row.revoked:
			continue
		earlier = given.get((subject_of(row), row.award_form))
		if earlier:
			frappe.throw(
				_("Row {0}: {1} already received {2} in decision {3} for this phase.").format(
					row.idx, row.subject_name, row.award_form, earlier
				),
				DuplicateAwardError,
			)


def validate_quotas(doc, plan, used: dict[int, quotas.Usage]) -> None:
	"""Per quota line that limits the decision: at most the maximum in the line's period, and outside the
	reserved sector at most maximum − reserved. `used` is what `quotas.lock_for_issue` read."""
	for quota in plan.award_quotas:
		if quota.idx not in used:
			continue
		mine = [
			r
			for r in doc.recipients
			if not r.revoked and (r.award_form, r.subject_type) == (quota.award_form, quota.subject_type)
		]
		theirs, theirs_in_sector = used[quota.idx]
		total = theirs + len(mine)
		if total > cint(quota.max_count):
			frappe.throw(
				_(
					"{0} for {1}: {2} awards would exceed the plan's maximum of {3} ({4} already issued)."
				).format(quota.award_form, _(quota.subject_type), total, quota.max_count, theirs),
				QuotaExceededError,
			)
		if cint(quota.reserved_count):
			open_slots = cint(quota.max_count) - cint(quota.reserved_count)
			outside = (theirs - theirs_in_sector) + sum(1 for r in mine if r.sector != quota.reserved_sector)
			if outside > open_slots:
				frappe.throw(
					_(
						"{0} for {1}: {2} of the {3} awards are reserved for the {4} sector, so at most {5} may go to others; this decision would make it {6}."
					).format(
						quota.award_form,
						_(quota.subject_type),
						quota.reserved_count,
						quota.max_count,
						quota.reserved_sector,
						open_slots,
						outside,
					),
					QuotaExceededError,
				)


def check_before_issue(doc) -> None:
	"""Under the locks of the decision's quota counters: repeat awards and quotas against every decision
	already issued, then the decision's awards count."""
	# the quota lines cannot change once the plan is issued, and validation found it issued
	plan = cached_plan(doc.plan)
	used = quotas.lock_for_issue(doc, plan.award_quotas)
	validate_no_repeat_award(doc, earlier_awards(doc, lock=True))
	validate_quotas(doc, plan, used)
	quotas.issue(doc)


def revoke(doc, row_name: str, reason: str) -> None:
	"""Mark one recipient of an issued decision as revoked, with the reason and today's date."""
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for revoking the award."), AwardError)
	row = next((r for r in doc.recipients if r.name == row_name), None)
	if not row:
		frappe.throw(_("Recipient row {0} is not in decision {1}.").format(row_name, doc.name), AwardError)
	if row.revoked:
		frappe.throw(_("{0}'s award is already revoked.").format(row.subject_name), AwardError)
	row.revoked = 1
	row.revoked_on = nowdate()
	row.revocation_reason = reason.strip()
	quotas.revoke(doc, row)


def publish(doc) -> None:
	plan = frappe.get_cached_doc("Emulation Plan", doc.plan)
	doc.is_published = 1
	doc.notice_start = getdate(nowdate())
	doc.notice_end = add_days(doc.notice_start, cint(plan.public_notice_days))


def validate_notice_over(doc) -> None:
	plan = frappe.get_cached_doc("Emulation Plan", doc.plan)
	if plan.allow_early_decision:
		return
	if not doc.is_published:
		frappe.throw(
			_("Publish the proposed list for public notice before issuing the decision."), PublicNoticeError
		)
	if getdate(nowdate()) < getdate(doc.notice_end):
		frappe.throw(
			_("The public notice runs until {0}; the decision can be issued after that date.").format(
				frappe.format(doc.notice_end, "Date")
			),
			PublicNoticeError,
		)
