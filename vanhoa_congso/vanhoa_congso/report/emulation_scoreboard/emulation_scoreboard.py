# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Ranking of evaluations of a plan phase, with the share achieved in each criteria group."""

from __future__ import annotations

from collections import namedtuple

import frappe
from frappe import _
from frappe.utils import cint, flt

from vanhoa_congso.report_utils import scoped_units, translated, unit_labels
from vanhoa_congso.rules import clusters, evaluations, members, statistics
from vanhoa_congso.rules import units as unit_rules
from vanhoa_congso.rules.evaluations import criteria_groups, latest_of
from vanhoa_congso.rules.reviews import REVIEW_PHASES


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.plan:
		return columns([], "Collective"), [], None, None
	subject_type = filters.subject_type or "Collective"
	groups = criteria_groups(filters.plan, subject_type)
	rows = scoreboard(filters, subject_type, groups)
	breakdown = filters.breakdown if filters.breakdown in statistics.BREAKDOWNS else None
	# the breakdown is counted on the stored values, then the cells are shown in the user's language
	charted = statistics.chart(rows, breakdown) if breakdown else chart(rows)
	summary = statistics.summary(rows, breakdown)
	result = (columns(groups, subject_type), translated(rows, "state", "classification"), None, charted)
	return (*result, summary) if summary else result


def unit_scope(filters) -> list[str] | None:
	"""Units whose evaluations the report may show: the user's own units, narrowed to the chosen
	cluster's members and to the chosen level (None: every unit).

	Without a cluster or level the answer is None: the evaluations are read with the user's
	permissions, which already keep them to the user's units, and a provincial manager's thousands
	of units are not listed in the query once more."""
	if not filters.cluster and not filters.level:
		return None
	units = scoped_units(None)
	if filters.cluster:
		members = set(clusters.member_units(filters.cluster))
		units = sorted(members) if units is None else [unit for unit in units if unit in members]
	if filters.level:
		level_units = set(frappe.get_all("Emulation Unit", filters={"level": filters.level}, pluck="name"))
		units = [unit for unit in units if unit in level_units] if units is not None else sorted(level_units)
	return units


def under_chosen_unit(filters, found: list[tuple]) -> list[tuple]:
	"""Evaluations of the chosen unit and the units below it as the tree stood on each evaluation's
	phase date: a 2024 evaluation of a district's grassroots union still counts under that district
	after the 2025 reorganisation, a 2025 one no longer does."""
	if not filters.unit:
		return found
	# one phase of one year: every evaluation is judged on the same date
	same_date = fixed_phase_date(filters)
	dates = {same_date} if same_date else {row.phase_date for row in found}
	subtrees = {
		phase_date: {filters.unit, *unit_rules.descendants_on(filters.unit, phase_date)}
		for phase_date in dates
	}
	if same_date:
		subtree = subtrees[same_date]
		return [row for row in found if row.emulation_unit in subtree]
	return [row for row in found if row.emulation_unit in subtrees[row.phase_date]]


def fixed_phase_date(filters):
	"""The phase date of every evaluation the filters choose, when they choose a half-year or a year
	(a review's date is the plan's milestone, which the evaluations stored as it stood when saved)."""
	if filters.phase and filters.phase_year and filters.phase not in REVIEW_PHASES:
		return evaluations.phase_date(filters.plan, filters.phase, cint(filters.phase_year))
	return None


def visible_evaluations(filters, subject_type: str) -> list[tuple]:
	conditions = {"plan": filters.plan, "subject_type": subject_type, "docstatus": ("<", 2)}
	for field in ("phase", "sector"):
		if filters.get(field):
			conditions[field] = filters[field]
	if filters.phase_year:
		conditions["phase_year"] = cint(filters.phase_year)
	units = unit_scope(filters)
	if units is not None:
		conditions["emulation_unit"] = ("in", units or [""])
	# only what the rows show: a province's Scoreboard reads every field of thousands of evaluations
	fields = ["name", "subject_name", "emulation_unit", "sector", "final_percent", "classification"]
	fields += ["workflow_state", "group_shares"]
	if subject_type == "Individual":
		fields += members.PROFILE_FIELDS
	if filters.unit and not fixed_phase_date(filters):
		fields.append("phase_date")
	# what the evaluation stored when it was saved: its criteria rows and its member's record are
	# never read here; in the order of the table, which needs no sorting (the rows are ranked below)
	found = frappe.get_list(
		"Emulation Evaluation",
		filters=conditions,
		fields=fields,
		order_by="`tabEmulation Evaluation`.`name`",
		as_list=True,
	)
	# a province has thousands of rows: named tuples, whose fields read ten times faster than a
	# frappe._dict's attributes
	row = namedtuple("EvaluationRow", fields)
	return under_chosen_unit(filters, list(map(row._make, found)))


def scoreboard(filters, subject_type: str, groups: list[dict]) -> list[dict]:
	"""One row per evaluation, ranked by final percentage; group shares use each row's latest assessment,
	as the evaluation stored them.

	Shape: {"rank", "evaluation", "subject", "subject_type", "unit", "unit_name", "level", "sector",
	"gender", "ethnic_group", "position", "state", "classification", "final_percent", "g_<code>"...};
	the personal columns are filled for individuals."""
	found = visible_evaluations(filters, subject_type)
	individual = subject_type == "Individual"
	if any(filters.get(field) for field in ("gender", "ethnic_group", "position")):
		# a collective has no gender, ethnic group or position
		found = [row for row in found if statistics.matches(row, filters)] if individual else []
	if not found:
		return []
	labels = unit_labels({row.emulation_unit for row in found})
	levels_shown = {level: _(level) for _name, level in labels.values() if level}
	unit_columns = {
		unit: {"unit_name": unit_name, "level": levels_shown.get(level)}
		for unit, (unit_name, level) in labels.items()
	}
	no_unit = {"unit_name": None, "level": None}
	share_columns = [(group.code, f"g_{group.code}") for group in groups]
	# a province has thousands of rows but few distinct profiles and stored shares (evaluations
	# assessed alike store the same text): the cells of each are worked out once
	translations: dict[str, str] = {}
	personal: dict[tuple, dict] = {}
	shares: dict[str | None, dict] = {}
	collective = statistics.describe(None, None)
	ranked = sorted(
		((flt(row.final_percent), row) for row in found),
		key=lambda pair: (-pair[0], pair[1].subject_name or ""),
	)
	result = []
	for rank, (percent, row) in enumerate(ranked, start=1):
		line = {
			"rank": rank,
			"evaluation": row.name,
			"subject": row.subject_name,
			"subject_type": subject_type,
			"unit": row.emulation_unit,
			"sector": row.sector,
			"state": row.workflow_state,
			"classification": row.classification,
			"final_percent": percent,
		}
		line.update(unit_columns.get(row.emulation_unit, no_unit))
		if individual:
			profile = (row.gender, row.ethnic_group, row.is_leader)
			cells = personal.get(profile)
			if cells is None:
				cells = personal[profile] = statistics.describe(row, row, translations)
			line.update(cells)
		else:
			line.update(collective)
		stored = row.group_shares
		cells = shares.get(stored)
		if cells is None:
			latest = latest_of(stored)
			cells = shares[stored] = {column: latest.get(code) for code, column in share_columns}
		line.update(cells)
		result.append(line)
	return result


def columns(groups: list[dict], subject_type: str) -> list[dict]:
	base = [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "evaluation",
			"label": _("Evaluation"),
			"fieldtype": "Link",
			"options": "Emulation Evaluation",
			"width": 130,
		},
		{"fieldname": "subject", "label": _("Subject Name"), "fieldtype": "Data", "width": 240},
		{
			"fieldname": "unit",
			"label": _("Unit"),
			"fieldtype": "Link",
			"options": "Emulation Unit",
			"width": 110,
		},
		{"fieldname": "unit_name", "label": _("Unit Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "level", "label": _("Unit Level"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "sector",
			"label": _("Sector"),
			"fieldtype": "Link",
			"options": "Emulation Sector",
			"width": 100,
		},
		{"fieldname": "state", "label": _("Workflow State"), "fieldtype": "Data", "width": 150},
		{"fieldname": "classification", "label": _("Classification"), "fieldtype": "Data", "width": 110},
		{"fieldname": "final_percent", "label": _("Final Total"), "fieldtype": "Percent", "width": 100},
	]
	if subject_type == "Individual":
		base += personal_columns()
	return base + [
		{"fieldname": f"g_{group.code}", "label": group_label(group), "fieldtype": "Percent", "width": 110}
		for group in groups
	]


def personal_columns() -> list[dict]:
	return [
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
	]


def group_label(group) -> str:
	"""A group's column heading: its code where the plan numbers its criteria (1.1.1), else the start of
	its text, since the app's own codes (a.1) mean nothing to the reader."""
	if group.print_codes:
		return group.code
	text = group.criterion_text.rstrip(":")
	return text if len(text) <= 40 else text[:39].rstrip(", ") + "…"


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	order = [name for name, _field in evaluations.CLASSIFICATIONS] + [evaluations.FAILED]
	counts = {name: 0 for name in order}
	for row in rows:
		# counted on the stored (English) values; only the labels are in the user's language
		if row["classification"] in counts:
			counts[row["classification"]] += 1
	return {
		"data": {
			"labels": [_(name) for name in order],
			"datasets": [{"name": _("Evaluations"), "values": list(counts.values())}],
		},
		"type": "bar",
	}
