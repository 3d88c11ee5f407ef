"""The text of a commendation decision as a federation issues it: its legal bases, its articles, the
body in whose name it is signed, its annex; and the defaults a new decision takes from its issuing
unit. The decision is written in Vietnamese whatever the reader's language.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import cint, flt

from vanhoa_congso import printing
from vanhoa_congso.permissions.scope import can_read_field
from vanhoa_congso.rules import units

COLLECTIVE, INDIVIDUAL = "Collective", "Individual"
LEGAL_BASES = (
	"Căn cứ Điều lệ Công đoàn Việt Nam;",
	"Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
	"Căn cứ Quy chế Khen thưởng của tổ chức Công đoàn ban hành kèm theo Quyết định số 999/QĐ-TLĐ "
	"ngày 29 tháng 5 năm 2024 của Tổng Liên đoàn Lao động Việt Nam;",
)
# Collective bodies as running text writes them, for signature lines typed in capitals.
BODIES = {
	"BAN THƯỜNG VỤ": "Ban Thường vụ",
	"BAN CHẤP HÀNH": "Ban Chấp hành",
	"ĐOÀN CHỦ TỊCH": "Đoàn Chủ tịch",
}
# The body that decides for a unit of each level, when the unit names none.
DECIDING_BODY = {
	units.PROVINCE: "Ban Thường vụ",
	units.DISTRICT: "Ban Thường vụ",
	units.DISTRICT_EQUIVALENT: "Ban Thường vụ",
	units.COMMUNE: "Ban Chấp hành",
	units.GRASSROOTS: "Ban Chấp hành",
}
HEAD_TITLE = "Chủ tịch"
SIGNER_FIELDS = ("signing_authority", "deciding_body", "head_title", "signer_title", "signer_name")


def body_in_running_text(text: str | None) -> str:
	"""'BAN THƯỜNG VỤ' -> 'Ban Thường vụ'; other text as it is."""
	text = " ".join((text or "").split())
	return BODIES.get(text.upper(), text)


def parse_authority_line(line: str | None) -> tuple[str | None, str | None]:
	"""(signing authority, deciding body) from a typed line such as 'TM. BAN THƯỜNG VỤ'."""
	line = " ".join((line or "").split())
	if line.upper().startswith("TM."):
		return printing.ON_BEHALF, body_in_running_text(line[3:])
	return None, None


def unit_signer(unit: str | None) -> frappe._dict:
	"""The signer fields a unit's documents take by default: the unit's own, else those of its level."""
	values = (
		frappe.db.get_value(units.UNIT, unit, ["level", *SIGNER_FIELDS], as_dict=True) if unit else None
	) or frappe._dict()
	return frappe._dict(
		signing_authority=values.signing_authority or printing.ON_BEHALF,
		deciding_body=values.deciding_body or DECIDING_BODY.get(values.level, "Ban Chấp hành"),
		head_title=values.head_title or HEAD_TITLE,
		signer_title=values.signer_title or HEAD_TITLE,
		signer_name=values.signer_name,
	)


def authority_lines(doc) -> list[str]:
	"""The signature's lines above the signer's own title: ['TM. BAN THƯỜNG VỤ']."""
	return printing.signature_lines(
		doc.get("signing_authority"), doc.get("deciding_body"), doc.get("head_title"), None
	)


def deciding_authority(doc) -> str:
	"""Who decides, as running text writes it: 'Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu'."""
	body = doc.get("deciding_body") or doc.get("head_title") or ""
	return f"{body} {printing.unit_formal_name(doc.issuing_unit)}".strip()


def plan_details(plan: str | None) -> frappe._dict:
	if not plan:
		return frappe._dict()
	return (
		frappe.db.get_value(
			"Emulation Plan",
			plan,
			[
				"plan_number",
				"issue_date",
				"issuing_unit",
				"title",
				"signer_on_behalf_of",
				"period_from_year",
				"period_to_year",
			],
			as_dict=True,
		)
		or frappe._dict()
	)


def plan_basis(plan: str | None) -> str | None:
	"""'Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu
	về thực hiện phong trào thi đua “…” giai đoạn 2019-2025;'"""
	details = plan_details(plan)
	if not details.plan_number:
		return None
	_authority, body = parse_authority_line(details.signer_on_behalf_of)
	issuer = " ".join(filter(None, [body, printing.unit_formal_name(details.issuing_unit)]))
	return (
		f"Căn cứ Kế hoạch số {details.plan_number} ngày {printing.short_date(details.issue_date)} "
		f"của {issuer} về {printing.lower_first(details.title)};"
	)


def default_legal_bases(unit: str | None, plan: str | None) -> str:
	own = frappe.db.get_value(units.UNIT, unit, "decision_legal_bases") if unit else None
	lines = printing.paragraphs(own) or list(LEGAL_BASES)
	basis = plan_basis(plan)
	if basis:
		lines.append(basis)
	return "\n".join(lines)


def phase_period(phase: str | None, year, plan: str | None = None) -> str:
	"""The period a phase covers, as a decision names it: 'năm 2024', 'giai đoạn 2019-2025'."""
	year = cint(year)
	details = plan_details(plan)
	start = cint(details.period_from_year) or year
	if phase == "First Half-Year":
		return f"6 tháng đầu năm {year}"
	if phase == "Mid-term Review":
		return f"giai đoạn {start}-{year}"
	if phase == "Final Review":
		return f"giai đoạn {start}-{cint(details.period_to_year) or year}"
	return f"năm {year}"


def commended_for(doc) -> str:
	"""'xuất sắc trong phong trào thi đua “…” năm 2024', or for a plan whose title names no campaign in
	quotation marks, 'xuất sắc trong thực hiện <the plan's title> năm 2024'."""
	title = plan_details(doc.plan).title
	period = phase_period(doc.phase, doc.phase_year, doc.plan)
	campaign = printing.QUOTED.search(title or "")
	if campaign:
		return f"xuất sắc trong phong trào thi đua {campaign.group(0)} {period}"
	return f"xuất sắc trong thực hiện {printing.lower_first(title)} {period}"


def default_texts(doc) -> dict[str, str]:
	"""The decision's wording that follows from its unit, plan and phase."""
	unit = printing.unit_formal_name(doc.issuing_unit)
	level = frappe.db.get_value(units.UNIT, doc.issuing_unit, "level") if doc.issuing_unit else None
	offices = (
		f"Văn phòng, các ban {unit}, "
		if level in (units.PROVINCE, units.DISTRICT, units.DISTRICT_EQUIVALENT)
		else ""
	)
	executors = f"{offices}các đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1"
	return {
		"legal_bases": default_legal_bases(doc.issuing_unit, doc.plan),
		"proposal_by": printing.council_name(doc.issuing_unit),
		"commended_for": commended_for(doc),
		"funding_source": f"nguồn kinh phí hoạt động của {unit}",
		"executors": executors[0].upper() + executors[1:],
	}


def fill_defaults(doc) -> None:
	"""Fill a new decision's empty fields the way its issuing unit writes its decisions."""
	signer = unit_signer(doc.issuing_unit)
	for field in SIGNER_FIELDS:
		if not doc.get(field) and signer.get(field):
			doc.set(field, signer[field])
	if not doc.place and doc.issuing_unit:
		doc.place = frappe.db.get_value(units.UNIT, doc.issuing_unit, "place_name")
	for field, text in default_texts(doc).items():
		if not (doc.get(field) or "").strip():
			doc.set(field, text)
	if not doc.get("distribution"):
		doc.set("distribution", [{"recipient": f"Như Điều {last_article(doc)};"}, {"recipient": "Lưu: VT."}])


def text(doc, field: str) -> str:
	"""A text field of the decision, or its default for decisions made before the field existed."""
	return (doc.get(field) or "").strip() or default_texts(doc)[field]


def held(doc) -> list:
	return [row for row in doc.recipients if not row.revoked]


def counts_text(collectives: int, individuals: int) -> str:
	parts = []
	if collectives:
		parts.append(f"{printing.count_text(collectives)} tập thể")
	if individuals:
		parts.append(f"{printing.count_text(individuals)} cá nhân")
	return " và ".join(parts)


def forms_in_order(doc) -> dict[str, dict[str, list]]:
	"""{award form: {subject type: [rows]}} in the order the forms first appear."""
	forms: dict[str, dict[str, list]] = {}
	for row in held(doc):
		forms.setdefault(row.award_form, defaultdict(list))[row.subject_type].append(row)
	return forms


def article_one(doc) -> str:
	"""'Tặng Bằng khen của … cho 02 tập thể và 03 cá nhân đã có thành tích … (có danh sách kèm theo).'"""
	gifts = [
		f"Tặng {form} cho {counts_text(len(rows[COLLECTIVE]), len(rows[INDIVIDUAL]))}"
		for form, rows in forms_in_order(doc).items()
	]
	return f"{'; '.join(gifts)} đã có thành tích {text(doc, 'commended_for')} (có danh sách kèm theo)."


def has_prizes(doc) -> bool:
	return flt(doc.total_amount) > 0 or bool(doc.flags.prizes_hidden)


def article_prizes(doc) -> str:
	"""'Mỗi tập thể được thưởng 4.680.000 đồng. Tổng số tiền thưởng là 9.360.000 đồng (Bằng chữ: …),
	trích từ nguồn kinh phí hoạt động của ….' For a user who may not read amounts, the article stays
	(the articles keep their numbers, which the distribution list cites) without them."""
	if doc.flags.prizes_hidden:
		return f"Tiền thưởng kèm theo thực hiện theo quy định, trích từ {text(doc, 'funding_source')}."
	forms = forms_in_order(doc)
	sentences = []
	for form, rows in forms.items():
		each = []
		for subject_type, label in ((COLLECTIVE, "tập thể"), (INDIVIDUAL, "cá nhân")):
			amounts = {flt(row.prize_amount) for row in rows[subject_type]}
			if len(amounts) == 1 and next(iter(amounts)) > 0:
				each.append(f"mỗi {label} được thưởng {printing.vnd(next(iter(amounts)))} đồng")
			elif len(amounts) > 1:
				each.append(f"mỗi {label} được thưởng theo danh sách kèm theo")
		if each:
			prefix = f"Kèm theo {form}, " if len(forms) > 1 else ""
			sentence = prefix + "; ".join(each)
			sentences.append(sentence[0].upper() + sentence[1:] + ".")
	total = (
		f"Tổng số tiền thưởng là {printing.vnd(doc.total_amount)} đồng "
		f"(Bằng chữ: {printing.vnd_in_words(doc.total_amount)}), trích từ {text(doc, 'funding_source')}."
	)
	return " ".join([*sentences, total])


def last_article(doc) -> int:
	return 3 if has_prizes(doc) else 2


def article_last(doc) -> str:
	return f"Quyết định có hiệu lực kể từ ngày ký. {text(doc, 'executors')} căn cứ Quyết định thi hành./."


def articles(doc) -> list[tuple[int, str]]:
	"""[(1, text), (2, text), …]: the gift, the prizes when there are any, and the entry into force."""
	texts = [article_one(doc)]
	if has_prizes(doc):
		texts.append(article_prizes(doc))
	texts.append(article_last(doc))
	return list(enumerate(texts, start=1))


def annex(doc) -> dict[str, list[dict]]:
	"""The annexed list, split into collectives and individuals, each with its unit and achievement:
	{"collectives": [{"name", "unit", "award_form", "achievement", "prize"}], "individuals": [...]}."""
	members = {
		row.name: row
		for row in frappe.get_all(
			"Union Member",
			filters={"name": ("in", [r.union_member for r in held(doc) if r.union_member] or [""])},
			fields=["name", "position", "emulation_unit"],
		)
	}
	result = {"collectives": [], "individuals": []}
	for row in held(doc):
		if row.subject_type == COLLECTIVE:
			parent = frappe.db.get_value(units.UNIT, row.subject_unit, "parent_emulation_unit")
			unit = printing.unit_formal_name(parent)
			key = "collectives"
		else:
			member = members.get(row.union_member) or frappe._dict()
			unit = ", ".join(
				filter(None, [member.position, printing.unit_formal_name(member.emulation_unit)])
			)
			key = "individuals"
		result[key].append(
			{
				"name": row.subject_name,
				"unit": unit,
				"award_form": row.award_form,
				"achievement": row.achievement,
				"prize": flt(row.prize_amount),
				"certificate_number": row.get("certificate_number"),
			}
		)
	return result


def single_form(doc) -> str | None:
	forms = list(forms_in_order(doc))
	return forms[0] if len(forms) == 1 else None


def printed_number(doc) -> str:
	from vanhoa_congso.rules import register

	return doc.decision_number or printing.draft_number(register.number_symbol(doc.doctype, doc.issuing_unit))


def readable(doc):
	"""The decision as the printing user may read it: prize amounts (a higher permission level) are left
	out for roles that do not prepare or issue decisions, as frappe.client.get leaves them out, and
	every field is there (frappe's print view deletes the fields it hides, which the templates read)."""
	if frappe.session.user == "Administrator" or can_read_field(doc.doctype, "total_amount"):
		return doc
	copy = frappe.get_doc(doc.as_dict())
	# frappe's print view has already taken the amounts out; whether there are any keeps the money
	# article, and so the numbers of the articles after it
	copy.flags.prizes_hidden = flt(frappe.db.get_value(doc.doctype, doc.name, "total_amount")) > 0
	for row in (copy, *copy.get_all_children()):
		for df in row.meta.fields:
			if df.permlevel and not can_read_field(row.doctype, df.fieldname):
				row.set(df.fieldname, None)
	return copy


def decision_print_context(doc) -> frappe._dict:
	"""Everything the Commendation Decision and Award Certificate print formats write, computed here so
	that the templates only lay it out. Amounts the user may not read are not printed: no money article,
	no prize column, no total."""
	doc = readable(doc)
	amounts = frappe.session.user == "Administrator" or can_read_field(doc.doctype, "total_amount")
	authority = deciding_authority(doc)
	number = printed_number(doc)
	form = single_form(doc)
	return frappe._dict(
		header=printing.header(doc.issuing_unit, number, doc.place, doc.decision_date),
		summary=printing.paragraphs(doc.decision_title),
		authority=authority.upper(),
		legal_bases=printing.paragraphs(text(doc, "legal_bases")),
		proposal=f"Xét đề nghị của {text(doc, 'proposal_by')}.",
		articles=articles(doc),
		footer=printing.footer(doc.distribution, printing.document_signature(doc), doc.signer_name),
		annex=annex(doc),
		annex_sections=annex_sections(annex(doc), amounts),
		amounts=amounts,
		total_amount=printing.vnd(doc.total_amount) if amounts else None,
		annex_title=f"Tập thể, cá nhân được tặng {form}" if form else "Tập thể, cá nhân được khen thưởng",
		annex_reference=f"(Kèm theo Quyết định số {number} {printing.place_and_date(None, doc.decision_date).lower()} của {authority})",
		several_forms=form is None,
	)


def annex_sections(rows: dict[str, list[dict]], amounts: bool = True) -> list[dict]:
	"""The annex's parts in order, numbered I., II. among those that have rows."""
	parts = [
		("TẬP THỂ", "tập thể", "Tên tập thể", "Trực thuộc", rows["collectives"]),
		("CÁ NHÂN", "cá nhân", "Họ và tên", "Chức vụ, đơn vị công tác", rows["individuals"]),
	]
	present = [part for part in parts if part[4]]
	return [
		{
			"title": f"{numeral}. {title}",
			"noun": noun,
			"name_label": name_label,
			"unit_label": unit_label,
			"rows": [annex_cells(index, row, amounts) for index, row in enumerate(found, start=1)],
		}
		for numeral, (title, noun, name_label, unit_label, found) in zip(("I", "II"), present, strict=False)
	]


def annex_cells(index: int, row: dict, amounts: bool = True) -> dict:
	"""A row of the annexed list with its cells, with and without the award form's column, and with the
	prize only where the user may read amounts."""
	prize = [printing.vnd(row["prize"])] if amounts else []
	return {
		**row,
		"cells": [index, row["name"], row["unit"], row["achievement"], *prize],
		"cells_with_form": [index, row["name"], row["unit"], row["award_form"], row["achievement"], *prize],
	}
