# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""Who has registered for the campaign and who has not, unit by unit."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from vanhoa_congso.report_utils import scoped_units, unit_names
from vanhoa_congso.rules import clusters, sending, units

REGISTRATION = "Emulation Registration"
NOT_REGISTERED = "Not Registered"
STATUSES = (sending.ACKNOWLEDGED, sending.SENT, sending.RETURNED, sending.DRAFT, NOT_REGISTERED)
COLOURS = {
	sending.ACKNOWLEDGED: "#28a745",
	sending.SENT: "#2490ef",
	sending.RETURNED: "#fd7e14",
	sending.DRAFT: "#98a2b3",
	NOT_REGISTERED: "#e03636",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.plan:
		return columns(False), []
	plan = frappe.get_cached_doc("Emulation Plan", filters.plan)
	rows = registration_status(plan, filters)
	return columns(bool(plan.members_register)), rows, None, chart(rows), summary(rows)


def listed_units(plan, filters) -> list[str]:
	"""Units of the plan on the chosen date (the issuing unit's subtree as it stood then), within the
	user's scope and the filters."""
	on_date = getdate(filters.as_on or nowdate())
	found = units.descendants_on(plan.issuing_unit, on_date)
	allowed = scoped_units(None)
	if allowed is not None:
		allowed_set = set(allowed)
		found = [unit for unit in found if unit in allowed_set]
	if filters.unit:
		chosen = {filters.unit, *units.descendants_on(filters.unit, on_date)}
		found = [unit for unit in found if unit in chosen]
	if filters.cluster:
		members = set(clusters.member_units(filters.cluster))
		found = [unit for unit in found if unit in members]
	if filters.level:
		at_level = set(frappe.get_all(units.UNIT, filters={"level": filters.level}, pluck="name"))
		found = [unit for unit in found if unit in at_level]
	return found


def registration_status(plan, filters) -> list[dict]:
	"""Shape: {"unit", "unit_name", "level", "parent_unit", "status", "status_key", "registration",
	"registered_on", "targets", "commitment", "members_registered", "active_members"}."""
	listed = listed_units(plan, filters)
	if not listed:
		return []
	on_date = getdate(filters.as_on or nowdate())
	parents = units.parents_on(on_date)
	registrations = {
		row.subject_unit: row
		for row in frappe.get_list(
			REGISTRATION,
			filters={"plan": plan.name, "subject_type": "Collective", "subject_unit": ("in", listed)},
			fields=["name", "subject_unit", "status", "registered_on", "commitment_file"],
		)
	}
	targets = aimed_at(list(row.name for row in registrations.values()))
	members_registered, active_members = member_counts(plan, listed) if plan.members_register else ({}, {})
	names = unit_names(listed)
	levels = dict(
		frappe.get_all(units.UNIT, filters={"name": ("in", listed)}, fields=["name", "level"], as_list=True)
	)
	rows = []
	for unit in listed:
		found = registrations.get(unit)
		key = found.status if found else NOT_REGISTERED
		if filters.registration == "Registered" and key != sending.ACKNOWLEDGED:
			continue
		if filters.registration == NOT_REGISTERED and key == sending.ACKNOWLEDGED:
			continue
		rows.append(
			{
				"unit": unit,
				"unit_name": names.get(unit),
				"level": _(levels.get(unit)) if levels.get(unit) else None,
				"parent_unit": parents.get(unit),
				"status": _(key),
				"status_key": key,
				"registration": found.name if found else None,
				"registered_on": found.registered_on if found else None,
				"targets": ", ".join(targets.get(found.name, [])) if found else None,
				"commitment": 1 if found and found.commitment_file else 0,
				"members_registered": members_registered.get(unit, 0),
				"active_members": active_members.get(unit, 0),
			}
		)
	return rows


def aimed_at(registrations: list[str]) -> dict[str, list[str]]:
	result: dict[str, list[str]] = {}
	if not registrations:
		return result
	target = frappe.qb.DocType("Emulation Registration Target")
	for parent, award_form in (
		frappe.qb.from_(target)
		.select(target.parent, target.award_form)
		.where(target.parent.isin(registrations) & (target.parenttype == REGISTRATION))
		.orderby(target.idx)
		.run()
	):
		result.setdefault(parent, []).append(award_form)
	return result


def member_counts(plan, listed: list[str]) -> tuple[Counter, Counter]:
	"""Per unit: members whose own registration was acknowledged, and active members. The units are
	already narrowed to the user's scope."""
	registered = Counter(
		frappe.get_list(
			REGISTRATION,
			filters={
				"plan": plan.name,
				"subject_type": "Individual",
				"status": sending.ACKNOWLEDGED,
				"emulation_unit": ("in", listed),
			},
			pluck="emulation_unit",
		)
	)
	member = frappe.qb.DocType("Union Member")
	active = Counter(
		row[0]
		for row in frappe.qb.from_(member)
		.select(member.emulation_unit)
		.where(member.emulation_unit.isin(listed) & (member.status == "Active Member"))
		.run()
	)
	return registered, active


def columns(members_register: bool) -> list[dict]:
	result = [
		{
			"fieldname": "unit",
			"label": _("Unit"),
			"fieldtype": "Link",
			"options": "Emulation Unit",
			"width": 110,
		},
		{"fieldname": "unit_name", "label": _("Unit Name"), "fieldtype": "Data", "width": 260},
		{"fieldname": "level", "label": _("Unit Level"), "fieldtype": "Data", "width": 160},
		# Data, not Link: frappe drops report rows whose unit links fall outside the user's units, and a
		# district's own row names the province above it
		{"fieldname": "parent_unit", "label": _("Parent Unit"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "status",
			"label": _("Registration for the Campaign"),
			"fieldtype": "Data",
			"width": 130,
		},
		{
			"fieldname": "registration",
			"label": _("Emulation Registration"),
			"fieldtype": "Link",
			"options": REGISTRATION,
			"width": 110,
		},
		{"fieldname": "registered_on", "label": _("Registration Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "targets", "label": _("Titles and Awards Aimed At"), "fieldtype": "Data", "width": 260},
		{"fieldname": "commitment", "label": _("Signed Commitment"), "fieldtype": "Check", "width": 90},
	]
	if members_register:
		result += [
			{
				"fieldname": "members_registered",
				"label": _("Members Registered"),
				"fieldtype": "Int",
				"width": 110,
			},
			{"fieldname": "active_members", "label": _("Active Members"), "fieldtype": "Int", "width": 110},
		]
	return result


def summary(rows: list[dict]) -> list[dict] | None:
	if not rows:
		return None
	counts = Counter(row["status_key"] for row in rows)
	cards = [{"value": len(rows), "label": _("Units Listed"), "datatype": "Int", "indicator": "Blue"}]
	indicators = {sending.ACKNOWLEDGED: "Green", sending.SENT: "Blue", NOT_REGISTERED: "Red"}
	cards += [
		{
			"value": counts.get(status, 0),
			"label": _(status),
			"datatype": "Int",
			"indicator": indicators.get(status, "Orange"),
		}
		for status in STATUSES
		if counts.get(status) or status in indicators
	]
	return cards


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	counts = Counter(row["status_key"] for row in rows)
	labels = [status for status in STATUSES if counts.get(status)]
	return {
		"data": {
			"labels": [_(status) for status in labels],
			"datasets": [{"name": _("Units Listed"), "values": [counts[status] for status in labels]}],
		},
		"type": "donut",
		"colors": [COLOURS[status] for status in labels],
	}
