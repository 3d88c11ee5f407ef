"""Helpers for print formats laid out after Decree 30/2020/NĐ-CP (official document format)."""

from __future__ import annotations

import frappe
from frappe.utils import getdate

NATIONAL_BODY = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"


def place_and_date(place: str | None, date) -> str:
	"""'Lai Châu, ngày 13 tháng 9 năm 2019': days below 10 and months 1 and 2 take a leading zero."""
	if not date:
		return place or ""
	date = getdate(date)
	day = f"{date.day:02d}"
	month = f"{date.month:02d}" if date.month < 3 else str(date.month)
	text = f"ngày {day} tháng {month} năm {date.year}"
	return f"{place}, {text}" if place else text.capitalize()


def header_bodies(unit: str | None) -> tuple[str | None, str | None]:
	"""(issuing body, the body it belongs to) in capitals, as the top-left block of the document prints them."""
	if not unit:
		return None, None
	values = frappe.db.get_value("Emulation Unit", unit, ["unit_name", "parent_emulation_unit"], as_dict=True)
	if not values:
		return None, None
	parent_name = (
		frappe.db.get_value("Emulation Unit", values.parent_emulation_unit, "unit_name")
		if values.parent_emulation_unit
		else NATIONAL_BODY
	)
	return values.unit_name.upper(), parent_name.upper()


def award_kind_title(award_form: str) -> str:
	kind = frappe.db.get_value("Award Form", award_form, "award_kind")
	return {"Certificate of Merit": "BẰNG KHEN", "Certificate of Commendation": "GIẤY KHEN"}.get(
		kind, award_form.upper()
	)


def vnd(amount) -> str:
	"""An amount of đồng as Vietnamese documents print it: 9.360.000 (the site's number format may differ)."""
	from frappe.utils import flt

	return f"{round(flt(amount)):,}".replace(",", ".")
