"""The papers a grassroots union files with its evaluation, filled from it: the achievement report
(báo cáo thành tích, after the forms of Decree 98/2023/NĐ-CP for a collective and for an individual)
and the submission letter (tờ trình) to the level that reviews it. What the app does not know (the
unit's history, the person's home town) is left as dotted lines to write in by hand."""

from __future__ import annotations

import frappe
from frappe.utils import flt

from vanhoa_congso import printing
from vanhoa_congso.printing import decision
from vanhoa_congso.rules import units

COLLECTIVE = "Collective"
DOTS = "…" * 30
RESULTS = {"Meets": "Đạt", "Does Not Meet": "Không đạt"}
GENDERS = {"Male": "Nam", "Female": "Nữ"}


def issuing_unit(doc) -> str | None:
	"""The union that files the papers: the collective itself, or the individual's grassroots union."""
	return doc.subject_unit if doc.subject_type == COLLECTIVE else doc.emulation_unit


def unit_place(unit: str | None) -> str | None:
	"""The place the unit writes before its dates: its own, else the nearest unit above it that has one."""
	while unit:
		values = frappe.db.get_value(units.UNIT, unit, ["place_name", "parent_emulation_unit"], as_dict=True)
		if not values:
			return None
		if values.place_name:
			return values.place_name
		unit = values.parent_emulation_unit
	return None


def dated_header(unit: str | None, number: str | None, place: str | None) -> frappe._dict:
	header = printing.header(unit, number, place, None)
	header.place_and_date = blank_date(place)
	return header


def blank_date(place: str | None) -> str:
	"""'Lai Châu, ngày … tháng … năm 2025': the date is written by hand when the paper is signed."""
	return f"{place or '…'}, ngày … tháng … năm {frappe.utils.getdate().year}"


def criteria_rows(doc) -> list[dict]:
	"""Each assessed criterion with the union's own assessment, coded only where the plan numbers them."""
	criteria_set = frappe.db.get_value("Emulation Plan", doc.plan, "criteria_set")
	print_codes = (
		frappe.db.get_value("Emulation Criteria Set", criteria_set, "print_codes") if criteria_set else 0
	)
	rows = []
	for row in doc.items:
		if row.assessment_type == "Score":
			result = f"{flt(row.self_score):g}/{flt(row.max_score):g} điểm"
		else:
			result = RESULTS.get(row.self_result, "")
		text = f"{row.criterion_code}. {row.criterion_text}" if print_codes else row.criterion_text
		rows.append({"criterion": text, "result": result, "evidence": row.evidence_note or ""})
	return rows


def earlier_awards(doc) -> list[dict]:
	"""The subject's awards in issued decisions that still stand, newest first."""
	recipient = frappe.qb.DocType("Emulation Award Recipient")
	award = frappe.qb.DocType("Emulation Award")
	field = recipient.subject_unit if doc.subject_type == COLLECTIVE else recipient.union_member
	subject = doc.subject_unit if doc.subject_type == COLLECTIVE else doc.union_member
	rows = (
		frappe.qb.from_(recipient)
		.join(award)
		.on((award.name == recipient.parent) & (recipient.parenttype == "Emulation Award"))
		.select(award.decision_number, award.decision_date, award.issuing_unit, recipient.award_form)
		.where((field == subject) & (award.docstatus == 1) & (recipient.revoked == 0))
		.orderby(award.decision_date, order=frappe.qb.desc)
		.run(as_dict=True)
	)
	return [
		{
			"year": row.decision_date.year if row.decision_date else "",
			"award_form": row.award_form,
			"decision": f"{row.decision_number}, {printing.short_date(row.decision_date)}",
			"issuer": printing.unit_formal_name(row.issuing_unit),
		}
		for row in rows
	]


def plan_reference(plan_name: str) -> str:
	"""'Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu'."""
	basis = decision.plan_basis(plan_name) or ""
	return basis.removeprefix("Căn cứ ").split(" về ")[0]


def common(doc) -> frappe._dict:
	unit = issuing_unit(doc)
	signer = decision.unit_signer(unit)
	details = decision.plan_details(doc.plan)
	return frappe._dict(
		unit=unit,
		unit_name=printing.unit_formal_name(unit),
		place=unit_place(unit),
		signer=signer,
		signature=printing.signature_lines(
			signer.signing_authority, signer.deciding_body, signer.head_title, signer.signer_title
		),
		award_form=doc.proposed_award_form or DOTS,
		campaign=printing.campaign_name(details.title),
		period=decision.phase_period(doc.phase, doc.phase_year, doc.plan),
		classification=frappe._(doc.classification, lang="vi") if doc.classification else None,
	)


def achievement_report_context(doc) -> frappe._dict:
	base = common(doc)
	member = (
		frappe.db.get_value(
			"Union Member",
			doc.union_member,
			["full_name", "gender", "date_of_birth", "position"],
			as_dict=True,
		)
		if doc.union_member
		else None
	) or frappe._dict()
	parent = frappe.db.get_value(units.UNIT, base.unit, "parent_emulation_unit") if base.unit else None
	awards = earlier_awards(doc)
	return frappe._dict(
		base,
		award_cells=[[row["year"], row["award_form"], row["decision"], row["issuer"]] for row in awards],
		header=dated_header(base.unit, None, base.place),
		collective=doc.subject_type == COLLECTIVE,
		subject=doc.subject_name,
		parent_name=printing.unit_formal_name(parent),
		member=member,
		gender=GENDERS.get(member.gender, ""),
		birth_date=printing.place_and_date(None, member.date_of_birth).removeprefix("Ngày ")
		if member.date_of_birth
		else DOTS,
		plan_reference=plan_reference(doc.plan),
		criteria_cells=[
			[index, row["criterion"], row["result"], row["evidence"]]
			for index, row in enumerate(criteria_rows(doc), start=1)
		],
		earlier_awards=awards,
		dots=DOTS,
	)


def recipient_of_letter(doc) -> str:
	"""Who the letter goes to: the reviewing union's deciding body, or the province's when the
	evaluation goes straight to the council."""
	unit = doc.reviewing_unit
	if doc.direct_to_council or not unit:
		unit = frappe.db.get_value("Emulation Plan", doc.plan, "issuing_unit")
	body = decision.unit_signer(unit).deciding_body
	return f"{body} {printing.unit_formal_name(unit)}".strip()


def submission_letter_context(doc) -> frappe._dict:
	from vanhoa_congso.rules import register

	base = common(doc)
	addressee = recipient_of_letter(doc)
	proposer = f"{base.signer.deciding_body} {base.unit_name}".strip()
	result = f" (xếp loại {base.classification})" if base.classification else ""
	symbol = f"TTr-{register.unit_symbol(base.unit)}" if base.unit else "TTr"
	return frappe._dict(
		base,
		header=dated_header(base.unit, printing.draft_number(symbol), base.place),
		summary=f"Về việc đề nghị tặng {base.award_form}",
		addressee=addressee,
		bases=[
			f"Căn cứ {plan_reference(doc.plan)} về {printing.lower_first(decision.plan_details(doc.plan).title)};",
			f"Căn cứ kết quả bình xét thi đua {base.period} của {base.unit_name},",
		],
		request=(
			f"{proposer} kính đề nghị {addressee} xem xét, tặng {base.award_form} cho {doc.subject_name} "
			f"đã có thành tích trong phong trào thi đua {base.campaign} {base.period}{result}."
		),
		enclosed="(Có báo cáo thành tích kèm theo)",
		closing=f"Kính đề nghị {addressee} xem xét, quyết định./.",
		footer=printing.footer(
			[frappe._dict(recipient="Như trên;"), frappe._dict(recipient="Lưu: VT.")],
			base.signature,
			base.signer.signer_name,
		),
	)
