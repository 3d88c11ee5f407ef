# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Every award still held, from issued decisions, by year, unit and award form, with cash totals."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from vanhoa_congso import integrations
from vanhoa_congso.permissions.scope import can_read_field
from vanhoa_congso.report_utils import scoped_units, translated, unit_names
from vanhoa_congso.rules import proposals, statistics

AWARD = "Emulation Award"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	# prize amounts are for those who prepare and issue decisions
	amounts = can_read_field(AWARD, "total_amount")
	rows = register(filters)
	if not amounts:
		for row in rows:
			row.pop("prize_amount", None)
	breakdown = filters.breakdown if filters.breakdown in statistics.BREAKDOWNS else None
	# the breakdown is counted on the stored values, then the cells are shown in the user's language
	charted = statistics.chart(rows, breakdown) if breakdown else chart(rows, amounts)
	summary = statistics.summary(rows, breakdown)
	shown = columns(amounts)
	integrations.award_register_posted(shown, rows)
	result = (shown, translated(rows, "subject_type"), None, charted)
	return (*result, summary) if summary else result


def register(filters) -> list[dict]:
	"""Shape: {"decision", "proposal", "decision_number", "decision_date", "year", "issued_by",
	"outcome", "subject", "subject_type", "unit", "sector", "gender", "ethnic_group", "position",
	"award_form", "prize_amount"}; rows of revoked awards are left out. With `include_proposals`
	(the default) the province's proposals to higher bodies follow, with their outcome."""
	rows = decision_rows(filters)
	if cint(filters.get("include_proposals", 1)) and frappe.has_permission(proposals.PROPOSAL, "read"):
		rows += proposal_rows(filters)
	units = scoped_units(filters.unit)
	allowed = set(units) if units is not None else None
	member_units = dict(
		frappe.get_all(
			"Union Member",
			filters={"name": ("in", [r.union_member for r in rows if r.union_member] or [""])},
			fields=["name", "emulation_unit"],
			as_list=True,
		)
	)
	for row in rows:
		row.unit = row.subject_unit or member_units.get(row.union_member)
	rows = [row for row in rows if allowed is None or row.unit in allowed]
	profiles = statistics.member_profiles([row.union_member for row in rows])
	unit_details = {
		row.name: row
		for row in frappe.get_all(
			"Emulation Unit",
			filters={"name": ("in", list({r.unit for r in rows if r.unit}) or [""])},
			fields=["name", "sector", "level"],
		)
	}
	result = []
	for row in rows:
		profile = profiles.get(row.union_member)
		if row.subject_type == "Individual" and not statistics.matches(profile, filters):
			continue
		if row.subject_type != "Individual" and any(
			filters.get(f) for f in ("gender", "ethnic_group", "position")
		):
			continue
		if filters.subject_type and row.subject_type != filters.subject_type:
			continue
		unit = unit_details.get(row.unit)
		if filters.sector and (not unit or unit.sector != filters.sector):
			continue
		result.append(
			{
				"decision": row.decision,
				"proposal": row.proposal,
				"decision_number": row.decision_number,
				"decision_date": row.decision_date,
				"year": getdate(row.decision_date).year if row.decision_date else None,
				"issued_by": row.issued_by,
				"outcome": row.outcome,
				"subject": row.subject_name,
				"subject_type": row.subject_type,
				"unit": row.unit,
				"sector": unit.sector if unit else None,
				"level": _(unit.level) if unit else None,
				**statistics.describe(row, profile),
				"award_form": row.award_form,
				"prize_amount": flt(row.prize_amount),
			}
		)
	return result


def decision_rows(filters) -> list[frappe._dict]:
	conditions = {"docstatus": 1}
	if filters.plan:
		conditions["plan"] = filters.plan
	if filters.year:
		year = cint(filters.year)
		conditions["decision_date"] = ("between", [f"{year}-01-01", f"{year}-12-31"])
	decisions = {
		row.name: row
		for row in frappe.get_list(
			AWARD, filters=conditions, fields=["name", "decision_number", "decision_date", "issuing_unit"]
		)
	}
	if not decisions:
		return []
	issuers = unit_names({row.issuing_unit for row in decisions.values()})
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
	rows = []
	for row in query.run(as_dict=True):
		decision = decisions[row.parent]
		row.update(
			{
				"decision": row.parent,
				"proposal": None,
				"decision_number": decision.decision_number,
				"decision_date": decision.decision_date,
				"issued_by": issuers.get(decision.issuing_unit),
				"outcome": _("Issued"),
			}
		)
		rows.append(row)
	return rows


def proposal_rows(filters) -> list[frappe._dict]:
	"""The proposals to the Confederation and the People's Committee, dated by their answer (or by their
	letter while the answer is awaited)."""
	conditions = {"plan": filters.plan} if filters.plan else {}
	rows = []
	for row in proposals.outcomes(conditions):
		if filters.award_form and row["award_form"] != filters.award_form:
			continue
		if filters.year and (not row["date"] or getdate(row["date"]).year != cint(filters.year)):
			continue
		body, outcome = row["higher_body"], row["outcome"]
		rows.append(
			frappe._dict(
				row,
				decision=None,
				decision_number=row["number"],
				decision_date=row["date"],
				issued_by=_(body),
				outcome=_(outcome) if outcome else _("Awaiting Answer"),
				prize_amount=0,
			)
		)
	return rows


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
			"fieldname": "proposal",
			"label": _("Emulation Upward Proposal"),
			"fieldtype": "Link",
			"options": "Emulation Upward Proposal",
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
		{"fieldname": "issued_by", "label": _("Awarded By"), "fieldtype": "Data", "width": 200},
		{"fieldname": "outcome", "label": _("Outcome"), "fieldtype": "Data", "width": 110},
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
			"fieldname": "sector",
			"label": _("Sector"),
			"fieldtype": "Link",
			"options": "Emulation Sector",
			"width": 100,
		},
		{"fieldname": "level", "label": _("Unit Level"), "fieldtype": "Data", "width": 150},
		{"fieldname": "gender", "label": _("Gender"), "fieldtype": "Data", "width": 80},
		{
			"fieldname": "ethnic_group",
			"label": _("Ethnic Group"),
			"fieldtype": "Link",
			"options": "Ethnic Group",
			"width": 100,
		},
		{
			"fieldname": "position",
			"label": _("Leaders and Front-Line Workers"),
			"fieldtype": "Data",
			"width": 150,
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
		if row["decision"]:
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
