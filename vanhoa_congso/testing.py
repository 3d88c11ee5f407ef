"""Factories for tests: build just the records a test needs."""

from __future__ import annotations

import frappe
from frappe.utils import random_string

from vanhoa_congso.rules import units


def make_unit(level: str, parent: str | None = None, **fields) -> frappe.model.document.Document:
	code = fields.pop("unit_code", None) or f"T-{random_string(8)}"
	return frappe.get_doc(
		{
			"doctype": "Emulation Unit",
			"unit_code": code,
			"unit_name": fields.pop("unit_name", f"Đơn vị thử {code}"),
			"level": level,
			"parent_emulation_unit": parent,
			"valid_from": fields.pop("valid_from", "2019-01-01"),
			**fields,
		}
	).insert()


def make_tree() -> frappe._dict:
	"""A province with one district and two grassroots unions under it."""
	province = make_unit(units.PROVINCE)
	district = make_unit(units.DISTRICT, province.name)
	return frappe._dict(
		province=province,
		district=district,
		grassroots=make_unit(units.GRASSROOTS, district.name),
		grassroots_2=make_unit(units.GRASSROOTS, district.name),
	)


def make_member(unit: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Union Member",
			"full_name": fields.pop("full_name", f"Đoàn viên {random_string(5)}"),
			"emulation_unit": unit,
			"category": fields.pop("category", "Civil Servant"),
			**fields,
		}
	).insert()


def make_award_form(**fields):
	name = fields.pop("award_form_name", f"Bằng khen thử {random_string(6)}")
	return frappe.get_doc(
		{
			"doctype": "Award Form",
			"award_form_name": name,
			"award_kind": "Certificate of Merit",
			"issuing_level": units.PROVINCE,
			"subject_type": "Collective and Individual",
			**fields,
		}
	).insert()


def make_plan(issuing_unit: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Emulation Plan",
			"plan_number": fields.pop("plan_number", f"{random_string(4)}/KH-LĐLĐ"),
			"issuing_unit": issuing_unit,
			"place": "Lai Châu",
			"issue_date": fields.pop("issue_date", "2019-09-13"),
			"title": "Kế hoạch thử",
			"period_from_year": 2019,
			"period_to_year": 2025,
			**fields,
		}
	).insert()


def count(doctype: str, filters: dict | None = None) -> int:
	return frappe.db.count(doctype, filters or {})
