"""The breakdowns officers are asked for: by gender, ethnic group, leaders and front-line workers,
sector and unit level."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _

GENDER, ETHNIC_GROUP, POSITION, SECTOR, LEVEL = (
	"Gender",
	"Ethnic Group",
	"Leaders and Front-Line Workers",
	"Sector",
	"Unit Level",
)
BREAKDOWNS = (GENDER, ETHNIC_GROUP, POSITION, SECTOR, LEVEL)
# breakdowns that describe people, so they apply to individuals only
PERSONAL = (GENDER, ETHNIC_GROUP, POSITION)
LEADERS, FRONT_LINE = "Leaders and Managers", "Front-Line Workers"
MAJORITY_ETHNIC_GROUP = "Kinh"
UNSPECIFIED = "Not Recorded"


def member_profiles(members, permission_aware: bool = True) -> dict[str, frappe._dict]:
	"""{member: gender, ethnic_group, is_leader, is_party_member}; a report reads them as its user."""
	members = sorted({m for m in members if m})
	if not members:
		return {}
	reader = frappe.get_list if permission_aware else frappe.get_all
	return {
		row.name: row
		for row in reader(
			"Union Member",
			filters={"name": ("in", members)},
			fields=["name", "gender", "ethnic_group", "is_leader", "is_party_member"],
		)
	}


def is_ethnic_minority(ethnic_group: str | None) -> bool:
	return bool(ethnic_group) and ethnic_group != MAJORITY_ETHNIC_GROUP


def position_of(profile) -> str | None:
	if not profile:
		return None
	return LEADERS if profile.is_leader else FRONT_LINE


def describe(row: dict, profile, translations: dict | None = None) -> dict:
	"""The row's personal columns, translated, from its member's profile (empty for collectives).
	A report describing thousands of rows passes one `translations` dict to translate each value once."""
	if not profile:
		return {"gender": None, "ethnic_group": None, "position": None}
	translations = {} if translations is None else translations
	# attributes: a frappe._dict or the Scoreboard's named tuple of an evaluation
	gender = profile.gender
	position = position_of(profile)
	for text in (gender, position):
		if text and text not in translations:
			translations[text] = _(text)
	return {
		"gender": translations[gender] if gender else None,
		"ethnic_group": profile.ethnic_group,
		"position": translations[position],
	}


def matches(profile, filters) -> bool:
	"""Whether an individual's profile passes the report's gender, ethnic group and position filters."""
	wanted = {
		"gender": filters.get("gender"),
		"ethnic_group": filters.get("ethnic_group"),
		"position": filters.get("position"),
	}
	if not any(wanted.values()):
		return True
	if not profile:
		return False
	if wanted["gender"] and profile.gender != wanted["gender"]:
		return False
	if wanted["ethnic_group"] and profile.ethnic_group != wanted["ethnic_group"]:
		return False
	return not (wanted["position"] and position_of(profile) != wanted["position"])


def category(row: dict, breakdown: str) -> str:
	"""The row's value for `breakdown`, as the officer reads it."""
	value = {
		GENDER: row.get("gender"),
		ETHNIC_GROUP: row.get("ethnic_group"),
		POSITION: row.get("position"),
		SECTOR: row.get("sector"),
		LEVEL: row.get("level"),
	}.get(breakdown)
	return value or _(UNSPECIFIED)


def summary(rows: list[dict], breakdown: str | None) -> list[dict] | None:
	"""Report summary cards: how many rows fall in each category of the breakdown. Personal breakdowns
	count individuals only."""
	if not breakdown or breakdown not in BREAKDOWNS:
		return None
	counted = [r for r in rows if breakdown not in PERSONAL or r.get("subject_type") == "Individual"]
	counts = Counter(category(row, breakdown) for row in counted)
	cards = [{"value": len(counted), "label": _("In All"), "datatype": "Int", "indicator": "Blue"}]
	cards += [
		{"value": count, "label": frappe.utils.escape_html(label), "datatype": "Int", "indicator": "Grey"}
		for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
	]
	return cards


def chart(rows: list[dict], breakdown: str) -> dict | None:
	counted = [r for r in rows if breakdown not in PERSONAL or r.get("subject_type") == "Individual"]
	if not counted:
		return None
	counts = Counter(category(row, breakdown) for row in counted)
	labels = sorted(counts, key=lambda label: (-counts[label], label))
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _(breakdown), "values": [counts[k] for k in labels]}],
		},
		"type": "bar",
	}
