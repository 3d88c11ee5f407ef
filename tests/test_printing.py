"""Decision, certificates and plan render to PDF with their Vietnamese text intact."""

import io

import frappe
import pytest
from pypdf import PdfReader

from vanhoa_congso.printing import place_and_date
from vanhoa_congso.testing import collective, make_award, make_award_world


@pytest.fixture(autouse=True)
def pdf_host(web_server):
	"""wkhtmltopdf fetches the print stylesheet from the site's URL; point it at the test web server,
	since a test site's name (*.localhost) does not resolve here."""
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = web_server
	yield
	frappe.local.conf.host_name = previous


def pdf_text(doctype, name, print_format):
	pdf = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True)
	reader = PdfReader(io.BytesIO(pdf))
	pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
	return pages


def test_place_and_date_follows_decree_30():
	assert place_and_date("Lai Châu", "2019-09-13") == "Lai Châu, ngày 13 tháng 9 năm 2019"
	assert place_and_date("Lai Châu", "2020-02-05") == "Lai Châu, ngày 05 tháng 02 năm 2020"
	assert place_and_date("Hải Dương", "2019-10-28") == "Hải Dương, ngày 28 tháng 10 năm 2019"


@pytest.fixture
def decision():
	world = make_award_world("PR")
	award = make_award(
		world.plan,
		world.province,
		[
			collective(
				world.education[0], world.form, achievement="Xây dựng cơ quan văn minh, xanh, sạch, đẹp"
			),
			collective(world.others[0], world.form, achievement="Thực hiện tốt văn hóa công sở"),
		],
		decision_number="25/QĐ-LĐLĐ",
		decision_date="2025-08-20",
		signer_on_behalf_of="TM. BAN THƯỜNG VỤ",
		signer_title="CHỦ TỊCH",
		signer_name="Nguyễn Văn Bình",
		distribution=[{"recipient": "Như Điều 3;"}, {"recipient": "Lưu: VT, TĐKT."}],
	)
	award.submit()
	return award


def test_decision_pdf(decision):
	pages = pdf_text("Emulation Award", decision.name, "Commendation Decision")
	text = " ".join(pages)
	for line in (
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Số: 25/QĐ-LĐLĐ",
		"Lai Châu, ngày 20 tháng 8 năm 2025",
		"QUYẾT ĐỊNH",
		"TM. BAN THƯỜNG VỤ",
		"CHỦ TỊCH",
		"Nguyễn Văn Bình",
		"Nơi nhận:",
		"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
		"Xây dựng cơ quan văn minh, xanh, sạch, đẹp",
		"9.360.000",
	):
		assert line in text, line
	assert len(pages) >= 2  # the annexed list starts on its own page


def test_one_certificate_per_recipient(decision):
	pages = pdf_text("Emulation Award", decision.name, "Award Certificate")
	assert len(pages) == 2
	for page, row in zip(pages, decision.recipients, strict=True):
		assert "BẰNG KHEN" in page
		assert row.subject_name in page
		assert "Lai Châu, ngày 20 tháng 8 năm 2025" in page


def test_plan_117_pdf(demo_data):
	name = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})
	text = " ".join(pdf_text("Emulation Plan", name, "Emulation Plan Document"))
	for line in (
		"Số: 117/KH-LĐLĐ",
		"Lai Châu, ngày 13 tháng 9 năm 2019",
		"KẾ HOẠCH",
		"LĐLĐ TỈNH LAI CHÂU",
		"Thực hiện phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” giai đoạn 2019-2025",
		"Niêm yết đầy đủ các thủ tục hành chính tại trụ sở cơ quan, đơn vị nhằm làm cho hoạt động của cơ quan, đơn vị được công khai, minh bạch;",
		"TM. BAN THƯỜNG VỤ",
		"Nguyễn Thị Thiện",
		"Lưu: VT-CTCS.",
	):
		assert line in text, line
