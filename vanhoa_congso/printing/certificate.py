"""Certificates (Bằng khen, Giấy khen) as printed on pre-printed stock, one per recipient still holding
the award: landscape A4, the achievement in words, the decision's number and date and the
certificate's number in the register. Everything is placed in millimetres from the sheet's top left
corner and moved by the offsets in Certificate Print Settings, so that a secretary can meet the
lines of the stock at hand."""

from __future__ import annotations

import frappe
from frappe.utils import flt

from vanhoa_congso import printing
from vanhoa_congso.printing import decision

SETTINGS = "Certificate Print Settings"
# (top, left, width) in mm of each block on the sheet, before the offsets.
LAYOUT = {
	"nation": (16, 0, 297),
	"issuer": (38, 20, 257),
	"gives": (48, 0, 297),
	"kind": (56, 0, 297),
	"subject": (86, 20, 257),
	"unit": (101, 20, 257),
	"achievement": (111, 35, 227),
	"reference": (152, 22, 110),
	"signature": (146, 160, 120),
}


def layout(offset_top: float, offset_left: float) -> dict[str, str]:
	"""{block: 'top: …mm; left: …mm; width: …mm'}."""
	return {
		block: f"top: {top + offset_top:.1f}mm; left: {left + offset_left:.1f}mm; width: {width}mm;"
		for block, (top, left, width) in LAYOUT.items()
	}


def certificate_print_context(doc) -> frappe._dict:
	settings = frappe.get_single(SETTINGS)
	texts = decision.decision_print_context(doc)
	units = {
		row["name"]: row["unit"] for part in texts.annex.values() for row in part
	}  # the annex already worked out each recipient's unit
	number = decision.printed_number(doc)
	certificates = [
		frappe._dict(
			kind=printing.award_kind_title(row.award_form),
			subject=row.subject_name,
			unit=units.get(row.subject_name, ""),
			achievement=f"Đã có thành tích {printing.lower_first(row.achievement)}",
			certificate_number=row.certificate_number,
		)
		for row in decision.held(doc)
	]
	return frappe._dict(
		preprinted=bool(settings.print_preprinted_text),
		place=layout(flt(settings.offset_top_mm), flt(settings.offset_left_mm)),
		issuer=texts.authority,
		reference=f"Quyết định số {number}, {printing.place_and_date(None, doc.decision_date).lower()}",
		place_and_date=printing.place_and_date(doc.place, doc.decision_date),
		signature=printing.document_signature(doc),
		signer_name=doc.signer_name,
		certificates=certificates,
	)
