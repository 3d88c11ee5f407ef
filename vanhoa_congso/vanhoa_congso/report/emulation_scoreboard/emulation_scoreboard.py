# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Ranking of evaluations of a plan phase, with the share achieved in each criteria group."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt

from vanhoa_congso.report_utils import scoped_units, unit_names
from vanhoa_congso.rules import evaluations


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.plan:
		return columns([]), [], None, None
	subject_type = filters.subject_type or "Collective"
	groups = criteria_groups(filters.plan, subject_type)
	rows = scoreboard(filters, subject_type, groups)
	return columns(groups), rows, None, chart(rows)


def criteria_groups(plan: str, subject_type: str) -> list[dict]:
	"""Top-level criteria of the plan's set: groups, or items that stand alone."""
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	return frappe.get_all(
		"Emulation Criterion",
		filters={
			"criteria_set": criteria_set,
			"subject_type": subject_type,
			"parent_emulation_criterion": ("is", "not set"),
		},
		fields=["name", "code", "criterion_text", "lft", "rgt"],
		order_by="lft asc",
	)


def visible_evaluations(filters, subject_type: str) -> list[dict]:
	conditions = {"plan": filters.plan, "subject_type": subject_type, "docstatus": ("<", 2)}
	for field in ("phase", "sector"):
		if filters.get(field):
			conditions[field] = filters[field]
	if filters.phase_year:
		conditions["phase_year"] = cint(filters.phase_year)
	units = scoped_units(filters.unit)
	if filters.level:
		level_units = set(frappe.get_all("Emulation Unit", filters={"level": filters.level}, pluck="name"))
		units = [unit for unit in units if unit in level_units] if units is not None else sorted(level_units)
	if units is not None:
		conditions["emulation_unit"] = ("in", units or [""])
	return frappe.get_list(
		"Emulation Evaluation",
		filters=conditions,
		fields=[
			"name",
			"subject_name",
			"emulation_unit",
			"final_percent",
			"classification",
			"workflow_state",
		],
	)


def scoreboard(filters, subject_type: str, groups: list[dict]) -> list[dict]:
	"""One row per evaluation, ranked by final percentage; group shares use each row's latest assessment.

	Shape: {"rank", "evaluation", "subject", "unit", "unit_name", "state", "classification", "final_percent", "g_<code>"...}
	"""
	found = visible_evaluations(filters, subject_type)
	if not found:
		return []
	shares = group_shares([row.name for row in found], groups)
	names = unit_names({row.emulation_unit for row in found})
	ranked = sorted(found, key=lambda row: (-flt(row.final_percent), row.subject_name or ""))
	result = []
	for rank, row in enumerate(ranked, start=1):
		line = {
			"rank": rank,
			"evaluation": row.name,
			"subject": row.subject_name,
			"unit": row.emulation_unit,
			"unit_name": names.get(row.emulation_unit),
			"state": row.workflow_state,
			"classification": row.classification,
			"final_percent": flt(row.final_percent),
		}
		for group in groups:
			line[f"g_{group.code}"] = shares.get(row.name, {}).get(group.code)
		result.append(line)
	return result


def group_shares(names: list[str], groups: list[dict]) -> dict[str, dict[str, float | None]]:
	"""{evaluation: {group code: % achieved}}, each row at its latest assessed level, added up in the
	database: one row per evaluation comes back, not one per criterion.

	A group none of whose rows is assessed yet has no share (None)."""
	from frappe.query_builder import Case
	from frappe.query_builder.functions import Coalesce, NullIf, Sum

	group_of = criterion_groups_by_leaf(groups)
	if not names or not group_of:
		return {}
	item = frappe.qb.DocType("Emulation Evaluation Item")
	fraction = evaluations.fraction_term(item)
	weight = Coalesce(NullIf(item.weight, 0), 1)
	columns = [item.parent]
	for index, group in enumerate(groups):
		leaves = [leaf for leaf, code in group_of.items() if code == group.code] or [""]
		counted = item.criterion.isin(leaves) & fraction.isnotnull()
		columns.append(Sum(Case().when(counted, fraction * weight)).as_(f"achieved_{index}"))
		columns.append(Sum(Case().when(counted, weight)).as_(f"weight_{index}"))
	rows = (
		frappe.qb.from_(item)
		.select(*columns)
		.where(item.parent.isin(names) & (item.parenttype == "Emulation Evaluation"))
		.groupby(item.parent)
		.run()
	)
	result = {}
	for row in rows:
		result[row[0]] = {
			group.code: round(100 * flt(row[1 + 2 * index]) / flt(row[2 + 2 * index]), 2)
			if flt(row[2 + 2 * index])
			else None
			for index, group in enumerate(groups)
		}
	return result


def criterion_groups_by_leaf(groups: list[dict]) -> dict[str, str]:
	"""Map each criterion of the set to the code of its top-level group (nested-set bounds)."""
	if not groups:
		return {}
	criteria_set = frappe.db.get_value("Emulation Criterion", groups[0].name, "criteria_set")
	leaves = frappe.get_all(
		"Emulation Criterion", filters={"criteria_set": criteria_set}, fields=["name", "lft"]
	)
	result = {}
	for leaf in leaves:
		for group in groups:
			if group.lft <= leaf.lft < group.rgt:
				result[leaf.name] = group.code
				break
	return result


def columns(groups: list[dict]) -> list[dict]:
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
		{"fieldname": "state", "label": _("Workflow State"), "fieldtype": "Data", "width": 150},
		{"fieldname": "classification", "label": _("Classification"), "fieldtype": "Data", "width": 110},
		{"fieldname": "final_percent", "label": _("Final Total"), "fieldtype": "Percent", "width": 100},
	]
	return base + [
		{"fieldname": f"g_{group.code}", "label": group.code, "fieldtype": "Percent", "width": 80}
		for group in groups
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	order = [name for name, _field in evaluations.CLASSIFICATIONS] + [evaluations.FAILED]
	counts = {name: 0 for name in order}
	for row in rows:
		if row["classification"] in counts:
			counts[row["classification"]] += 1
	return {
		"data": {
			"labels": [_(name) for name in order],
			"datasets": [{"name": _("Evaluations"), "values": list(counts.values())}],
		},
		"type": "bar",
	}
