"""The approval chain clicked through the desk in Debian's Chromium, by real users who read Vietnamese.

A grassroots officer creates and self-assesses an evaluation and sends it up; the district reviewer
forwards it; the council secretary records the session and approves; the grassroots affairs officer
makes the decision, puts it on public notice, issues it and opens its PDF. Every step is checked on
what the screen shows and saved as a screenshot in test-artifacts/browser/ (kept out of git).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import frappe
import pytest

from vanhoa_congso.rules import units
from vanhoa_congso.testing import (
	delete_counters,
	delete_plan_with_documents,
	make_award_form,
	make_plan,
	make_unit,
	make_user,
)

CHROMIUM = os.environ.get("VHCS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts", "browser")
PASSWORD = "Vhcs-browser-2026!"
PREFIX = "E2E"
EVALUATION, AWARD, SESSION = "Emulation Evaluation", "Emulation Award", "Emulation Council Session"
USERS = {
	"officer": ("Grassroots Union Officer", f"{PREFIX}-D-1", "Lò Thị Hoa"),
	"reviewer": ("Upper-Level Reviewer", f"{PREFIX}-D", "Nguyễn Văn Bình"),
	"secretary": ("Emulation Council Secretary", f"{PREFIX}-P", "Trần Thị Thu"),
	"manager": ("Emulation Manager", f"{PREFIX}-P", "Hoàng Văn Sơn"),
}
# The subject meets every criterion but one: 11 of LC-117's 12 collective criteria.
FAILED_ROW = 12


def email(key: str) -> str:
	return f"{key}@browser.vhcs.test"


@pytest.fixture(scope="module")
def browser():
	if not os.path.exists(CHROMIUM):
		pytest.fail(
			f"Chromium is not at {CHROMIUM}; install Debian's chromium package (or set VHCS_CHROMIUM)."
		)
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
		yield chromium
		chromium.close()


@pytest.fixture(scope="module")
def world(web_server, demo_data):
	"""A province, a district and an education-sector grassroots union, a plan on the seed's criteria
	(LC-117) with a one-decision quota and no notice wait, and the four users, each tied to a unit."""
	frappe.set_user("Administrator")
	province = make_unit(
		units.PROVINCE, unit_code=f"{PREFIX}-P", unit_name="LĐLĐ tỉnh (kiểm thử trình duyệt)"
	)
	district = make_unit(
		units.DISTRICT, province.name, unit_code=f"{PREFIX}-D", unit_name="LĐLĐ huyện Tân Uyên (kiểm thử)"
	)
	make_unit(
		units.GRASSROOTS,
		district.name,
		unit_code=f"{PREFIX}-D-1",
		unit_name="CĐCS Trường Tiểu học Tân Uyên (kiểm thử)",
		sector="Giáo dục",
	)
	form = make_award_form(
		award_form_name="Bằng khen (kiểm thử trình duyệt)",
		prize_basis="Base Salary Coefficient",
		collective_coefficient=2,
		individual_coefficient=1,
	)
	plan = make_plan(
		province.name,
		plan_number=f"{PREFIX}/KH-LĐLĐ",
		criteria_set="LC-117",
		public_notice_days=0,
		signer_on_behalf_of="TM. BAN THƯỜNG VỤ",
		signer_title="CHỦ TỊCH",
		signer_name="Nguyễn Thị Thiện",
		award_quotas=[{"award_form": form.name, "subject_type": "Collective", "max_count": 2}],
	)
	plan.submit()
	for key, (role, unit, full_name) in USERS.items():
		user = make_user(email(key), [role], PASSWORD, [unit])
		family, _, given = full_name.rpartition(" ")
		user.db_set({"first_name": given, "last_name": family, "full_name": full_name})
	frappe.db.commit()
	shutil.rmtree(ARTIFACTS, ignore_errors=True)
	os.makedirs(ARTIFACTS)
	yield frappe._dict(base_url=web_server, plan=plan.name, award_form=form.name)
	remove_world(plan.name, form.name)


def remove_world(plan: str, award_form: str) -> None:
	frappe.set_user("Administrator")
	frappe.db.rollback()
	delete_plan_with_documents(plan)
	frappe.db.delete("File", {"file_name": ("like", "e2e-%")})
	for key in USERS:
		frappe.delete_doc("User", email(key), force=True, ignore_permissions=True)
		frappe.db.delete("User Permission", {"user": email(key)})
	frappe.db.delete("Award Form", {"name": award_form})
	delete_counters([f"{PREFIX}-P"])
	for unit in (f"{PREFIX}-D-1", f"{PREFIX}-D", f"{PREFIX}-P"):
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def pdf_bytes() -> bytes:
	"""A one-page PDF standing in for a scanned document the officer uploads."""
	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


class Desk:
	"""One user's browser session on the desk, with the few gestures the chain needs."""

	def __init__(self, browser, base_url: str, key: str):
		self.key = key
		self.base_url = base_url
		self.context = browser.new_context(
			viewport={"width": 1366, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
		)
		self.page = self.context.new_page()
		self.page.set_default_timeout(30_000)
		self.page.goto(f"{base_url}/login")
		self.page.fill("#login_email", email(key))
		self.page.fill("#login_password", PASSWORD)
		self.page.click(".btn-login")
		self.page.wait_for_url("**/app**")

	def close(self) -> None:
		self.context.close()

	def shot(self, name: str, settled: bool = True) -> None:
		if settled:
			# a dialog that has just closed leaves its backdrop fading over the page for a moment
			self.page.wait_for_function("() => !document.querySelector('.modal-backdrop')")
		self.page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)

	# --- navigation

	def open_form(self, doctype: str, name: str | None = None) -> None:
		route = frappe.scrub(doctype).replace("_", "-")
		self.page.goto(f"{self.base_url}/app/{route}/{name or 'new'}")
		self.page.wait_for_function(
			"([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype"
			" && (name ? cur_frm.doc.name === name : cur_frm.is_new())"
			" && !document.querySelector('.freeze')",
			arg=[doctype, name],
		)

	def doc(self, field: str):
		return self.page.evaluate("(field) => cur_frm.doc[field]", field)

	def shown(self, fieldname: str) -> str:
		"""What a read-only field shows on the form."""
		return self.control(fieldname).locator(".control-value").inner_text().strip()

	def title_status(self) -> str:
		return self.page.locator(".page-head .indicator-pill:visible").first.inner_text().strip()

	def control(self, fieldname: str):
		return self.page.locator(f'.form-layout .frappe-control[data-fieldname="{fieldname}"]:visible').first

	# --- fields

	def set_link(self, fieldname: str, value: str) -> None:
		control = self.control(fieldname)
		field = control.locator("input")
		field.click()
		field.fill(value)
		control.locator('.awesomplete [role="option"]', has_text=value).first.click()
		self.wait_value(fieldname, value)

	def set_select(self, fieldname: str, value: str) -> None:
		self.control(fieldname).locator("select").select_option(value=value)
		self.wait_value(fieldname, value)

	def set_text(self, fieldname: str, value: str) -> None:
		control = self.control(fieldname)
		field = control.locator("input, textarea").first
		field.fill(value)
		field.blur()
		self.wait_value(fieldname, value)

	def set_date(self, fieldname: str, iso_date: str) -> None:
		shown = self.page.evaluate("(d) => frappe.datetime.str_to_user(d)", iso_date)
		field = self.control(fieldname).locator("input")
		field.fill(shown)
		field.press("Escape")
		self.wait_value(fieldname, iso_date)

	def wait_value(self, fieldname: str, value) -> None:
		self.page.wait_for_function("([field, value]) => cur_frm.doc[field] == value", arg=[fieldname, value])

	def upload(self, file_name: str) -> None:
		"""Finish the upload dialog an Attach control opened, with a PDF from this machine."""
		dialog = self.page.locator(".modal:visible").last
		dialog.locator('input[type="file"]').set_input_files(
			{"name": file_name, "mimeType": "application/pdf", "buffer": pdf_bytes()}
		)
		dialog.locator(".modal-footer .btn-primary").click()
		dialog.wait_for(state="hidden")

	# --- child tables

	def grid_rows(self, table: str):
		return self.control(table).locator(".grid-body .rows > .grid-row")

	def add_row(self, table: str):
		self.control(table).locator(".grid-add-row").click()
		return self.grid_rows(table).last

	def edit_cell(self, row, fieldname: str):
		cell = row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]')
		cell.click()
		return cell

	# --- actions

	def save(self) -> None:
		self.page.keyboard.press("Control+s")
		self.page.wait_for_function(
			"() => !cur_frm.is_new() && !cur_frm.is_dirty() && !cur_frm.save_disabled"
			" && !document.querySelector('.freeze')"
		)

	def workflow_action(self, label: str) -> None:
		self.page.locator(".page-actions .actions-btn-group > button:visible").click()
		# the whole label: "Thông qua" is also part of "Không thông qua"
		exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
		self.page.locator(".actions-btn-group .dropdown-menu a:visible", has_text=exact).click()
		self.page.wait_for_function("() => !document.querySelector('.freeze') && !cur_frm.is_dirty()")

	def custom_button(self, label: str, group: str | None = None) -> None:
		if group:
			self.page.locator(".page-actions .inner-group-button > button:visible", has_text=group).click()
			self.page.locator(".inner-group-button .dropdown-menu a:visible", has_text=label).click()
		else:
			self.page.locator(".page-actions button:visible", has_text=label).click()

	def confirm(self) -> None:
		self.page.locator(".modal:visible .modal-footer .btn-primary").last.click()

	def expect_text(self, *texts: str) -> None:
		for text in texts:
			self.page.get_by_text(text, exact=False).first.wait_for(state="visible")


def test_approval_chain_in_the_browser(browser, world):
	desks: list[Desk] = []

	def login(key: str) -> Desk:
		desk = Desk(browser, world.base_url, key)
		desks.append(desk)
		return desk

	try:
		name = officer_creates_and_sends(login("officer"), world)
		reviewer_forwards(login("reviewer"), name)
		secretary_approves(login("secretary"), world, name)
		manager_issues_decision(login("manager"), world, name)
	except Exception:
		for desk in desks:
			if not desk.page.is_closed():
				desk.shot(f"failure-{desk.key}", settled=False)
		raise
	finally:
		for desk in desks:
			desk.close()


def officer_creates_and_sends(desk: Desk, world) -> str:
	desk.open_form(EVALUATION)
	desk.expect_text("Hồ sơ bình xét thi đua", "Kế hoạch thi đua")
	desk.set_link("plan", world.plan)
	desk.set_select("phase", "Full Year")
	desk.set_text("phase_year", "2025")
	desk.set_select("subject_type", "Collective")
	desk.set_link("subject_unit", f"{PREFIX}-D-1")
	desk.set_link("proposed_award_form", world.award_form)
	desk.shot("01-can-bo-cdcs-tao-ho-so")
	desk.save()
	name = desk.doc("name")
	assert re.fullmatch(r"DG-2025-\d{5}", name)

	# The criteria of the plan arrive as rows, in Vietnamese, exactly as the seed writes them.
	rows = desk.grid_rows("items")
	assert rows.count() == 12
	first_text = frappe.db.get_value(
		"Emulation Criterion", {"criteria_set": "LC-117", "code": "a.1.1"}, "criterion_text"
	)
	desk.expect_text(first_text[:40])

	for index in range(rows.count()):
		row = rows.nth(index)
		cell = desk.edit_cell(row, "self_result")
		cell.locator("select").select_option(label="Không đạt" if index + 1 == FAILED_ROW else "Đạt")
	row = rows.first
	row.locator(".btn-open-row").click()
	desk.page.locator('.grid-row-open .frappe-control[data-fieldname="evidence_note"] textarea').fill(
		"Biên bản kiểm tra việc thực hiện quy tắc ứng xử, quý IV/2025"
	)
	desk.page.locator(".grid-row-open .grid-collapse-row").first.click()

	# The desk uploads a file into a table row only once the row is saved.
	dossier_row = desk.add_row("dossier")
	desk.edit_cell(dossier_row, "document_kind").locator("select").select_option(label="Báo cáo thành tích")
	desk.save()
	dossier_row = desk.grid_rows("dossier").first
	desk.edit_cell(dossier_row, "file").locator("button", has_text="Đính kèm").click()
	desk.upload("e2e-bao-cao-thanh-tich.pdf")
	desk.save()

	assert desk.doc("self_percent") == pytest.approx(round(100 * 11 / 12, 2))
	assert desk.doc("classification") == "Excellent"
	desk.expect_text("Tổng điểm tự chấm", "Xếp loại")
	assert re.fullmatch(r"91[.,]67\s*%", desk.shown("self_percent"))
	assert desk.shown("classification") == "Xuất sắc"
	desk.shot("02-can-bo-cdcs-tu-cham-diem")

	desk.workflow_action("Gửi cấp trên thẩm định")
	desk.wait_value("workflow_state", "Sent for Review")
	assert desk.title_status() == "Đã gửi cấp trên"
	desk.shot("03-can-bo-cdcs-da-gui-cap-tren")
	return name


def reviewer_forwards(desk: Desk, name: str) -> None:
	desk.open_form(EVALUATION, name)
	assert desk.title_status() == "Đã gửi cấp trên"
	desk.expect_text("CĐCS Trường Tiểu học Tân Uyên (kiểm thử)")
	desk.shot("04-tham-dinh-mo-ho-so")
	desk.workflow_action("Trình Hội đồng xét, đề nghị")
	desk.wait_value("workflow_state", "Forwarded to Council")
	assert desk.title_status() == "Hội đồng xét, đề nghị"
	desk.shot("05-tham-dinh-da-trinh-hoi-dong")


def secretary_approves(desk: Desk, world, name: str) -> None:
	desk.open_form(SESSION)
	desk.set_link("plan", world.plan)
	desk.set_date("session_date", frappe.utils.nowdate())
	desk.set_select("voting_method", "Secret Ballot")
	# five of the council's seven members are present: two thirds make a quorum of five
	desk.set_text("council_members", "7")
	for member in ("Nguyễn Thị Thiện", "Lò Văn Minh", "Đỗ Thị Lan", "Trần Văn Nam", "Vàng Thị Mai"):
		row = desk.add_row("members_present")
		desk.edit_cell(row, "member_name").locator("input").fill(member)
	# the desk saves the form as soon as an attached file is uploaded
	desk.control("minutes").locator("button", has_text="Đính kèm").click()
	desk.upload("e2e-bien-ban-hop-hoi-dong.pdf")
	desk.save()
	session = desk.doc("name")
	assert desk.doc("present_count") == 5
	desk.shot("06-thu-ky-phien-hop-hoi-dong")

	desk.open_form(EVALUATION, name)
	assert desk.title_status() == "Hội đồng xét, đề nghị"
	desk.set_link("council_session", session)
	desk.set_text("votes_in_favour", "4")
	desk.save()
	desk.workflow_action("Thông qua")
	desk.wait_value("workflow_state", "Approved")
	assert desk.doc("docstatus") == 1
	assert desk.title_status() == "Đã thông qua"
	desk.shot("07-thu-ky-da-phe-duyet")


def manager_issues_decision(desk: Desk, world, evaluation: str) -> None:
	desk.open_form(AWARD)
	desk.set_text("decision_number", "99/QĐ-LĐLĐ")
	desk.set_link("issuing_unit", f"{PREFIX}-P")
	desk.set_text("place", "Lai Châu")
	desk.set_date("decision_date", frappe.utils.nowdate())
	desk.set_link("plan", world.plan)
	desk.set_select("phase", "Full Year")
	desk.set_text("phase_year", "2025")
	desk.set_text(
		"decision_title",
		"Về việc khen thưởng tập thể có thành tích trong phong trào thi đua văn hóa công sở năm 2025",
	)
	# the signer block from the decision's own fields, as the unit's defaults filled them
	desk.set_select("signing_authority", "On Behalf of the Body (TM.)")
	desk.set_text("deciding_body", "Ban Thường vụ")
	desk.set_text("signer_title", "Chủ tịch")
	desk.set_text("signer_name", "Nguyễn Thị Thiện")
	desk.custom_button("Lấy hồ sơ Hội đồng đã thông qua", group="Danh sách được khen thưởng")
	desk.page.wait_for_function("() => (cur_frm.doc.recipients || []).length === 1")
	desk.save()
	assert desk.doc("recipients")[0]["evaluation"] == evaluation
	base_salary = frappe.db.get_value(
		"Base Salary Rate",
		{"effective_from": ("<=", frappe.utils.nowdate())},
		"amount",
		order_by="effective_from desc",
	)
	assert desk.doc("total_amount") == pytest.approx(2 * base_salary)
	desk.expect_text("CĐCS Trường Tiểu học Tân Uyên (kiểm thử)")
	desk.shot("08-quyet-dinh-du-thao")

	desk.custom_button("Công khai danh sách")
	desk.confirm()
	desk.page.wait_for_function("() => cur_frm.doc.is_published === 1 && !document.querySelector('.freeze')")
	desk.shot("09-quyet-dinh-cong-khai")

	desk.page.locator(".page-actions .primary-action:visible").click()
	desk.confirm()
	desk.page.wait_for_function("() => cur_frm.doc.docstatus === 1 && !document.querySelector('.freeze')")
	assert desk.title_status() == "Đã ban hành"
	# the timeline's lines about the status read in Vietnamese, not as the values are stored
	timeline = desk.page.locator(".timeline-items:not(.timeline-actions)").inner_text()
	assert "Đang công khai" in timeline and "In Public Notice" not in timeline
	desk.shot("10-quyet-dinh-da-ban-hanh")

	open_pdf(desk)


def open_pdf(desk: Desk) -> None:
	"""Print from the form, choose the decision format and open its PDF, as the officer would."""
	name = desk.doc("name")
	desk.page.keyboard.press("Control+p")
	desk.page.wait_for_url("**/app/print/**")
	# the decision's own format (Decree 30) is the doctype's default print format
	preview = desk.page.frame_locator("iframe.print-format-container")
	for text in ("QUYẾT ĐỊNH", "Về việc khen thưởng tập thể", "CĐCS Trường Tiểu học Tân Uyên (kiểm thử)"):
		preview.get_by_text(text).first.wait_for()
	desk.shot("11-ban-in-quyet-dinh")

	with desk.context.expect_page() as popup:
		desk.page.locator(".page-actions button:visible", has_text="PDF").click()
	pdf_url = popup.value.url
	assert "download_pdf" in pdf_url and "Commendation" in pdf_url.replace("%20", " ")
	response = desk.context.request.get(pdf_url)
	assert response.ok
	content = response.body()
	assert content.startswith(b"%PDF")
	path = os.path.join(ARTIFACTS, f"12-quyet-dinh-{name}.pdf")
	with open(path, "wb") as f:
		f.write(content)

	from pypdf import PdfReader

	# wkhtmltopdf's text layer separates words with tabs and line breaks
	text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
	for expected in (
		"QUYẾT ĐỊNH",
		"99/QĐ-LĐLĐ",
		"TM. BAN THƯỜNG VỤ",
		"Quyết định có hiệu lực kể từ ngày ký",
		"CĐCS Trường Tiểu học Tân Uyên (kiểm thử)",
		"Nguyễn Thị Thiện",
	):
		assert expected in text, f"{expected!r} is not in the decision PDF"
	subprocess.run(
		["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", path, path.removesuffix(".pdf")],
		check=True,
	)
