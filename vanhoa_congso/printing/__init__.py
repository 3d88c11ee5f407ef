"""What the app's print formats need to write a union document the way Decree 30/2020/NĐ-CP and the
Confederation's QĐ 933/QĐ-TLĐ (2024) lay it out: dates, the bodies in the header block, unit names in
running text, the signature block, amounts in figures and in words.

The functions named in hooks.py (jinja methods) are called from the templates; the rest is shared with
the rules that fill a document's defaults.
"""

from __future__ import annotations

import re

import frappe
from frappe.utils import cint, flt, getdate

NATIONAL_BODY = "Tổng Liên đoàn Lao động Việt Nam"

# Signing authority (Select values, English source strings) -> the abbreviations printed before the
# body or the head's title (Decree 30, Appendix I, part II.7: TM., KT., Q., TL., TUQ.).
ON_BEHALF = "On Behalf of the Body (TM.)"
ON_BEHALF_FOR_HEAD = "On Behalf of the Body, for the Head (TM., KT.)"
FOR_HEAD = "For the Head (KT.)"
ACTING_HEAD = "Acting Head (Q.)"
BY_ORDER = "By Order of the Head (TL.)"
BY_AUTHORISATION = "By Authorisation of the Head (TUQ.)"
AUTHORITIES = {
	ON_BEHALF: ("TM.", None),
	ON_BEHALF_FOR_HEAD: ("TM.", "KT."),
	FOR_HEAD: (None, "KT."),
	ACTING_HEAD: (None, "Q."),
	BY_ORDER: (None, "TL."),
	BY_AUTHORISATION: (None, "TUQ."),
}


def place_and_date(place: str | None, date) -> str:
	"""'Lai Châu, ngày 13 tháng 9 năm 2019': days below 10 and months 1 and 2 take a leading zero."""
	if not date:
		return place or ""
	date = getdate(date)
	day = f"{date.day:02d}"
	month = f"{date.month:02d}" if date.month < 3 else str(date.month)
	text = f"ngày {day} tháng {month} năm {date.year}"
	return f"{place}, {text}" if place else text.capitalize()


def short_date(date) -> str:
	"""'13/9/2019', as documents cite one another ('Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019')."""
	date = getdate(date)
	return f"{date.day}/{date.month}/{date.year}"


def unit_formal_name(unit: str | None) -> str:
	"""A unit's name as running text writes it: its formal name ('Liên đoàn Lao động tỉnh Lai Châu'),
	else its short name, never in capitals."""
	if not unit:
		return ""
	values = unit_names(unit)
	if not values:
		return ""
	return values.full_name or values.unit_name


def unit_names(unit: str) -> frappe._dict | None:
	"""A unit's names and parent, from frappe's document cache (cleared whenever the unit is saved): a
	decision asks for them on every save, and its printed annex once per recipient."""
	return frappe.get_cached_value(
		"Emulation Unit", unit, ["full_name", "unit_name", "parent_emulation_unit"], as_dict=True
	)


def header_bodies(unit: str | None) -> tuple[str | None, str | None]:
	"""(issuing body, the body directly above it) in capitals, as only the header block prints them."""
	values = unit_names(unit) if unit else None
	if not values:
		return None, None
	parent = values.parent_emulation_unit
	above = unit_formal_name(parent) if parent else NATIONAL_BODY
	return unit_formal_name(unit).upper(), above.upper()


def council_name(unit: str | None) -> str:
	"""'Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh Lai Châu'."""
	return f"Hội đồng Thi đua - Khen thưởng {unit_formal_name(unit)}".strip()


def signature_lines(
	authority: str | None, body: str | None, head_title: str | None, signer_title: str | None
) -> list[str]:
	"""The lines above the signature, in capitals: ['TM. BAN THƯỜNG VỤ', 'CHỦ TỊCH'],
	['TM. BAN THƯỜNG VỤ', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], ['Q. CHỦ TỊCH'], ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']."""
	on_behalf, for_head = AUTHORITIES.get(authority or "", (None, None))
	lines = []
	if on_behalf and body:
		lines.append(f"{on_behalf} {body}")
	if for_head:
		lines.append(f"{for_head} {head_title or ''}".strip())
	if for_head != "Q." and signer_title:
		lines.append(signer_title)
	return [line.upper() for line in lines]


def document_signature(doc) -> list[str]:
	"""`signature_lines` from a document's (or a unit's) own signer fields."""
	return signature_lines(
		doc.get("signing_authority"), doc.get("deciding_body"), doc.get("head_title"), doc.get("signer_title")
	)


def award_kind_title(award_form: str) -> str:
	kind = frappe.db.get_value("Award Form", award_form, "award_kind")
	return {"Certificate of Merit": "BẰNG KHEN", "Certificate of Commendation": "GIẤY KHEN"}.get(
		kind, award_form.upper()
	)


def vnd(amount) -> str:
	"""An amount of đồng as Vietnamese documents print it: 9.360.000 (the site's number format may differ)."""
	return f"{round(flt(amount)):,}".replace(",", ".")


def count_text(count: int) -> str:
	"""Counts in the text of a decision take two digits: '02 tập thể', '15 cá nhân'."""
	return f"{cint(count):02d}"


DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three_digits(number: int, leading: bool) -> str:
	"""0–999 in words; `leading` when a higher group precedes it ('không trăm linh năm')."""
	hundreds, rest = divmod(number, 100)
	tens, units = divmod(rest, 10)
	words = [DIGITS[hundreds], "trăm"] if hundreds or leading else []
	if tens == 0:
		if units and words:
			words.append("linh")
	elif tens == 1:
		words.append("mười")
	else:
		words += [DIGITS[tens], "mươi"]
	if units == 1 and tens >= 2:
		words.append("mốt")
	elif units == 5 and tens >= 1:
		words.append("lăm")
	elif units:
		words.append(DIGITS[units])
	return " ".join(words)


def number_in_words(number: int) -> str:
	"""A whole number in Vietnamese words: 9360000 -> 'chín triệu ba trăm sáu mươi nghìn'."""
	number = cint(number)
	if number < 0:
		return "âm " + number_in_words(-number)
	if number == 0:
		return DIGITS[0]
	groups = []
	while number:
		number, group = divmod(number, 1000)
		groups.append(group)
	if len(groups) > len(SCALES):
		frappe.throw(f"{number} is too large to write in words")
	words = []
	for index in range(len(groups) - 1, -1, -1):
		if groups[index]:
			words.append(_three_digits(groups[index], leading=index < len(groups) - 1))
			if SCALES[index]:
				words.append(SCALES[index])
	return " ".join(words)


def vnd_in_words(amount) -> str:
	"""'Chín triệu ba trăm sáu mươi nghìn đồng' (capitalised, as written in brackets after the figure)."""
	text = number_in_words(round(flt(amount))) + " đồng"
	return text[0].upper() + text[1:]


QUOTED = re.compile(r"“[^”]+”")


def campaign_name(plan_title: str | None) -> str:
	"""The campaign's name in quotation marks from a plan's title, or the title itself."""
	found = QUOTED.search(plan_title or "")
	return found.group(0) if found else (plan_title or "")


def lower_first(text: str | None) -> str:
	text = (text or "").strip()
	return text[:1].lower() + text[1:]


def paragraphs(text: str | None) -> list[str]:
	"""The non-empty lines of a text field, each a paragraph of the printed document."""
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def header(
	unit: str | None, number: str | None, place: str | None, date, issuer: str | None = None
) -> frappe._dict:
	"""The header block of a document of `unit`: the body above it, the issuer (the unit, or `issuer`
	set under the unit's name, as a council is), the number and the place and date."""
	issuing_body, above = header_bodies(unit)
	if issuer:
		above, issuing_body = issuing_body, issuer.upper()
	return frappe._dict(
		above=above, issuer=issuing_body, number=number, place_and_date=place_and_date(place, date)
	)


def footer(recipients, signature: list[str], signer_name: str | None) -> frappe._dict:
	return frappe._dict(
		recipients=[(row.recipient, row.note) for row in recipients or []],
		signature=signature,
		signer_name=signer_name,
	)


def draft_number(symbol: str) -> str:
	"""How an unnumbered draft prints its number: a gap for the register's number before the symbol."""
	return "\u00a0" * 8 + "/" + symbol
