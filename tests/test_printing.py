"""The printed documents as a federation issues them, read back from their PDFs with poppler
(pdftotext, pdffonts): structure and wording, the Times-compatible font at its true sizes, the margins,
page numbers from page 2. Every PDF is also rendered to PNG pages in test-artifacts/print/ to be looked at."""

import io
import os
import re
import subprocess
import tempfile

import frappe
import pytest
from pypdf import PdfReader

from vanhoa_congso import demo
from vanhoa_congso.printing import pdf as printing_pdf
from vanhoa_congso.printing import place_and_date
from vanhoa_congso.testing import RestClient, collective, make_award, make_award_world, make_member

ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts", "print")
MM_PER_PT = 25.4 / 72


@pytest.fixture(autouse=True)
def pdf_host(web_server):
	"""wkhtmltopdf fetches the print stylesheet from the site's URL; point it at the test web server,
	since a test site's name (*.localhost) does not resolve here."""
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = web_server
	yield
	frappe.local.conf.host_name = previous


class Printed:
	"""A rendered PDF and what poppler reads from it."""

	def __init__(self, data: bytes, tag: str):
		os.makedirs(ARTIFACTS, exist_ok=True)
		self.data = data
		self.path = os.path.join(ARTIFACTS, f"{tag}.pdf")
		with open(self.path, "wb") as f:
			f.write(data)
		subprocess.run(["pdftoppm", "-png", "-r", "60", self.path, self.path[:-4]], check=True)
		raw = subprocess.run(
			# pdftotext's reading order keeps each column of the header, each paragraph and each
			# table cell together
			["pdftotext", self.path, "-"],
			capture_output=True,
			text=True,
			check=True,
		)
		self.pages = raw.stdout.split("\f")[: len(PdfReader(io.BytesIO(data)).pages)]
		self.text = " ".join(" ".join(page.split()) for page in self.pages)

	def fonts(self) -> set[str]:
		out = subprocess.run(["pdffonts", self.path], capture_output=True, text=True, check=True).stdout
		return {line.split()[0] for line in out.splitlines()[2:] if line.strip()}

	def first_line(self, page: int) -> str:
		lines = [line.strip() for line in self.pages[page].splitlines() if line.strip()]
		return lines[0] if lines else ""

	def sizes(self, page: int = 0) -> list[tuple[str, str, float]]:
		"""(font, text, size in pt) of each run of text on the page."""
		runs = []

		def visit(text, cm, tm, font, size):
			if text.strip() and font:
				words = " ".join(text.split())
				runs.append((str(font.get("/BaseFont")), words, abs(size * (tm[3] or 1) * (cm[3] or 1))))

		PdfReader(io.BytesIO(self.data)).pages[page].extract_text(visitor_text=visit)
		return runs

	def words(self, page: int = 0) -> list[tuple[str, float, float]]:
		"""(word, left edge in mm, top in mm)."""
		out = subprocess.run(
			["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), self.path, "-"],
			capture_output=True,
			text=True,
			check=True,
		).stdout
		return [
			(word, float(x) * MM_PER_PT, float(y) * MM_PER_PT)
			for x, y, word in re.findall(
				r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', out
			)
		]


def printed(doctype, name, print_format, tag) -> Printed:
	return Printed(printing_pdf.get_pdf(doctype, name, print_format), tag)


def contains(pdf: "Printed", text: str) -> bool:
	"""`text` is in the PDF, however its table cell wrapped it."""
	return "".join(text.split()) in "".join(pdf.text.split())


def in_order(text: str, lines: list[str]) -> bool:
	position = 0
	for line in lines:
		found = text.find(line, position)
		if found < 0:
			raise AssertionError(f"{line!r} missing or out of order")
		position = found + len(line)
	return True


def test_place_and_date_follows_decree_30():
	assert place_and_date("Lai Châu", "2019-09-13") == "Lai Châu, ngày 13 tháng 9 năm 2019"
	assert place_and_date("Lai Châu", "2020-02-05") == "Lai Châu, ngày 05 tháng 02 năm 2020"
	assert place_and_date("Hải Dương", "2019-10-28") == "Hải Dương, ngày 28 tháng 10 năm 2019"


@pytest.fixture
def decision():
	world = make_award_world("PR")
	frappe.db.set_value(
		"Emulation Unit",
		world.province,
		{"full_name": "Liên đoàn Lao động tỉnh Điện Biên", "place_name": "Lai Châu"},
	)
	member = make_member(world.others[0], full_name="Nguyễn Thị Hà", position="Giáo viên")
	award = make_award(
		world.plan,
		world.province,
		[
			collective(
				world.education[0], world.form, achievement="Xây dựng cơ quan văn minh, xanh, sạch, đẹp"
			),
			collective(world.others[0], world.form, achievement="Thực hiện tốt văn hóa công sở"),
			{
				"subject_type": "Individual",
				"union_member": member.name,
				"award_form": world.form,
				"achievement": "Gương mẫu thực hiện văn hóa công sở",
			},
		],
		place=None,
		signer_name="Nguyễn Văn Bình",
	)
	award.submit()
	return award


def test_decision_pdf_as_a_federation_issues_it(decision):
	pdf = printed("Emulation Award", decision.name, "Commendation Decision", "decision")
	unit = "Liên đoàn Lao động tỉnh Điện Biên"
	header = pdf.text[: pdf.text.index("QUYẾT ĐỊNH")]
	for line in (
		"TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
		"LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN",
		"Số: 01/QĐ-LĐLĐ",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Lai Châu, ngày 20 tháng 8 năm 2025",
	):
		assert line in header, line
	assert in_order(
		pdf.text,
		[
			"QUYẾT ĐỊNH",
			"Về việc khen thưởng thử",
			"BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN",
			"Căn cứ Điều lệ Công đoàn Việt Nam;",
			"Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
			"Căn cứ Quy chế Khen thưởng của tổ chức Công đoàn",
			f"Căn cứ Kế hoạch số PR/KH-LĐLĐ ngày 13/9/2019 của {unit} về kế hoạch thử;",
			f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit}.",
			"QUYẾT ĐỊNH:",
			"Điều 1. Tặng Bằng khen PR cho 02 tập thể và 01 cá nhân đã có thành tích xuất sắc trong thực hiện kế hoạch thử giai đoạn 2019-2025 (có danh sách kèm theo).",
			"Điều 2. Mỗi tập thể được thưởng 4.680.000 đồng; mỗi cá nhân được thưởng 2.340.000 đồng.",
			"Tổng số tiền thưởng là 11.700.000 đồng (Bằng chữ: Mười một triệu bảy trăm nghìn đồng), "
			f"trích từ nguồn kinh phí hoạt động của {unit}.",
			"Điều 3. Quyết định có hiệu lực kể từ ngày ký.",
			"căn cứ Quyết định thi hành./.",
			"Nơi nhận:",
			"- Như Điều 3;",
			"- Lưu: VT.",
			"DANH SÁCH",
			f"(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 20 tháng 8 năm 2025 của Ban Thường vụ {unit})",
			"I. TẬP THỂ (2 tập thể)",
			"II. CÁ NHÂN (1 cá nhân)",
		],
	)
	signature = pdf.pages[0][pdf.pages[0].index("Nơi nhận") :]
	assert in_order(" ".join(signature.split()), ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Bình"])
	for cell in (
		"Xây dựng cơ quan văn minh, xanh, sạch, đẹp",
		"Nguyễn Thị Hà",
		"Giáo viên, Đơn vị thử PR-O0",
		"Gương mẫu thực hiện văn hóa công sở",
		"4.680.000",
		"2.340.000",
	):
		assert contains(pdf, cell), cell
	# names in running text as written; capitals only in the header block and the authority line
	assert pdf.text.count("LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN") == 2
	assert "%" not in pdf.text
	assert pdf.fonts() <= {
		"LiberationSerif",
		"LiberationSerif-Bold",
		"LiberationSerif-Italic",
		"LiberationSerif-BoldItalic",
	}


def test_decision_type_sizes_and_margins(decision):
	pdf = printed("Emulation Award", decision.name, "Commendation Decision", "decision-sizes")
	runs = pdf.sizes(0)
	basis = next(size for _font, text, size in runs if text.startswith("Căn cứ"))
	received = next((font, size) for font, text, size in runs if text.startswith("Nơi nhận"))
	filed = next(size for _font, text, size in runs if text.startswith("- Lưu"))
	assert 12.9 <= basis <= 13.4  # 13 pt body text
	assert received[0].endswith("LiberationSerif-BoldItalic") and 11.8 <= received[1] <= 12.3
	assert 10.8 <= filed <= 11.2
	words = pdf.words(0)
	body = [x for word, x, y in words if y > 60]
	assert 29 <= min(body) <= 31  # left margin 30 mm
	assert 19 <= min(y for _w, _x, y in words) <= 25  # top margin 20 mm
	assert max(x for _w, x, _y in words) <= 196  # right margin 15 mm


@pytest.fixture
def long_decision():
	"""A decision whose annexed list runs over more than one page."""
	world = make_award_world("PL")
	members = [make_member(world.others[i % 4], full_name=f"Đoàn viên thử {i:02d}") for i in range(45)]
	award = make_award(
		world.plan,
		world.province,
		[{"subject_type": "Individual", "union_member": m.name, "award_form": world.form} for m in members],
	)
	award.submit()
	return award


def test_pages_are_numbered_from_the_second_and_the_annex_on_its_own(long_decision):
	pdf = printed("Emulation Award", long_decision.name, "Commendation Decision", "decision-long")
	annex = next(i for i, page in enumerate(pdf.pages) if "DANH SÁCH" in page)
	assert len(pdf.pages) > annex + 1
	assert not pdf.first_line(0).isdigit()
	for page in range(1, annex):
		assert pdf.first_line(page) == str(page + 1)
	assert not pdf.first_line(annex).isdigit()
	assert pdf.first_line(annex + 1) == "2"
	# the marker that restarts the numbering is taken off the page
	for page in PdfReader(io.BytesIO(pdf.data)).pages:
		annotations = page.get("/Annots")
		for annotation in annotations.get_object() if annotations else []:
			assert (annotation.get_object().get("/A") or {}).get("/URI") != printing_pdf.RESTART_URL


def test_page_numbers_restart_with_each_annex():
	assert printing_pdf.page_numbers(5, {3}) == [None, 2, 3, None, 2]
	assert printing_pdf.page_numbers(1, set()) == [None]


def test_one_certificate_per_recipient_on_landscape_stock(decision):
	pdf = printed("Emulation Award", decision.name, "Award Certificate", "certificate")
	assert len(pdf.pages) == 3
	page = PdfReader(io.BytesIO(pdf.data)).pages[0]
	assert float(page.mediabox.width) > float(page.mediabox.height)
	for text, row in zip(pdf.pages, decision.recipients, strict=True):
		text = " ".join(text.split())
		assert "BẰNG KHEN" in text and row.subject_name in text
		assert "Quyết định số 01/QĐ-LĐLĐ, ngày 20 tháng 8 năm 2025" in text
		assert f"Số vào sổ: {row.certificate_number}" in text
		assert "Đã có thành tích" in text and "%" not in text
	assert "Giáo viên," in pdf.pages[2]


def test_certificates_meet_the_stock_with_the_settings(decision):
	plain = printed("Emulation Award", decision.name, "Award Certificate", "certificate-plain")
	settings = frappe.get_single("Certificate Print Settings")
	settings.update({"print_preprinted_text": 0, "offset_left_mm": 10, "offset_top_mm": -5})
	settings.save()
	moved = printed("Emulation Award", decision.name, "Award Certificate", "certificate-stock")
	assert "BẰNG KHEN" not in moved.pages[0] and "CỘNG HÒA" not in moved.pages[0]
	name = decision.recipients[0].subject_name.split()[0]

	def place(pdf):
		return next((x, y) for word, x, y in pdf.words(0) if word == name)

	(x0, y0), (x1, y1) = place(plain), place(moved)
	assert 9 <= x1 - x0 <= 11 and -6 <= y1 - y0 <= -4


def seed_000_headings():
	return [
		"I. MỤC ĐÍCH, YÊU CẦU",
		"1. Mục đích",
		"2. Yêu cầu",
		"II. ĐỐI TƯỢNG, NỘI DUNG PHONG TRÀO THI ĐUA",
		"1. Đối tượng",
		"2. Nội dung thi đua",
		"a) Đối với tập thể",
		"b) Đối với cán bộ, công chức, viên chức",
		"III. NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN",
		"IV. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
		"1. Tiêu chuẩn thi đua:",
		"a) Đối với tập thể:",
		"b) Đối với cán bộ, công chức, viên chức:",
		"2. Hình thức và số lượng khen thưởng",
		"a) Hình thức khen thưởng",
		"b) Số lượng khen thưởng",
		"V. TỔ CHỨC THỰC HIỆN",
	]


def demo_plan(number, unit):
	return frappe.db.get_value(
		"Emulation Plan", {"plan_number": number, "issuing_unit": unit, "docstatus": 1}
	)


def test_plan_117_printed_as_issued(demo_data):
	pdf = printed("Emulation Plan", demo_plan("117/KH-LĐLĐ", "LC"), "Emulation Plan Document", "plan-117")
	assert in_order(
		pdf.text,
		[
			"TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
			"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
			"Số: 117/KH-LĐLĐ",
			"Lai Châu, ngày 13 tháng 9 năm 2019",
			"KẾ HOẠCH",
			"Thực hiện phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” giai đoạn 2019-2025",
			*seed_000_headings(),
			"Nơi nhận:",
			"TM. BAN THƯỜNG VỤ",
			"Nguyễn Thị Thiện",
		],
	)
	assert "* Xây dựng, ban hành và tổ chức thực hiện các văn bản chỉ đạo" in pdf.text
	assert "- Niêm yết đầy đủ các thủ tục hành chính tại trụ sở cơ quan, đơn vị" in pdf.text
	# the app's own codes for seed 000's criteria are never printed
	assert not re.search(r"\b[ab]\.\d", pdf.text)
	assert len(pdf.pages) > 2
	for page in range(1, len(pdf.pages)):
		assert pdf.first_line(page) == str(page + 1)
	assert pdf.fonts() <= {
		"LiberationSerif",
		"LiberationSerif-Bold",
		"LiberationSerif-Italic",
		"LiberationSerif-BoldItalic",
	}


def test_district_plan_keeps_its_numbered_criteria_and_sections(demo_data):
	pdf = printed(
		"Emulation Plan", demo_plan("01/KH-LĐLĐ", "HD-H1"), "Emulation Plan Document", "plan-district"
	)
	assert in_order(
		pdf.text,
		[
			"II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA",
			"III. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
			"1.1. Đối với tập thể",
			"1.1.1. Xây dựng, banh hành và tổ chức thực hiện",
			"1.2.7. Tích cực tham gia các phong trào thi đua yêu nước",
			"2. Hình thức khen thưởng",
			"III. TIẾN ĐỘ THỰC HIỆN",
			"1. Năm 2019: Tổ chức phát động",
			"IV. TỔ CHỨC THỰC HIỆN",
		],
	)


def demo_evaluation():
	return frappe.db.get_value("Emulation Evaluation", {"subject_unit": "LC-CQ", "phase_year": 2024})


def test_achievement_report_from_an_evaluation(demo_data):
	pdf = printed("Emulation Evaluation", demo_evaluation(), "Achievement Report", "achievement-report")
	assert in_order(
		pdf.text,
		[
			"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
			"CÔNG ĐOÀN CƠ SỞ CƠ QUAN LĐLĐ",
			"BÁO CÁO THÀNH TÍCH",
			f"Đề nghị tặng {demo.MERIT}",
			"Tên tập thể đề nghị: CĐCS Cơ quan LĐLĐ tỉnh Lai Châu",
			"I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
			"II. THÀNH TÍCH ĐẠT ĐƯỢC",
			"III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
			"XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
			"TM. BAN CHẤP HÀNH",
		],
	)
	for cell in (
		"Xây dựng và thực hiện cơ chế, chính sách, pháp luật",
		"Minh chứng minh họa",
		"05/QĐ-LĐLĐ, 25/1/2025",
	):
		assert contains(pdf, cell), cell
	assert not re.search(r"\b[ab]\.\d", pdf.text)


def test_submission_letter_from_an_evaluation(demo_data):
	pdf = printed("Emulation Evaluation", demo_evaluation(), "Submission Letter", "submission-letter")
	assert in_order(
		pdf.text,
		[
			"Số: /TTr-CĐCS",
			"TỜ TRÌNH",
			f"Về việc đề nghị tặng {demo.MERIT}",
			"Kính gửi: Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
			"Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019",
			"đã có thành tích trong phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” năm 2024 (xếp loại Xuất sắc).",
			"(Có báo cáo thành tích kèm theo)",
			"Nơi nhận:",
			"- Như trên;",
			"TM. BAN CHẤP HÀNH",
		],
	)


def test_council_minutes_from_a_session(demo_data):
	session = frappe.db.get_value(
		"Emulation Council Session", {"session_date": "2025-01-20", "council_members": 9}
	)
	pdf = printed("Emulation Council Session", session, "Council Minutes", "council-minutes")
	assert in_order(
		pdf.text,
		[
			"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
			"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
			"Lai Châu, ngày 20 tháng 01 năm 2025",
			"BIÊN BẢN",
			"Vào hồi 08 giờ 00 phút, ngày 20 tháng 01 năm 2025",
			"Hội đồng có 9 thành viên; có mặt 7 thành viên, vắng 2 thành viên (1 thành viên gửi phiếu bằng văn bản).",
			"Ủy viên Hội đồng 8 (minh họa)",
			"đủ số lượng tối thiểu (6 thành viên) để Hội đồng xét, đề nghị.",
			"Hội đồng thống nhất đề nghị Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu xem xét, quyết định khen thưởng",
			"THƯ KÝ",
			"CHỦ TỊCH HỘI ĐỒNG",
		],
	)
	for cell in ("CĐCS Cơ quan LĐLĐ tỉnh Lai Châu", "5/8", "62,5%", "Đề nghị khen thưởng"):
		assert contains(pdf, cell), cell


def test_the_desks_pdf_button_numbers_the_pages(demo_data, web_server):
	"""As a union officer: the desk's PDF download goes through the app, which stamps the numbers."""
	client = RestClient(web_server, demo.demo_email("bancongtaccoso"), demo.DEMO_PASSWORD)
	response = client.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={
			"doctype": "Emulation Plan",
			"name": demo_plan("117/KH-LĐLĐ", "LC"),
			"format": "Emulation Plan Document",
		},
	)
	assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
	with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
		f.write(response.content)
		f.flush()
		second = subprocess.run(
			["pdftotext", "-f", "2", "-l", "2", "-layout", f.name, "-"], capture_output=True, text=True
		).stdout
	assert second.split()[0] == "2"


def test_the_demos_decision_and_certificates(demo_data):
	name = frappe.db.get_value("Emulation Award", {"decision_number": "05/QĐ-LĐLĐ"})
	pdf = printed("Emulation Award", name, "Commendation Decision", "demo-decision")
	assert "Số: 05/QĐ-LĐLĐ" in pdf.text and "Lai Châu, ngày 25 tháng 01 năm 2025" in pdf.text
	assert in_order(
		pdf.text,
		[
			"QUYẾT ĐỊNH",
			"BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
			"Căn cứ Điều lệ Công đoàn Việt Nam;",
			"Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
			"Xét đề nghị của Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh Lai Châu.",
			f"Điều 1. Tặng {demo.MERIT} cho 02 tập thể đã có thành tích xuất sắc trong phong trào thi đua "
			"“Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” năm 2024",
			"Điều 2. Mỗi tập thể được thưởng 4.680.000 đồng.",
			"Điều 3. Quyết định có hiệu lực kể từ ngày ký.",
			"Nơi nhận:",
			"DANH SÁCH",
			"I. TẬP THỂ (2 tập thể)",
		],
	)
	assert "TM. BAN THƯỜNG VỤ" in pdf.text and "II. CÁ NHÂN" not in pdf.text
	certificates = printed("Emulation Award", name, "Award Certificate", "demo-certificates")
	assert len(certificates.pages) == 2
	for page, number in zip(certificates.pages, ("01/BK", "02/BK"), strict=True):
		text = " ".join(page.split())
		assert "BẰNG KHEN" in text and f"Số vào sổ: {number}" in text
		assert "Quyết định số 05/QĐ-LĐLĐ, ngày 25 tháng 01 năm 2025" in text and "%" not in text
