# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Which units sent their periodic reports on time, late, or not at all."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from vanhoa_congso.report_utils import scoped_units, unit_names
from vanhoa_congso.rules import reporting


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.plan:
		return [], []
	plan = frappe.get_doc("Emulation Plan", filters.plan)
	periods = [p for p in reporting.periods(plan) if not filters.year or p[1] == cint(filters.year)]
	rows = compliance(plan, periods, filters.unit, getdate(filters.as_on or nowdate()))
	return columns(periods), rows, None, chart(rows, periods)


def period_key(period_type: str, year: int) -> str:
	return f"{'h' if period_type == reporting.SIX_MONTHLY else 'y'}_{year}"


def compliance(plan, periods, unit_filter, today) -> list[dict]:
	"""Shape: {"unit", "unit_name", "<h|y>_<year>": "On Time" | "Late" | "Missing" | "Not Due" | None}.
	None marks a period in which the unit did not exist."""
	scope = scoped_units(unit_filter)
	allowed = set(scope) if scope is not None else None
	done = reporting.submitted_reports(plan.name)
	units_by_period = {
		period: reporting.reporting_units(plan, reporting.period_end(*period)) for period in periods
	}
	required = {period: set(found) for period, found in units_by_period.items()}
	ordered = list(
		dict.fromkeys(
			unit for found in units_by_period.values() for unit in found if allowed is None or unit in allowed
		)
	)
	names = unit_names(ordered)
	rows = []
	for unit in ordered:
		row = {"unit": unit, "unit_name": names.get(unit)}
		for period_type, year in periods:
			if unit not in required[(period_type, year)]:
				row[period_key(period_type, year)] = None
				continue
			status = reporting.compliance_status(
				done.get((unit, period_type, year)), reporting.due_date(plan, period_type, year), today
			)
			row[period_key(period_type, year)] = _(status)
		rows.append(row)
	return rows


def columns(periods) -> list[dict]:
	return [
		{
			"fieldname": "unit",
			"label": _("Unit"),
			"fieldtype": "Link",
			"options": "Emulation Unit",
			"width": 110,
		},
		{"fieldname": "unit_name", "label": _("Unit Name"), "fieldtype": "Data", "width": 240},
	] + [
		{
			"fieldname": period_key(period_type, year),
			"label": f"{_(period_type)} {year}",
			"fieldtype": "Data",
			"width": 120,
		}
		for period_type, year in periods
	]


def chart(rows, periods) -> dict | None:
	if not rows:
		return None
	counts = Counter(
		value for row in rows for key, value in row.items() if key not in ("unit", "unit_name") and value
	)
	labels = [
		_(status) for status in (reporting.ON_TIME, reporting.LATE, reporting.MISSING, reporting.NOT_DUE)
	]
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _("Reports"), "values": [counts.get(label, 0) for label in labels]}],
		},
		"type": "donut",
	}
