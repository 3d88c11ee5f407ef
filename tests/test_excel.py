"""Excel lists re-read with openpyxl match the decision and the proposals."""

import io

import frappe
from openpyxl import load_workbook

from vanhoa_congso import excel
from vanhoa_congso.testing import collective, make_award, make_award_world


def reread(workbook):
	return load_workbook(io.BytesIO(excel.workbook_bytes(workbook))).active


def test_decision_list_matches_the_decision():
	world = make_award_world("XL")
	award = make_award(
		world.plan,
		world.province,
		[
			collective(world.education[0], world.form, achievement='=HYPERLINK("http://x")'),
			collective(world.others[0], world.form, achievement="@SUM(1)"),
			collective(world.others[1], world.form, achievement="Thực hiện tốt văn hóa công sở"),
		],
		decision_number="31/QĐ-LĐLĐ",
	)
	sheet = reread(excel.decision_workbook(award))
	assert sheet["A5"].value == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
	assert "A5:F5" in {str(r) for r in sheet.merged_cells.ranges}
	assert sheet["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	assert "31/QĐ-LĐLĐ" in sheet["A6"].value
	rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=9, max_row=11)]
	assert [row[0] for row in rows] == [1, 2, 3]
	assert [row[1] for row in rows] == [r.subject_name for r in award.recipients]
	assert sum(row[5] for row in rows) == award.total_amount == 3 * 4_680_000
	# text that looks like a formula stays text
	assert sheet["E9"].value == '=HYPERLINK("http://x")' and sheet["E9"].data_type == "s"
	assert sheet["E10"].value == "@SUM(1)" and sheet["E10"].data_type == "s"
	totals = [cell.value for cell in sheet[12]]
	assert totals[2] == "3" and totals[5] == award.total_amount


def test_proposal_list_of_the_demo(demo_data):
	plan = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})
	sheet = reread(excel.proposal_workbook(plan, "Full Year", 2024))
	assert sheet["A5"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
	names = [sheet.cell(row=r, column=2).value for r in range(9, 9 + 2)]
	assert set(names) == {"CĐCS Trường Tiểu học thị trấn Tam Đường", "CĐCS Cơ quan LĐLĐ tỉnh Lai Châu"}
	assert sheet.cell(row=11, column=3).value == "2"
