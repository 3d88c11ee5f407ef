"""Quota counters: how many awards a plan's issued decisions hold, kept beside the decisions so that the
quota check reads a handful of rows whatever the campaign's history.

A row of Emulation Quota Counter counts the awards of one plan × award form × subject type × counting
period (a year, the mid-term review, the final review, the whole campaign) × sector, or of all sectors
together. Every issued award counts in each period it falls in (its year, its review if its phase is
one, the campaign), so a quota line can be counted per any of them, and changing a line's period needs
no recount. A quota line's check reads two rows by name: all sectors, and its reserved sector.

Issuing, revoking and cancelling lock the rows they change, and issuing locks the rows its check
reads, with one ``INSERT ... ON DUPLICATE KEY UPDATE`` over the rows sorted by name. That statement
takes each row's exclusive lock at once, whether it creates the row or finds it (a get-then-insert
would take a shared lock on a row another issuer created a moment ago, and two issuers upgrading
shared locks deadlock), and two transactions lock the rows they share in the same order. Every award
of a form and subject type counts in the campaign's all-sector row, so two decisions giving the same
form serialise on that row: the quota check and the repeat-award check see what the other committed.

Before any of that, a decision being issued, cancelled or revoked locks its plan's row (`take_turn`),
the first lock it takes after frappe's lock of the decision's own row. Frappe's save takes locks of
its own on the way to the counters (a decision's child rows are deleted and written again, which
locks the index gap up to the next decision's rows), and twenty managers issuing at once deadlocked
on them: one held the counters and wrote its totals into a gap another held while waiting for the
counters. Taking turns on the plan first, no issuer holds anything another issuer waits for.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import NamedTuple

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import cint, now

COUNTER = "Emulation Quota Counter"
AWARD = "Emulation Award"
RECIPIENT = "Emulation Award Recipient"

YEAR, MID_TERM, FINAL, CAMPAIGN = "Year", "Mid-term Review", "Final Review", "Whole Campaign"
SCOPES = (YEAR, MID_TERM, FINAL, CAMPAIGN)
REVIEW_SCOPES = (MID_TERM, FINAL)


class Key(NamedTuple):
	award_form: str
	subject_type: str
	quota_scope: str
	period_year: int  # the year of a count per year, else 0
	sector: str  # "" for recipients outside any sector, and on all-sector rows
	all_sectors: int


def counter_name(plan: str, key: Key) -> str:
	"""A counter's name, from its key, so that two issuers creating the same counter meet on one row."""
	text = "\x1f".join((plan, *(str(part) for part in key)))
	return hashlib.sha1(text.encode()).hexdigest()[:20]


def periods(phase: str, year: int) -> list[tuple[str, int]]:
	"""The counting periods an award of a decision of `phase` and `year` counts in."""
	found = [(YEAR, cint(year)), (CAMPAIGN, 0)]
	if phase in REVIEW_SCOPES:
		found.append((phase, 0))
	return found


def period_of(scope: str | None, phase: str, year: int) -> tuple[str, int] | None:
	"""The period a quota line of `scope` counts a decision of `phase` and `year` in; None when the line
	does not limit that decision (a line for the final review, and a decision of another phase)."""
	scope = scope or YEAR
	if scope in REVIEW_SCOPES and phase != scope:
		return None
	return (scope, cint(year) if scope == YEAR else 0)


def award_keys(form: str, subject_type: str, sector: str | None, phase: str, year: int) -> list[Key]:
	"""The counters one award moves."""
	return [
		key
		for scope, period_year in periods(phase, year)
		for key in (
			Key(form, subject_type, scope, period_year, sector or "", 0),
			Key(form, subject_type, scope, period_year, "", 1),
		)
	]


def live_keys(doc) -> Counter:
	"""{counter key: n} of the awards `doc` holds (a revoked one no longer)."""
	return Counter(
		key
		for row in doc.recipients
		if not row.revoked and row.award_form
		for key in award_keys(row.award_form, row.subject_type, row.sector, doc.phase, doc.phase_year)
	)


def take_turn(plan: str) -> None:
	"""Wait for, then hold until the transaction ends, the plan's row: issuing, cancelling and revoking
	under one plan take turns (see the module's notes)."""
	table = frappe.qb.DocType("Emulation Plan")
	frappe.qb.from_(table).select(table.name).where(table.name == plan).for_update().run()


def lock(plan: str, keys) -> None:
	"""Create the counters of `keys` that are missing and lock all of them until the transaction ends."""
	rows = sorted({counter_name(plan, key): key for key in keys}.items())
	if not rows:
		return
	stamp, user = now(), frappe.session.user
	values, params = [], []
	for name, key in rows:
		values.append("(%s, %s, %s, %s, %s, 0, 0, %s, %s, %s, %s, %s, %s, %s, 0)")
		params += [name, stamp, stamp, user, user, plan, key.award_form, key.subject_type]
		params += [key.quota_scope, key.period_year, key.sector or None, key.all_sectors]
	frappe.db.sql(
		f"""insert into `tab{COUNTER}`
		(name, creation, modified, owner, modified_by, docstatus, idx,
		plan, award_form, subject_type, quota_scope, period_year, sector, all_sectors, issued_count)
		values {", ".join(values)}
		on duplicate key update issued_count = issued_count""",
		params,
	)


def read(plan: str, keys) -> dict[Key, int]:
	"""{key: issued} of counters the caller has locked (a read of locked rows sees the latest commit)."""
	names = {counter_name(plan, key): key for key in keys}
	if not names:
		return {}
	found = frappe.db.sql(
		# by primary key, not by scanning the small table: a locking scan locks every plan's counters
		f"select name, issued_count from `tab{COUNTER}` force index (primary) where name in %(names)s for update",
		{"names": tuple(names)},
	)
	return {names[name]: cint(issued) for name, issued in found}


def move(plan: str, keys: Counter, sign: int) -> None:
	"""Move the locked counters of `keys` by `sign` × n, in one statement."""
	steps = sorted((counter_name(plan, key), sign * n) for key, n in keys.items() if n)
	if not steps:
		return
	frappe.db.sql(
		f"""update `tab{COUNTER}` force index (primary) set issued_count = issued_count + case name
		{" ".join("when %s then %s" for _step in steps)} else 0 end
		where name in %s""",
		[*(value for step in steps for value in step), tuple(name for name, _n in steps)],
	)


# --- what the decision's paths call


class Usage(NamedTuple):
	issued: int  # all sectors, without the decision being issued
	in_reserved_sector: int


def lock_for_issue(doc, quota_lines) -> dict[int, Usage]:
	"""Lock what issuing `doc` changes and what its quota check reads; {quota line idx: usage} of the
	lines that limit it."""
	changed = live_keys(doc)
	checked: dict[int, tuple[Key, Key | None]] = {}
	pairs = {
		(row.award_form, row.subject_type) for row in doc.recipients if not row.revoked and row.award_form
	}
	for line in quota_lines:
		period = period_of(line.quota_scope, doc.phase, doc.phase_year)
		if not period or (line.award_form, line.subject_type) not in pairs:
			continue
		total = Key(line.award_form, line.subject_type, *period, "", 1)
		reserved = (
			Key(line.award_form, line.subject_type, *period, line.reserved_sector, 0)
			if line.reserved_sector
			else None
		)
		checked[line.idx] = (total, reserved)
	wanted = set(changed) | {key for pair in checked.values() for key in pair if key}
	lock(doc.plan, wanted)
	counts = read(doc.plan, wanted)
	return {
		idx: Usage(counts.get(total, 0), counts.get(reserved, 0) if reserved else 0)
		for idx, (total, reserved) in checked.items()
	}


def issue(doc) -> None:
	"""The decision's awards count from now on (its counters are locked by `lock_for_issue`)."""
	move(doc.plan, live_keys(doc), 1)


def cancel(doc) -> None:
	"""A cancelled decision's awards free their slots."""
	take_turn(doc.plan)
	keys = live_keys(doc)
	lock(doc.plan, keys)
	move(doc.plan, keys, -1)


def revoke(doc, row) -> None:
	"""One revoked award frees its slot."""
	take_turn(doc.plan)
	keys = Counter(award_keys(row.award_form, row.subject_type, row.sector, doc.phase, doc.phase_year))
	lock(doc.plan, keys)
	move(doc.plan, keys, -1)


def usage(
	plan: str, award_form: str, subject_type: str, scope: str | None, year: int, sector: str | None
) -> Usage:
	"""What a quota line has used in a period, for reports (no lock)."""
	scope, period_year = (scope or YEAR), (cint(year) if (scope or YEAR) == YEAR else 0)
	counts = stored(plan)
	return Usage(
		counts.get(Key(award_form, subject_type, scope, period_year, "", 1), 0),
		counts.get(Key(award_form, subject_type, scope, period_year, sector, 0), 0) if sector else 0,
	)


# --- the consistency check


def recount(plan: str) -> Counter:
	"""{key: n} as the plan's issued decisions hold them, counted from the awards."""
	award = frappe.qb.DocType(AWARD)
	recipient = frappe.qb.DocType(RECIPIENT)
	rows = (
		frappe.qb.from_(recipient)
		.join(award)
		.on((award.name == recipient.parent) & (recipient.parenttype == AWARD))
		.select(
			recipient.award_form,
			recipient.subject_type,
			recipient.sector,
			award.phase,
			award.phase_year,
			Count("*"),
		)
		.where((award.plan == plan) & (award.docstatus == 1) & (recipient.revoked == 0))
		.groupby(
			recipient.award_form, recipient.subject_type, recipient.sector, award.phase, award.phase_year
		)
		.run()
	)
	result: Counter = Counter()
	for form, subject_type, sector, phase, year, n in rows:
		for key in award_keys(form, subject_type, sector, phase, year):
			result[key] += n
	return result


def stored(plan: str) -> Counter:
	counter = frappe.qb.DocType(COUNTER)
	rows = (
		frappe.qb.from_(counter)
		.select(
			counter.award_form,
			counter.subject_type,
			counter.quota_scope,
			counter.period_year,
			counter.sector,
			counter.all_sectors,
			counter.issued_count,
		)
		.where(counter.plan == plan)
		.run()
	)
	return Counter(
		{
			Key(form, kind, scope, cint(year), sector or "", cint(every)): cint(n)
			for form, kind, scope, year, sector, every, n in rows
		}
	)


def drift(plan: str) -> list[dict]:
	"""Counters that disagree with the awards: [{"key", "stored", "counted"}]."""
	counted, kept = recount(plan), stored(plan)
	return [
		{"key": key, "stored": kept.get(key, 0), "counted": counted.get(key, 0)}
		for key in sorted(set(counted) | set(kept))
		if kept.get(key, 0) != counted.get(key, 0)
	]


@frappe.whitelist()
def check_counters(plan: str | None = None, repair: bool | int = False) -> dict:
	"""Recount the issued awards of every issued plan (or of one) and compare them with the quota
	counters; {plan: [{"key", "stored", "counted"}]} of the plans that drift.

	    bench --site SITE execute vanhoa_congso.rules.quotas.check_counters
	    bench --site SITE execute vanhoa_congso.rules.quotas.check_counters --kwargs "{'repair': 1}"

	With `repair` the counters take the counted values; the counters of the plan are locked first, so
	a decision issued meanwhile waits and is counted once."""
	frappe.only_for("System Manager")
	plans = [plan] if plan else frappe.get_all("Emulation Plan", filters={"docstatus": 1}, pluck="name")
	report = {}
	for name in plans:
		if cint(repair):
			lock(name, set(recount(name)) | set(stored(name)))
		found = drift(name)
		if not found:
			continue
		report[name] = [{**row, "key": row["key"]._asdict()} for row in found]
		if cint(repair):
			for row in found:
				frappe.db.sql(
					f"update `tab{COUNTER}` set issued_count = %s where name = %s",
					(row["counted"], counter_name(name, row["key"])),
				)
	if report and not cint(repair):
		frappe.log_error(_("Quota counters disagree with the issued awards"), frappe.as_json(report))
	return report


def delete_for_plan(plan: str) -> None:
	frappe.db.delete(COUNTER, {"plan": plan})
