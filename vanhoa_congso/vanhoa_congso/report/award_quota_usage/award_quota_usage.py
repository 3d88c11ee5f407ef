# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""How much of each award quota of a plan is proposed, approved, issued and left."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from vanhoa_congso.report_utils import translated
from vanhoa_congso.rules import quotas


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.plan:
		return columns(), []
	rows = quota_usage(filters.plan, cint(filters.phase_year) or None)
	chart_data = chart(rows)
	return columns(), translated(rows, "subject_type", "quota_scope"), None, chart_data


def latest_year(plan: str) -> int:
	"""The year of the plan's latest issued decision, else the plan's last year up to this one."""
	year = frappe.db.get_value("Emulation Award", {"plan": plan, "docstatus": 1}, "max(phase_year)")
	if year:
		return cint(year)
	start, end = frappe.db.get_value("Emulation Plan", plan, ["period_from_year", "period_to_year"])
	return max(cint(start), min(cint(end), getdate(nowdate()).year))


def quota_usage(plan: str, year: int | None = None) -> list[dict]:
	"""One row per quota line of the plan, each counted in its period: `year` (by default the year of
	the latest issued decision) for a line counted per year, its review or the whole campaign else.

	Shape: {"award_form", "subject_type", "quota_scope", "period_year", "reserved_sector", "quota",
	"reserved", "proposed", "approved", "issued", "issued_in_sector", "remaining",
	"remaining_outside_sector"}
	"""
	doc = frappe.get_doc("Emulation Plan", plan)
	year = year or latest_year(plan)
	evaluations = frappe.get_all(
		"Emulation Evaluation",
		filters={
			"plan": plan,
			"docstatus": ("<", 2),
			"workflow_state": ("in", ["Forwarded to Council", "Approved"]),
		},
		fields=["proposed_award_form", "subject_type", "docstatus", "phase", "phase_year"],
	)
	counted = quotas.stored(plan)
	rows = []
	for quota in doc.award_quotas:
		scope = quota.quota_scope or quotas.YEAR
		period_year = year if scope == quotas.YEAR else 0
		key = (quota.award_form, quota.subject_type)
		proposed = [
			e
			for e in evaluations
			if (e.proposed_award_form, e.subject_type) == key
			and (scope != quotas.YEAR or cint(e.phase_year) == year)
			and (scope not in quotas.REVIEW_SCOPES or e.phase == scope)
		]
		given = counted.get(quotas.Key(*key, scope, period_year, "", 1), 0)
		in_sector = (
			counted.get(quotas.Key(*key, scope, period_year, quota.reserved_sector, 0), 0)
			if quota.reserved_sector
			else 0
		)
		maximum, reserved = cint(quota.max_count), cint(quota.reserved_count)
		rows.append(
			{
				"award_form": quota.award_form,
				"subject_type": quota.subject_type,
				"quota_scope": scope,
				"period_year": period_year or None,
				"reserved_sector": quota.reserved_sector,
				"quota": maximum,
				"reserved": reserved,
				"proposed": len(proposed),
				"approved": sum(1 for e in proposed if e.docstatus == 1),
				"issued": given,
				"issued_in_sector": in_sector,
				"remaining": maximum - given,
				"remaining_outside_sector": (maximum - reserved) - (given - in_sector),
			}
		)
	return rows


def columns() -> list[dict]:
	return [
		{
			"fieldname": "award_form",
			"label": _("Award Form"),
			"fieldtype": "Link",
			"options": "Award Form",
			"width": 260,
		},
		{"fieldname": "subject_type", "label": _("Subject Type"), "fieldtype": "Data", "width": 100},
		{"fieldname": "quota_scope", "label": _("Counted Per"), "fieldtype": "Data", "width": 110},
		{"fieldname": "period_year", "label": _("Year"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "reserved_sector",
			"label": _("Reserved for Sector"),
			"fieldtype": "Link",
			"options": "Emulation Sector",
			"width": 120,
		},
		{"fieldname": "quota", "label": _("Maximum"), "fieldtype": "Int", "width": 90},
		{"fieldname": "reserved", "label": _("Of Which Reserved"), "fieldtype": "Int", "width": 110},
		{"fieldname": "proposed", "label": _("Proposed"), "fieldtype": "Int", "width": 90},
		{"fieldname": "approved", "label": _("Approved"), "fieldtype": "Int", "width": 90},
		{"fieldname": "issued", "label": _("Issued"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "issued_in_sector",
			"label": _("Issued in the Sector"),
			"fieldtype": "Int",
			"width": 120,
		},
		{"fieldname": "remaining", "label": _("Remaining"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "remaining_outside_sector",
			"label": _("Remaining outside the Sector"),
			"fieldtype": "Int",
			"width": 150,
		},
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	labels = [f"{row['award_form']} ({_(row['subject_type'])})" for row in rows]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Issued"), "values": [row["issued"] for row in rows]},
				{"name": _("Remaining"), "values": [row["remaining"] for row in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
