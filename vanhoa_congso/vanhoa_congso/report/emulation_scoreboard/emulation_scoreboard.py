# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Ranking of evaluations of a plan phase, with the share achieved in each criteria group."""

from __future__ import annotations

from collections import Counter, namedtuple

import frappe
from frappe import _
from frappe.utils import cint, flt

from vanhoa_congso.report_utils import listed_rows, scoped_units, unit_labels
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
	rows, classified = scoreboard(filters, subject_type, groups)
	breakdown = filters.breakdown if filters.breakdown in statistics.BREAKDOWNS else None
	charted = statistics.chart(rows, breakdown) if breakdown else chart(classified)
	summary = statistics.summary(rows, breakdown)
	result = (columns(groups, subject_type), rows, None, charted)
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
	# of the stored shares only each row's latest (a fifth of the text a province reads)
	found = listed_rows(
		"Emulation Evaluation", conditions, fields, narrowed={"group_shares": evaluations.LATEST}
	)
	# a province has thousands of rows: named tuples, whose fields read ten times faster than a
	# frappe._dict's attributes
	row = namedtuple("EvaluationRow", fields)
	return under_chosen_unit(filters, list(map(row._make, found)))


def scoreboard(filters, subject_type: str, groups: list[dict]) -> tuple[list[dict], Counter]:
	"""One row per evaluation, ranked by final percentage; group shares use each row's latest assessment,
	as the evaluation stored them. With the rows, how many evaluations have each stored classification.

	Shape: {"rank", "evaluation", "subject", "subject_type", "unit", "unit_name", "level", "sector",
	"state", "classification", "final_percent", "gender", "ethnic_group", "position", "g_<code>"...};
	the state and classification in the user's language, the personal columns filled for individuals."""
	found = visible_evaluations(filters, subject_type)
	individual = subject_type == "Individual"
	if any(filters.get(field) for field in ("gender", "ethnic_group", "position")):
		# a collective has no gender, ethnic group or position
		found = [row for row in found if statistics.matches(row, filters)] if individual else []
	classified = Counter(row.classification for row in found)
	if not found:
		return [], classified
	labels = unit_labels({row.emulation_unit for row in found})
	levels_shown = {level: _(level) for _name, level in labels.values() if level}
	unit_columns = {
		unit: {"unit_name": unit_name, "level": levels_shown.get(level)}
		for unit, (unit_name, level) in labels.items()
	}
	no_unit = {"unit_name": None, "level": None}
	share_columns = [(group.code, f"g_{group.code}") for group in groups]
	# a province has thousands of rows but few distinct values, profiles and stored shares
	# (evaluations assessed alike store the same text): the cells of each are worked out once
	shown = {value: _(value) for value in {row.workflow_state for row in found} | set(classified) if value}
	shown.update({None: None, "": ""})
	translations: dict[str, str] = {}
	personal: dict[tuple, dict] = {}
	shares: dict[str | None, dict] = {}
	collective = statistics.describe(None, None)
	ranked = sorted(found, key=lambda row: (-(row.final_percent or 0), row.subject_name or ""))
	result = []
	for rank, row in enumerate(ranked, start=1):
		if individual:
			profile = (row.gender, row.ethnic_group, row.is_leader)
			profile_cells = personal.get(profile)
			if profile_cells is None:
				profile_cells = personal[profile] = statistics.describe(row, row, translations)
		else:
			profile_cells = collective
		share_cells = shares.get(row.group_shares)
		if share_cells is None:
			latest = latest_of(row.group_shares)
			share_cells = shares[row.group_shares] = {
				column: latest.get(code) for code, column in share_columns
			}
		result.append(
			{
				"rank": rank,
				"evaluation": row.name,
				"subject": row.subject_name,
				"subject_type": subject_type,
				"unit": row.emulation_unit,
				"sector": row.sector,
				"state": shown[row.workflow_state],
				"classification": shown[row.classification],
				"final_percent": flt(row.final_percent),
				**unit_columns.get(row.emulation_unit, no_unit),
				**profile_cells,
				**share_cells,
			}
		)
	return result, classified


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


def chart(classified: Counter) -> dict | None:
	"""How many evaluations have each classification, counted on the stored (English) values; only
	the labels are in the user's language."""
	if not classified:
		return None
	order = [name for name, _field in evaluations.CLASSIFICATIONS] + [evaluations.FAILED]
	return {
		"data": {
			"labels": [_(name) for name in order],
			"datasets": [{"name": _("Evaluations"), "values": [classified.get(name, 0) for name in order]}],
		},
		"type": "bar",
	}
