# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Every award still held, from issued decisions, by year, unit and award form, with cash totals."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from vanhoa_congso.permissions.scope import can_read_field
from vanhoa_congso.report_utils import scoped_units

AWARD = "Emulation Award"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	# prize amounts are for those who prepare and issue decisions
	amounts = can_read_field(AWARD, "total_amount")
	rows = register(filters)
	if not amounts:
		for row in rows:
			row.pop("prize_amount")
	return columns(amounts), rows, None, chart(rows, amounts)


def register(filters) -> list[dict]:
	"""Shape: {"decision", "decision_number", "decision_date", "year", "subject", "subject_type", "unit",
	"award_form", "prize_amount"}; rows of revoked awards are left out."""
	conditions = {"docstatus": 1}
	if filters.plan:
		conditions["plan"] = filters.plan
	if filters.year:
		year = cint(filters.year)
		conditions["decision_date"] = ("between", [f"{year}-01-01", f"{year}-12-31"])
	decisions = {
		row.name: row
		for row in frappe.get_list(
			AWARD, filters=conditions, fields=["name", "decision_number", "decision_date"]
		)
	}
	if not decisions:
		return []
	recipient = frappe.qb.DocType("Emulation Award Recipient")
	query = (
		frappe.qb.from_(recipient)
		.select(
			recipient.parent,
			recipient.subject_name,
			recipient.subject_type,
			recipient.subject_unit,
			recipient.union_member,
			recipient.award_form,
			recipient.prize_amount,
		)
		.where(
			recipient.parent.isin(list(decisions))
			& (recipient.parenttype == AWARD)
			& (recipient.revoked == 0)
		)
		.orderby(recipient.parent)
		.orderby(recipient.idx)
	)
	if filters.award_form:
		query = query.where(recipient.award_form == filters.award_form)
	rows = query.run(as_dict=True)
	member_units = dict(
		frappe.get_all(
			"Union Member",
			filters={"name": ("in", [r.union_member for r in rows if r.union_member] or [""])},
			fields=["name", "emulation_unit"],
			as_list=True,
		)
	)
	units = scoped_units(filters.unit)
	allowed = set(units) if units is not None else None
	result = []
	for row in rows:
		unit = row.subject_unit or member_units.get(row.union_member)
		if allowed is not None and unit not in allowed:
			continue
		decision = decisions[row.parent]
		result.append(
			{
				"decision": row.parent,
				"decision_number": decision.decision_number,
				"decision_date": decision.decision_date,
				"year": getdate(decision.decision_date).year,
				"subject": row.subject_name,
				"subject_type": row.subject_type,
				"unit": unit,
				"award_form": row.award_form,
				"prize_amount": flt(row.prize_amount),
			}
		)
	return result


def columns(amounts: bool = True) -> list[dict]:
	return [
		{
			"fieldname": "decision",
			"label": _("Emulation Award"),
			"fieldtype": "Link",
			"options": AWARD,
			"width": 120,
		},
		{
			"fieldname": "decision_number",
			"label": _("Decision Number / Symbol"),
			"fieldtype": "Data",
			"width": 140,
		},
		{"fieldname": "decision_date", "label": _("Decision Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Int", "width": 70},
		{"fieldname": "subject", "label": _("Subject Name"), "fieldtype": "Data", "width": 240},
		{"fieldname": "subject_type", "label": _("Subject Type"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "unit",
			"label": _("Unit"),
			"fieldtype": "Link",
			"options": "Emulation Unit",
			"width": 110,
		},
		{
			"fieldname": "award_form",
			"label": _("Award Form"),
			"fieldtype": "Link",
			"options": "Award Form",
			"width": 240,
		},
	] + (
		[{"fieldname": "prize_amount", "label": _("Cash Prize"), "fieldtype": "Currency", "width": 130}]
		if amounts
		else []
	)


def chart(rows: list[dict], amounts: bool = True) -> dict | None:
	"""Cash prizes by award form, or the number of awards for those who do not see the amounts."""
	if not rows:
		return None
	totals: dict[str, float] = defaultdict(float)
	for row in rows:
		totals[row["award_form"]] += row["prize_amount"] if amounts else 1
	return {
		"data": {
			"labels": list(totals),
			"datasets": [
				{"name": _("Cash Prize") if amounts else _("Awards"), "values": list(totals.values())}
			],
		},
		"type": "bar",
		"fieldtype": "Currency" if amounts else "Int",
	}
