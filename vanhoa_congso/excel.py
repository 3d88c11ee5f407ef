"""Excel lists in the layout Vietnamese offices use: header block, merged title, numbered rows, totals."""

from __future__ import annotations

import io

import frappe
from frappe import _
from frappe.utils import cint, flt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from vanhoa_congso.printing import header_bodies, place_and_date

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def put(sheet, row: int, column: int, value, font=PLAIN, alignment=WRAP, border=None):
	"""Write one cell; text that a spreadsheet would read as a formula stays text, and characters a
	workbook cannot hold (control characters in an old record) are left out."""
	cell = sheet.cell(row=row, column=column)
	if isinstance(value, str):
		value = ILLEGAL_CHARACTERS_RE.sub("", value)
	cell.value = value
	if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
		cell.data_type = "s"
		cell.quotePrefix = True
	cell.font, cell.alignment = font, alignment
	if border:
		cell.border = border
	return cell


def merged(sheet, row: int, first: int, last: int, value, font=BOLD, alignment=CENTER):
	sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
	return put(sheet, row, first, value, font, alignment)


def list_workbook(
	*,
	unit: str,
	place: str | None,
	date,
	title: str,
	subtitle: str,
	headers: list[str],
	widths: list[int],
	rows: list[list],
	totals: list,
) -> Workbook:
	"""A list sheet: header block (issuing body | national motto), title, numbered table, totals row."""
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = "Danh sách"
	last = len(headers)
	split = max(2, last // 2)
	issuing, governing = header_bodies(unit)
	merged(sheet, 1, 1, split, governing or "", PLAIN)
	merged(sheet, 2, 1, split, issuing or "")
	merged(sheet, 1, split + 1, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	merged(sheet, 2, split + 1, last, "Độc lập - Tự do - Hạnh phúc")
	merged(
		sheet,
		3,
		split + 1,
		last,
		place_and_date(place, date),
		Font(name="Times New Roman", italic=True, size=12),
	)
	merged(sheet, 5, 1, last, title, Font(name="Times New Roman", bold=True, size=14))
	merged(sheet, 6, 1, last, subtitle, Font(name="Times New Roman", italic=True, size=12))
	header_row = 8
	for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
		put(sheet, header_row, column, header, BOLD, CENTER, BOX)
		sheet.column_dimensions[get_column_letter(column)].width = width
	for offset, values in enumerate(rows, start=1):
		put(sheet, header_row + offset, 1, offset, PLAIN, CENTER, BOX)
		for column, value in enumerate(values, start=2):
			put(sheet, header_row + offset, column, value, PLAIN, WRAP, BOX)
	total_row = header_row + len(rows) + 1
	merged(sheet, total_row, 1, 2, "Tổng cộng", BOLD)
	for column, value in enumerate(totals, start=3):
		put(sheet, total_row, column, value, BOLD, WRAP, BOX)
	sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
	return workbook


def decision_workbook(award) -> Workbook:
	from vanhoa_congso.permissions.scope import can_read_field

	kept = [row for row in award.recipients if not row.revoked]
	# prize amounts are for those who prepare and issue decisions
	amounts = can_read_field("Emulation Award", "total_amount")
	rows = [
		[row.subject_name, row.subject_unit_name or "", row.award_form, row.achievement]
		+ ([flt(row.prize_amount)] if amounts else [])
		for row in kept
	]
	return list_workbook(
		unit=award.issuing_unit,
		place=award.place,
		date=award.decision_date,
		title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
		subtitle=f"(Kèm theo Quyết định số {award.decision_number} {place_and_date(None, award.decision_date).lower()})",
		headers=["TT", "Tên tập thể, cá nhân", "Đơn vị", "Hình thức khen thưởng", "Thành tích"]
		+ (["Tiền thưởng (đồng)"] if amounts else []),
		widths=[6, 32, 32, 28, 48] + ([18] if amounts else []),
		rows=rows,
		totals=[f"{len(kept)}", "", ""] + ([flt(award.total_amount)] if amounts else []),
	)


def proposal_rows(plan: str, phase: str, phase_year: int) -> list[dict]:
	"""Evaluations proposed for an award in a plan phase that the user may see."""
	return frappe.get_list(
		"Emulation Evaluation",
		filters={
			"plan": plan,
			"phase": phase,
			"phase_year": cint(phase_year),
			"workflow_state": ("in", ["Forwarded to Council", "Approved"]),
			"proposed_award_form": ("is", "set"),
		},
		fields=[
			"subject_name",
			"emulation_unit",
			"subject_type",
			"proposed_award_form",
			"final_percent",
			"classification",
			"workflow_state",
		],
		order_by="final_percent desc, subject_name asc",
	)


def proposal_workbook(plan: str, phase: str, phase_year: int) -> Workbook:
	doc = frappe.get_doc("Emulation Plan", plan)
	proposals = proposal_rows(plan, phase, phase_year)
	unit_names = dict(frappe.get_all("Emulation Unit", fields=["name", "unit_name"], as_list=True))
	rows = [
		[
			row.subject_name,
			unit_names.get(row.emulation_unit, row.emulation_unit),
			_(row.subject_type, lang="vi"),
			row.proposed_award_form,
			flt(row.final_percent),
			_(row.classification, lang="vi") if row.classification else "",
		]
		for row in proposals
	]
	return list_workbook(
		unit=doc.issuing_unit,
		place=doc.place,
		date=frappe.utils.nowdate(),
		title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
		subtitle=f"(Kế hoạch số {doc.plan_number} — {_(phase, lang='vi')} năm {cint(phase_year)})",
		headers=[
			"TT",
			"Tên tập thể, cá nhân",
			"Đơn vị",
			"Đối tượng",
			"Hình thức đề nghị",
			"Tổng điểm (%)",
			"Xếp loại",
		],
		widths=[6, 32, 32, 12, 28, 12, 14],
		rows=rows,
		totals=[f"{len(rows)}", "", "", "", ""],
	)


def workbook_bytes(workbook: Workbook) -> bytes:
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


def send(workbook: Workbook, filename: str) -> None:
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = workbook_bytes(workbook)
	frappe.response["type"] = "binary"


@frappe.whitelist()
@frappe.read_only()
def download_decision(name: str) -> None:
	award = frappe.get_doc("Emulation Award", name)
	award.check_permission("read")
	frappe.has_permission("Emulation Award", "export", throw=True)
	send(decision_workbook(award), f"{award.name}.xlsx")


@frappe.whitelist()
@frappe.read_only()
def download_proposals(plan: str, phase: str, phase_year: int) -> None:
	frappe.has_permission("Emulation Evaluation", "export", throw=True)
	send(proposal_workbook(plan, phase, phase_year), f"de-nghi-khen-thuong-{cint(phase_year)}.xlsx")
