"""An emulation plan printed as it was issued: its sections and headings as the plan writes them, its
criteria with codes only where the plan's text numbers them."""

from __future__ import annotations

import frappe

from vanhoa_congso import printing

HEADING, PARAGRAPH, CRITERION_GROUP, CRITERION_ITEM = (
	"heading",
	"paragraph",
	"criterion_group",
	"criterion_item",
)


def criteria_blocks(criteria_set: str | None, subject_type: str) -> list[tuple]:
	"""The set's criteria for `subject_type` in document order: a group as '1.1.1. text' when the plan
	numbers its criteria, else as the plan marks it ('* text'); an item as '- text'."""
	if not criteria_set:
		return []
	settings = (
		frappe.db.get_value(
			"Emulation Criteria Set", criteria_set, ["print_codes", "group_mark"], as_dict=True
		)
		or frappe._dict()
	)
	blocks = []
	for criterion in frappe.get_all(
		"Emulation Criterion",
		filters={"criteria_set": criteria_set, "subject_type": subject_type},
		fields=["code", "criterion_text", "parent_emulation_criterion"],
		order_by="lft asc",
	):
		if criterion.parent_emulation_criterion:
			blocks.append((CRITERION_ITEM, f"- {criterion.criterion_text}"))
		elif settings.print_codes:
			blocks.append((CRITERION_GROUP, f"{criterion.code}. {criterion.criterion_text}"))
		else:
			mark = (settings.group_mark or "").strip()
			blocks.append((CRITERION_GROUP, f"{mark} {criterion.criterion_text}".strip()))
	return blocks


def section_blocks(doc) -> list[tuple]:
	"""(kind, text) or (HEADING, text, level) for the plan's sections as written."""
	blocks = []
	for row in doc.sections:
		if (row.heading or "").strip():
			blocks.append((HEADING, row.heading.strip(), (row.heading_level or "Section").lower()))
		blocks += [(PARAGRAPH, line) for line in printing.paragraphs(row.content)]
		if row.criteria_for:
			blocks += criteria_blocks(doc.criteria_set, row.criteria_for)
	return blocks


def field_blocks(doc) -> list[tuple]:
	"""For a plan whose text was not entered section by section: its content fields under the headings
	plans usually give them."""

	def section(heading, level, text=None, criteria=None):
		lines = printing.paragraphs(text)
		found = [(PARAGRAPH, line) for line in lines] + (
			criteria_blocks(doc.criteria_set, criteria) if criteria else []
		)
		return [(HEADING, heading, level), *found] if found or level == "section" else []

	blocks = []
	if doc.purposes or doc.requirements:
		blocks += section("I. MỤC ĐÍCH, YÊU CẦU", "section")
		blocks += section("1. Mục đích", "subsection", doc.purposes)
		blocks += section("2. Yêu cầu", "subsection", doc.requirements)
	subjects = "\n".join(
		filter(
			None,
			[
				f"- Tập thể: {doc.subjects_collective}" if doc.subjects_collective else None,
				f"- Cá nhân: {doc.subjects_individual}" if doc.subjects_individual else None,
			],
		)
	)
	blocks += section("II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA", "section")
	blocks += section("1. Đối tượng", "subsection", subjects)
	blocks += section("2. Nội dung thi đua", "subsection", doc.emulation_content)
	if doc.tasks_and_solutions:
		blocks += section("III. NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN", "section", doc.tasks_and_solutions)
	if doc.criteria_set or doc.award_forms_text:
		blocks += section("IV. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", "section")
		blocks += section("1. Tiêu chuẩn thi đua", "subsection")
		blocks += section("a) Đối với tập thể", "point", criteria="Collective")
		blocks += section("b) Đối với cá nhân", "point", criteria="Individual")
		blocks += section("2. Hình thức khen thưởng", "subsection", doc.award_forms_text)
	if doc.implementation or doc.funding:
		blocks += section(
			"V. TỔ CHỨC THỰC HIỆN", "section", "\n".join(filter(None, [doc.implementation, doc.funding]))
		)
	return [block for block in blocks if block]


def body_blocks(doc) -> list[tuple]:
	"""Everything between the title and the signature, in order."""
	blocks = [(PARAGRAPH, line) for line in printing.paragraphs(doc.legal_bases)]
	blocks += section_blocks(doc) if doc.sections else field_blocks(doc)
	blocks += [(PARAGRAPH, line) for line in printing.paragraphs(doc.closing_text)]
	return blocks


def plan_print_context(doc) -> frappe._dict:
	from vanhoa_congso.rules import register

	number = doc.plan_number or printing.draft_number(register.number_symbol(doc.doctype, doc.issuing_unit))
	signature = [line.upper() for line in (doc.signer_on_behalf_of, doc.signer_title) if line]
	return frappe._dict(
		header=printing.header(doc.issuing_unit, number, doc.place, doc.issue_date),
		title=printing.paragraphs(doc.title),
		blocks=body_blocks(doc),
		footer=printing.footer(doc.recipients, signature, doc.signer_name),
	)
