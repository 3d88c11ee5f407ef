# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""The register of outgoing documents (sổ đăng ký văn bản đi, Decree 30/2020, Appendix IV): every
decision and plan a unit has issued, in the order of its numbers, cancelled ones kept with a note."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from vanhoa_congso.report_utils import scoped_units
from vanhoa_congso.rules import register

# doctype -> (register's document type, the type's name in the register, summary field, recipients table)
SOURCES = {
	"Emulation Award": (register.DECISION, "Quyết định", "decision_title", "distribution"),
	"Emulation Plan": (register.PLAN, "Kế hoạch", "title", "recipients"),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return columns(), entries(filters)


def entries(filters) -> list[dict]:
	"""Shape: {"number", "date", "document_type", "summary", "signer", "recipients", "note", "issuing_unit",
	"reference_doctype", "reference_name", "sequence"}, ordered by unit, type, year and number."""
	rows = []
	units = scoped_units(filters.unit)
	for doctype, (document_type, type_name, summary_field, recipients_table) in SOURCES.items():
		if filters.document_type and filters.document_type != document_type:
			continue
		_type, _symbol, number_field, date_field = register.REGISTERED[doctype]
		conditions = {"docstatus": ("in", [1, 2])}
		if filters.year:
			year = cint(filters.year)
			conditions[date_field] = ("between", [f"{year}-01-01", f"{year}-12-31"])
		if units is not None:
			conditions["issuing_unit"] = ("in", units or [""])
		documents = frappe.get_list(
			doctype,
			filters=conditions,
			fields=[
				"name",
				"issuing_unit",
				number_field,
				date_field,
				summary_field,
				"signer_title",
				"signer_name",
				"register_sequence",
				"docstatus",
			],
		)
		recipients = distribution(doctype, recipients_table, [doc.name for doc in documents])
		for doc in documents:
			rows.append(
				{
					"number": doc.get(number_field),
					"date": doc.get(date_field),
					"document_type": _(document_type),
					"summary": f"{type_name} {doc.get(summary_field) or ''}".strip(),
					"signer": ", ".join(filter(None, [doc.signer_name, doc.signer_title])),
					"recipients": "; ".join(recipients.get(doc.name, [])),
					"note": _("Cancelled") if doc.docstatus == 2 else "",
					"issuing_unit": doc.issuing_unit,
					"reference_doctype": doctype,
					"reference_name": doc.name,
					"sequence": cint(doc.register_sequence),
				}
			)
	rows.sort(
		key=lambda row: (
			row["issuing_unit"],
			row["document_type"],
			row["date"].year,
			row["sequence"],
			row["date"],
		)
	)
	return rows


def distribution(doctype: str, table: str, names: list[str]) -> dict[str, list[str]]:
	"""{document: [recipient, …]} from the documents' Nơi nhận rows (the documents were read with the
	user's permissions above)."""
	if not names:
		return {}
	result: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Emulation Plan Recipient",
		filters={"parenttype": doctype, "parentfield": table, "parent": ("in", names)},
		fields=["parent", "recipient"],
		order_by="idx asc",
	):
		result.setdefault(row.parent, []).append(row.recipient.rstrip(";,."))
	return result


def columns() -> list[dict]:
	return [
		{"fieldname": "number", "label": _("Number / Symbol"), "fieldtype": "Data", "width": 140},
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "document_type", "label": _("Document Type"), "fieldtype": "Data", "width": 100},
		{"fieldname": "summary", "label": _("Type and Summary"), "fieldtype": "Data", "width": 360},
		{"fieldname": "signer", "label": _("Signed By"), "fieldtype": "Data", "width": 160},
		{"fieldname": "recipients", "label": _("Distribution List"), "fieldtype": "Data", "width": 260},
		{"fieldname": "note", "label": _("Note"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "issuing_unit",
			"label": _("Issuing Unit"),
			"fieldtype": "Link",
			"options": "Emulation Unit",
			"width": 100,
		},
		{
			"fieldname": "reference_doctype",
			"label": _("Document Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"hidden": 1,
		},
		{
			"fieldname": "reference_name",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 130,
		},
	]
