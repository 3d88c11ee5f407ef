"""The register of outgoing documents (sổ văn bản đi): every issuing unit numbers its decisions and plans
in a yearly sequence per document type (05/QĐ-LĐLĐ, 117/KH-LĐLĐ) and its certificates in another.

A number is given when the document is issued and never given again, even when the document is
cancelled. Issuers serialise on one counter row per unit, type and year, locked until their
transaction ends, so two decisions issued at the same moment cannot take the same number; a unique
register entry (issuing unit, year, number) stands behind the lock.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils import cint, getdate, now

from vanhoa_congso.rules import units

COUNTER = "Outgoing Document Counter"
DECISION, PLAN, CERTIFICATE = "Decision", "Plan", "Certificate"
# doctype -> (document type in the register, its symbol, the number field, the date field)
REGISTERED = {
	"Emulation Award": (DECISION, "QĐ", "decision_number", "decision_date"),
	"Emulation Plan": (PLAN, "KH", "plan_number", "issue_date"),
}
# what frappe.db.add_index names the (issuing unit, number) index of each (on_doctype_update)
NUMBER_INDEX = {doctype: f"issuing_unit_{spec[2]}_index" for doctype, spec in REGISTERED.items()}
# Certificates carry the kind of award in their number: 07/BK, 03/GK.
CERTIFICATE_SYMBOLS = {
	"Certificate of Merit": "BK",
	"Certificate of Commendation": "GK",
	"Emulation Flag": "CTĐ",
}
OTHER_CERTIFICATE = "KT"
# The unit's symbol in its numbers when none is set on the unit.
LEVEL_SYMBOLS = {
	units.PROVINCE: "LĐLĐ",
	units.DISTRICT: "LĐLĐ",
	units.COMMUNE: "CĐ",
	units.GRASSROOTS: "CĐCS",
}
KIND_SYMBOLS = {
	"Sector Union": "CĐN",
	"Public Employees Union": "CĐVC",
	"Industrial Zone Union": "CĐKCN",
}
LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*/")


class RegisterError(frappe.ValidationError):
	pass


class DuplicateNumberError(RegisterError):
	pass


def unit_symbol(unit: str) -> str:
	values = frappe.db.get_value(units.UNIT, unit, ["document_symbol", "level", "union_kind"], as_dict=True)
	if not values:
		return ""
	return (
		(values.document_symbol or "").strip()
		or KIND_SYMBOLS.get(values.union_kind or "")
		or LEVEL_SYMBOLS.get(values.level, "CĐ")
	)


def number_symbol(doctype: str, unit: str) -> str:
	"""'QĐ-LĐLĐ': what follows the slash in the unit's numbers for this kind of document."""
	return f"{REGISTERED[doctype][1]}-{unit_symbol(unit)}"


def format_number(sequence: int, symbol: str) -> str:
	"""Numbers below 10 take a leading zero (Decree 30/2020, Appendix I): 05/QĐ-LĐLĐ."""
	return f"{cint(sequence):02d}/{symbol}"


def normalise(number: str | None) -> str:
	return " ".join((number or "").split())


def leading_sequence(number: str) -> int | None:
	"""117 for '117/KH-LĐLĐ'; None for a number that does not start with one."""
	found = LEADING_NUMBER.match(number or "")
	return int(found.group(1)) if found else None


def counter_name(unit: str, document_type: str, year: int) -> str:
	return f"{unit}-{document_type}-{cint(year)}"


def lock_counter(unit: str, document_type: str, year: int) -> tuple[str, int]:
	"""(counter, last number given), with the counter row locked until the transaction ends."""
	name = counter_name(unit, document_type, year)
	stamp, user = now(), frappe.session.user
	# One statement that creates the counter or finds it, taking its exclusive lock either way: two
	# issuers of one unit creating the year's counter at once through a get, an insert and a locking
	# read would each hold a shared lock on the row the first created, and deadlock upgrading them.
	frappe.db.sql(
		f"""insert into `tab{COUNTER}`
		(name, creation, modified, owner, modified_by, docstatus, idx,
		issuing_unit, document_type, register_year, last_number)
		values (%s, %s, %s, %s, %s, 0, 0, %s, %s, %s, 0)
		on duplicate key update last_number = last_number""",
		(name, stamp, stamp, user, user, unit, document_type, cint(year)),
	)
	last = frappe.db.get_value(COUNTER, name, "last_number", for_update=True)
	return name, cint(last)


def taken_by(
	doctype: str, number: str, sequence: int | None, unit: str, year: int, exclude: str | None
) -> str | None:
	"""The issued or cancelled document of `unit` that holds `number` (or its place `sequence` in the
	year's sequence), read with a locking read so that a document another issuer committed a moment
	ago is seen.

	Each lookup goes down one narrow index (the unit's documents of that number, the unique register
	entry): a locking read locks every row it scans, and scanning the unit's documents would lock the
	drafts other issuers are submitting at this moment, which they locked first, while they wait for
	the quota counters this issuer holds."""
	_type, _symbol, number_field, date_field = REGISTERED[doctype]
	table = frappe.qb.DocType(doctype)
	lookups = [((table.issuing_unit == unit) & (table[number_field] == number), NUMBER_INDEX[doctype])]
	if sequence:
		lookups.append((table.register_entry == f"{unit}/{year}/{sequence}", "register_entry"))
	for lookup, index in lookups:
		query = (
			frappe.qb.from_(table)
			.force_index(index)
			.select(table.name)
			.where(
				lookup
				& (table.issuing_unit == unit)
				& (table[date_field].between(f"{year}-01-01", f"{year}-12-31"))
				& (table.docstatus > 0)
			)
			.limit(1)
			.for_update()
		)
		if exclude:
			query = query.where(table.name != exclude)
		found = query.run()
		if found:
			return found[0][0]
	return None


def register(doc) -> None:
	"""Give `doc`, being issued, its number in the register, or record the number typed on it.

	A typed number (a document numbered outside the app) must be free in the unit's register for the
	year; the counter moves past it so the register never gives it out itself."""
	document_type, _symbol, number_field, date_field = REGISTERED[doc.doctype]
	year = getdate(doc.get(date_field)).year
	counter, last = lock_counter(doc.issuing_unit, document_type, year)
	typed = normalise(doc.get(number_field))
	if typed:
		number, sequence = typed, leading_sequence(typed)
	else:
		sequence = last + 1
		number = format_number(sequence, number_symbol(doc.doctype, doc.issuing_unit))
	holder = taken_by(doc.doctype, number, sequence, doc.issuing_unit, year, doc.name)
	if holder:
		frappe.throw(
			_(
				"Number {0} of {1} for {2} is already in the register ({3}); a number is never given twice, even after a cancellation. {4}"
			).format(
				number,
				doc.issuing_unit,
				year,
				holder,
				_("Clear the number to take the next one.")
				if typed
				else _("Set the register's counter {0} to the last number given.").format(counter),
			),
			DuplicateNumberError,
		)
	if sequence and sequence > last:
		frappe.db.set_value(COUNTER, counter, "last_number", sequence)
	doc.set(number_field, number)
	doc.register_year = year
	doc.register_sequence = sequence
	# unique in the database: behind the counter lock, no two documents hold one place in a sequence
	doc.register_entry = f"{doc.issuing_unit}/{year}/{sequence}" if sequence else None


def clear_unissued(doc) -> None:
	"""A draft holds no place in the register (an amendment copies its cancelled original's)."""
	if doc.docstatus == 0:
		doc.register_year = doc.register_sequence = 0
		doc.register_entry = None


def number_certificates(doc, kinds: dict[str, str]) -> None:
	"""Number each certificate of an issued decision in the unit's register of certificates for the
	year: 07/BK. `kinds` maps each award form to its award kind."""
	year = getdate(doc.decision_date).year
	counter, last = lock_counter(doc.issuing_unit, CERTIFICATE, year)
	for row in doc.recipients:
		if row.revoked or row.certificate_number:
			continue
		last += 1
		symbol = CERTIFICATE_SYMBOLS.get(kinds.get(row.award_form), OTHER_CERTIFICATE)
		row.certificate_number = format_number(last, symbol)
	frappe.db.set_value(COUNTER, counter, "last_number", last)


def highest_given(unit: str, document_type: str, year: int) -> int:
	"""The highest number issued documents of this kind hold (what a counter may not go below)."""
	if document_type == CERTIFICATE:
		recipient = frappe.qb.DocType("Emulation Award Recipient")
		award = frappe.qb.DocType("Emulation Award")
		numbers = (
			frappe.qb.from_(recipient)
			.join(award)
			.on((award.name == recipient.parent) & (recipient.parenttype == "Emulation Award"))
			.select(recipient.certificate_number)
			.where(
				(award.issuing_unit == unit)
				& (award.docstatus > 0)
				& (award.decision_date.between(f"{year}-01-01", f"{year}-12-31"))
				& recipient.certificate_number.isnotnull()
			)
			.run(pluck=True)
		)
		return max((leading_sequence(number) or 0 for number in numbers), default=0)
	doctype = next(dt for dt, spec in REGISTERED.items() if spec[0] == document_type)
	table = frappe.qb.DocType(doctype)
	from frappe.query_builder.functions import Max

	highest = (
		frappe.qb.from_(table)
		.select(Max(table.register_sequence))
		.where((table.issuing_unit == unit) & (table.register_year == cint(year)) & (table.docstatus > 0))
		.run()
	)
	return cint(highest[0][0]) if highest else 0


def validate_counter(counter) -> None:
	highest = highest_given(counter.issuing_unit, counter.document_type, counter.register_year)
	if cint(counter.last_number) < highest:
		frappe.throw(
			_(
				"Number {0} has already been given by {1} in {2}; the counter cannot go below it, or a number would be given twice."
			).format(highest, counter.issuing_unit, counter.register_year),
			DuplicateNumberError,
		)


def validate_signed_copies(doc) -> None:
	"""A signed copy is a PDF uploaded to this decision itself: the public page serves exactly these
	files to anyone once the decision is issued, so a file belonging elsewhere must not slip in."""
	for row in doc.get("signed_copies") or []:
		file_name = frappe.db.get_value(
			"File",
			{"file_url": row.file, "attached_to_doctype": doc.doctype, "attached_to_name": doc.name},
			"file_name",
		)
		if not file_name:
			frappe.throw(
				_(
					"Signed copy {0}: upload the file in this row of the decision; {1} is not attached to it."
				).format(row.idx, row.file),
				RegisterError,
			)
		if not (file_name or "").lower().endswith(".pdf"):
			frappe.throw(
				_("Signed copy {0}: {1} is not a PDF; scan or export the signed decision as a PDF.").format(
					row.idx, file_name
				),
				RegisterError,
			)
