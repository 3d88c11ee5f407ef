"""The demo reproduces the two seed plans word for word, and loading it twice changes nothing."""

import os
import re

import frappe
import pytest

from vanhoa_congso import demo
from vanhoa_congso.rules import units

APP_DOCTYPES = (
	"Emulation Sector",
	"Emulation Unit",
	"Union Member",
	"Award Form",
	"Emulation Criteria Set",
	"Emulation Criterion",
	"Emulation Plan",
	"Emulation Evaluation",
	"Emulation Award",
	"Emulation Periodic Report",
	"Emulation Registration",
	"Emulation Cluster",
	"Emulation Nomination Batch",
	"Emulation Upward Proposal",
	"Emulation Review Report",
	"User",
)


def seeds_dir():
	"""The seed documents beside the repository (shared/seeds), or VHCS_SEEDS_DIR."""
	if os.environ.get("VHCS_SEEDS_DIR"):
		return os.environ["VHCS_SEEDS_DIR"]
	repo = os.path.dirname(os.path.realpath(frappe.get_app_path("vanhoa_congso")))
	return os.path.join(os.path.dirname(repo), "shared", "seeds")


def read_seed(prefix):
	folder = seeds_dir()
	if not os.path.isdir(folder):
		pytest.skip(f"seed documents not found at {folder}; set VHCS_SEEDS_DIR")
	(filename,) = [f for f in os.listdir(folder) if f.startswith(prefix)]
	with open(os.path.join(folder, filename), encoding="utf-8") as f:
		return f.read()


def section(text, start, end):
	begin = text.index(start) + len(start)
	return text[begin : text.index(end, begin)]


def criteria_lines_000(block):
	"""Groups are written '** text*', items '- text'."""
	lines = [line.strip() for line in block.splitlines() if line.strip()]
	return [
		line[3:-1] if line.startswith("** ") else line[2:] for line in lines if line.startswith(("** ", "- "))
	]


def criteria_lines_001(block):
	"""Groups are numbered '1.1.1. text', items '- text'."""
	result = []
	for line in (line.strip() for line in block.splitlines()):
		numbered = re.match(r"^(1\.[12]\.\d)\. (.*)$", line)
		if numbered:
			result.append((numbered.group(1), numbered.group(2)))
		elif line.startswith("- "):
			result.append((None, line[2:]))
	return result


def stored_criteria(criteria_set, subject_type):
	return frappe.get_all(
		"Emulation Criterion",
		filters={"criteria_set": criteria_set, "subject_type": subject_type},
		fields=["code", "criterion_text", "is_group", "parent_emulation_criterion"],
		order_by="lft asc",
	)


def plan_body_lines(doc) -> list[str]:
	"""The plan's body as printed, line by line: legal bases, sections and their criteria, closing."""
	from vanhoa_congso.printing import plan as printed_plan

	return [normalise(block[1]) for block in printed_plan.body_blocks(doc)]


def normalise(line: str) -> str:
	"""A line without the seed's markdown emphasis (** and *) and with single spaces."""
	return " ".join(line.replace("*", " ").split())


def seed_body_lines(seed: str, start: str, end: str | None) -> list[str]:
	"""The seed's lines from `start` to before `end`; a line starting with a lowercase letter (not a
	point such as 'a)') continues the line before it, as a page break in the source cut it."""
	body = seed[seed.index(start) : seed.index(end) if end else None]
	lines: list[str] = []
	for line in (line.strip() for line in body.splitlines()):
		if not line:
			continue
		if lines and re.match(r"^[a-zà-ỹđ]", line) and not re.match(r"^[a-z]\)", line):
			lines[-1] += " " + line
		else:
			lines.append(line)
	return [normalise(line) for line in lines]


@pytest.fixture
def loaded(demo_data):
	return demo_data


def plan(number, unit):
	name = frappe.db.get_value(
		"Emulation Plan", {"plan_number": number, "issuing_unit": unit, "docstatus": 1}
	)
	assert name, f"plan {number} of {unit} is missing"
	return frappe.get_doc("Emulation Plan", name)


def test_plan_117_as_written(loaded):
	seed = read_seed("000_")
	doc = plan("117/KH-LĐLĐ", "LC")
	assert "Số: 117/KH-LĐLĐ" in seed and "Lai Châu, ngày 13 tháng 9 năm 2019" in seed
	assert (doc.place, str(doc.issue_date)) == ("Lai Châu", "2019-09-13")
	assert doc.title in seed
	assert (doc.period_from_year, doc.period_to_year) == (2019, 2025)
	assert (doc.signer_on_behalf_of, doc.signer_title, doc.signer_name) == (
		"TM. BAN THƯỜNG VỤ",
		"CHỦ TỊCH",
		"Nguyễn Thị Thiện",
	)
	assert doc.report_six_monthly == 1 and doc.report_yearly == 1
	for field in ("purposes", "requirements", "emulation_content", "tasks_and_solutions", "implementation"):
		for line in doc.get(field).splitlines():
			assert line in seed, f"{field}: {line}"
	recipients = [row.recipient for row in doc.recipients]
	assert recipients[0] == "Thường trực Tỉnh ủy, UBND;" and recipients[-1] == "Lưu: VT-CTCS."
	assert all(f"- {recipient}" in seed for recipient in recipients)
	assert len(recipients) == 11


def test_plan_117_printed_body_is_seed_000_word_for_word(loaded):
	seed = read_seed("000_")
	doc = plan("117/KH-LĐLĐ", "LC")
	assert plan_body_lines(doc) == seed_body_lines(seed, "Thực hiện Quyết định 1847", "Nơi nhận:")


def test_plan_117_headings_are_seed_000s(loaded):
	doc = plan("117/KH-LĐLĐ", "LC")
	headings = [row.heading for row in doc.sections]
	assert headings[3:8] == [
		"II. ĐỐI TƯỢNG, NỘI DUNG PHONG TRÀO THI ĐUA",
		"1. Đối tượng",
		"2. Nội dung thi đua",
		"a) Đối với tập thể",
		"b) Đối với cán bộ, công chức, viên chức",
	]
	assert "1. Tiêu chuẩn thi đua:" in headings and "2. Hình thức và số lượng khen thưởng" in headings
	assert [row.criteria_for for row in doc.sections if row.criteria_for] == ["Collective", "Individual"]
	assert not frappe.db.get_value("Emulation Criteria Set", doc.criteria_set, "print_codes")


def test_district_plan_printed_body_is_seed_001_word_for_word(loaded):
	seed = read_seed("001_")
	doc = plan("01/KH-LĐLĐ", "HD-H1")
	assert plan_body_lines(doc) == seed_body_lines(seed, "Thực hiện kế hoạch số 53", None)
	# the seed's own section numbering, III twice, is kept
	assert [row.heading for row in doc.sections if row.heading_level == "Section"] == [
		"I. MỤC ĐÍCH, YÊU CẦU",
		"II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA",
		"III. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
		"III. TIẾN ĐỘ THỰC HIỆN",
		"IV. TỔ CHỨC THỰC HIỆN",
	]


def test_plan_117_quotas(loaded):
	doc = plan("117/KH-LĐLĐ", "LC")
	quotas = {
		(row.subject_type, row.max_count, row.reserved_count, row.reserved_sector) for row in doc.award_quotas
	}
	assert quotas == {("Collective", 10, 4, "Giáo dục"), ("Individual", 15, 6, "Giáo dục")}
	assert {row.award_form for row in doc.award_quotas} == {demo.MERIT}


@pytest.mark.parametrize(
	"subject_type,start,end",
	[
		("Collective", "a) Đối với tập thể:", "b) Đối với cán bộ, công chức, viên chức:"),
		("Individual", "b) Đối với cán bộ, công chức, viên chức:", "2. Hình thức và số lượng khen thưởng"),
	],
)
def test_plan_117_criteria_word_for_word(loaded, subject_type, start, end):
	seed = read_seed("000_")
	expected = criteria_lines_000(section(seed, start, end))
	stored = stored_criteria("LC-117", subject_type)
	assert [row.criterion_text for row in stored] == expected
	assert plan("117/KH-LĐLĐ", "LC").criteria_set == "LC-117"


@pytest.mark.parametrize(
	"subject_type,start,end,groups",
	[
		("Collective", "1.1. Đối với tập thể", "1.2. Đối với cá nhân", ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]),
		(
			"Individual",
			"1.2. Đối với cá nhân",
			"2. Hình thức khen thưởng",
			["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6", "1.2.7"],
		),
	],
)
def test_district_plan_criteria_word_for_word(loaded, subject_type, start, end, groups):
	seed = read_seed("001_")
	expected = criteria_lines_001(section(seed, start, end))
	stored = stored_criteria("HD-HUYEN", subject_type)
	assert [row.criterion_text for row in stored] == [text for _code, text in expected]
	assert [row.code for row in stored if not row.parent_emulation_criterion] == groups
	assert [code for code, _text in expected if code] == groups


def test_district_plan_implements_53_with_milestones(loaded):
	seed = read_seed("001_")
	provincial = plan("53/KH-LĐLĐ", "HD")
	district = plan("01/KH-LĐLĐ", "HD-H1")
	assert district.parent_plan == provincial.name
	assert str(provincial.issue_date) == "2019-10-28"
	assert "Thực hiện kế hoạch số 53/KH- LĐLĐ ngày 28/10/2019" in seed
	milestones = [
		(row.milestone_type, row.year, str(row.milestone_date or "")) for row in district.milestones
	]
	assert milestones == [
		("Launch", 2019, ""),
		("Mid-term Review", 2022, ""),
		("Final Review", 2025, "2025-09-02"),
	]
	for row in district.milestones:
		assert f"Năm {row.year}: {row.description}" in seed
	assert district.funding in seed
	assert district.report_yearly == 1 and not district.report_six_monthly


def test_demo_units_are_marked_and_shaped(loaded):
	assert frappe.db.get_value("Emulation Unit", "LC", "level") == units.PROVINCE
	education = frappe.get_all(
		"Emulation Unit",
		filters={"sector": "Giáo dục", "level": units.GRASSROOTS, "is_demo": 1},
		pluck="name",
	)
	assert len(education) >= 3
	assert units.get_parent_on("LC-CQ", "2020-01-01") == "LC"
	assert frappe.db.count("Union Member", {"is_demo": 1}) >= 10


def snapshot():
	return {
		doctype: (frappe.db.count(doctype), frappe.db.get_value(doctype, {}, "max(modified)"))
		for doctype in APP_DOCTYPES
	}


def test_loading_twice_changes_nothing(loaded):
	before = snapshot()
	created = demo.load()
	assert set(created.values()) == {0}
	assert snapshot() == before


def test_the_demo_applies_the_2025_reorganisation(loaded):
	for district in ("LC-TP", "LC-TD", "LC-PT"):
		closed = frappe.db.get_value("Emulation Unit", district, ["valid_to", "successor_unit"], as_dict=True)
		assert (str(closed.valid_to), closed.successor_unit) == ("2025-06-30", "LC")
	assert frappe.db.get_value("Emulation Unit", "LC-TD-01", "parent_emulation_unit") == "LC"
	assert units.get_parent_on("LC-TD-01", "2024-12-31") == "LC-TD"
	assert units.get_parent_on("LC-TD-01", "2025-07-01") == "LC"
	# so the 2025 final review goes straight to the province
	report = frappe.get_doc("Emulation Review Report", {"reporting_unit": "LC-TD-01", "review_year": 2025})
	assert report.receiving_unit == "LC" and report.status == "Acknowledged"
	final = frappe.get_all(
		"Emulation Evaluation",
		filters={"phase": "Final Review", "phase_year": 2025},
		pluck="direct_to_council",
	)
	assert final and set(final) == {1}
	# while the 2022 review still rolled up through the districts
	mid_term = frappe.get_doc("Emulation Review Report", {"reporting_unit": "LC-TD-01", "review_year": 2022})
	assert mid_term.receiving_unit == "LC-TD"


def test_demo_campaign_is_in_progress(loaded):
	stages = set(
		frappe.get_all(
			"Emulation Evaluation", filters={"emulation_unit": ("like", "LC-%")}, pluck="workflow_state"
		)
	)
	assert stages >= {"Draft", "Sent for Review", "Returned for Revision", "Forwarded to Council", "Approved"}
	direct = frappe.get_doc("Emulation Evaluation", {"subject_unit": "LC-CQ", "phase_year": 2024})
	assert direct.direct_to_council == 1 and direct.docstatus == 1
	assert (
		frappe.db.get_value(
			"Emulation Evaluation", {"subject_unit": "LC-TD-01", "phase_year": 2024}, "reviewing_unit"
		)
		== "LC-TD"
	)
	assert frappe.db.exists(
		"User Permission", {"user": demo.demo_email("thamdinh.tamduong"), "for_value": "LC-TD"}
	)


def test_demo_decisions(loaded):
	issued = frappe.get_doc("Emulation Award", {"decision_number": "05/QĐ-LĐLĐ"})
	assert issued.docstatus == 1 and issued.status == "Issued"
	assert issued.total_amount == 2 * 2 * 2_340_000
	# the register gave it the number after the four decisions the province issued outside the app
	assert (issued.register_year, issued.register_sequence) == (2025, 5)
	assert [row.certificate_number for row in issued.recipients] == ["01/BK", "02/BK"]
	assert (issued.signer_on_behalf_of, issued.deciding_body) == ("TM. BAN THƯỜNG VỤ", "Ban Thường vụ")
	assert issued.legal_bases.splitlines()[0] == "Căn cứ Điều lệ Công đoàn Việt Nam;"
	assert "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019" in issued.legal_bases
	notice = frappe.get_doc(
		"Emulation Award", {"plan": issued.plan, "phase": "Final Review", "phase_year": 2025}
	)
	assert notice.docstatus == 0 and notice.status == "In Public Notice" and notice.is_published
	assert not notice.decision_number


def test_demo_units_write_their_names_as_documents_do(loaded):
	assert frappe.db.get_value("Emulation Unit", "LC", ["full_name", "document_symbol", "place_name"]) == (
		"Liên đoàn Lao động tỉnh Lai Châu",
		"LĐLĐ",
		"Lai Châu",
	)
	assert (
		frappe.db.get_value("Emulation Unit", "LC-TP-01", "full_name")
		== "Công đoàn cơ sở Trường THCS Đoàn Kết"
	)


def test_demo_council_session_has_its_quorum(loaded):
	session = frappe.get_doc(
		"Emulation Council Session", {"session_date": "2025-01-20", "council_members": 9}
	)
	assert (session.present_count, session.written_count, session.voting_count) == (7, 1, 8)
	assert (session.quorum_needed, session.has_quorum) == (6, 1)


def test_demo_user_gets_its_role_back(loaded):
	email = demo.demo_email("thamdinh.tamduong")
	assert "Upper-Level Reviewer" in frappe.get_roles(email)  # now cached
	frappe.db.delete("Has Role", {"parent": email, "role": "Upper-Level Reviewer"})
	assert demo.ensure_user("thamdinh.tamduong", "Hà Văn Sơn", "Upper-Level Reviewer", "LC-TD")
	assert frappe.db.exists("Has Role", {"parent": email, "role": "Upper-Level Reviewer"})


def test_demo_users_read_family_name_first(loaded):
	assert frappe.db.get_value("User", demo.demo_email("canbo.thcsdoanket"), "full_name") == "Nguyễn Thị Hà"


def test_demo_registrations_and_clusters(loaded):
	plan_117 = plan("117/KH-LĐLĐ", "LC")
	assert plan_117.registration_required and plan_117.members_register
	acknowledged = frappe.get_all(
		"Emulation Registration",
		filters={"plan": plan_117.name, "status": "Acknowledged"},
		fields=["subject_unit", "union_member", "commitment_file", "is_demo"],
	)
	assert {"LC-TP", "LC-TD", "LC-TP-01", "LC-CQ"} <= {row.subject_unit for row in acknowledged}
	assert all(row.commitment_file and row.is_demo for row in acknowledged)
	assert sum(1 for row in acknowledged if row.union_member) >= 4
	assert frappe.db.exists("Emulation Registration", {"plan": plan_117.name, "status": "Sent"})
	clusters = frappe.get_all(
		"Emulation Cluster",
		filters={"plan": plan_117.name},
		fields=["cluster_kind", "leading_unit", "is_demo"],
	)
	assert {(row.cluster_kind, row.leading_unit) for row in clusters} == {
		("Cluster by Area", "LC-TP"),
		("Block by Sector", "LC-TP-01"),
	}


def test_demo_mid_term_review_of_2022(loaded):
	province = frappe.get_doc("Emulation Review Report", {"reporting_unit": "LC", "review_year": 2022})
	assert province.review_type == "Mid-term Review" and province.status == "Completed" and province.is_demo
	assert province.conference_date and province.awards_presented
	# the districts' and grassroots unions' own figures, each counted once
	assert province.total_participating_members == 12 + 10 + 32 + 28
	assert province.evaluated_collectives == 2 and province.evaluated_individuals == 1
	batches = frappe.get_all(
		"Emulation Nomination Batch", filters={"phase_year": 2022}, fields=["sending_unit", "status"]
	)
	assert {(row.sending_unit, row.status) for row in batches} == {
		("LC-TP", "Acknowledged"),
		("LC-TD", "Acknowledged"),
		("LC-TP-01", "Acknowledged"),  # the school block's own proposal, from its leading union
	}
	proposal = frappe.get_doc("Emulation Upward Proposal", {"phase_year": 2022})
	assert proposal.status == "Answered"
	assert {row.outcome for row in proposal.items} == {"Granted", "Not Granted"}


def test_demo_decisions_of_district_level_unions_and_individuals(loaded):
	district = frappe.get_doc("Emulation Award", {"decision_number": "12/QĐ-LĐLĐ"})
	assert (district.issuing_unit, district.docstatus, district.is_demo) == ("LC-TP", 1, 1)
	sector = frappe.get_doc("Emulation Award", {"decision_number": "25/QĐ-CĐN"})
	assert sector.issuing_unit == "LC-GD" and sector.docstatus == 1
	assert {row.subject_type for row in district.recipients + sector.recipients} == {
		"Collective",
		"Individual",
	}
	individuals = frappe.get_all(
		"Emulation Evaluation", filters={"subject_type": "Individual", "is_demo": 1}, pluck="phase_year"
	)
	assert {2022, 2024, 2025} <= set(individuals)


def test_every_invented_record_is_marked(loaded):
	for doctype in (
		"Emulation Evaluation",
		"Emulation Council Session",
		"Emulation Award",
		"Emulation Periodic Report",
		"Emulation Registration",
		"Emulation Nomination Batch",
		"Emulation Upward Proposal",
		"Emulation Review Report",
	):
		assert not frappe.db.exists(doctype, {"is_demo": 0}), doctype
	members = frappe.get_all("Union Member", filters={"is_demo": 1}, fields=["ethnic_group"])
	assert members and all(row.ethnic_group for row in members)
