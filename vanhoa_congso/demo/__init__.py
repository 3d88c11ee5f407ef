"""Demo data: the Lai Châu hierarchy with plan 117/KH-LĐLĐ (seed 000) and a Hải Dương district plan
implementing provincial plan 53/KH-LĐLĐ (seed 001).

Run with ``bench --site SITE execute vanhoa_congso.demo.load``. Loading twice changes nothing: every
record is looked up by its natural key first and left alone when it exists. Names the seeds do not
give (districts' grassroots unions, members, the district plan's number) are illustrative and every
such record carries the "Demo Data" flag.
"""

from __future__ import annotations

import json
import os

import frappe

from vanhoa_congso import integrations
from vanhoa_congso.permissions.ownership import allow_server_value, server_values
from vanhoa_congso.rules import units

SEED_FILE = os.path.join(os.path.dirname(__file__), "seed_plans.json")
DEMO_START = "2019-01-01"

PROVINCE, DISTRICT, EQUIVALENT, GRASSROOTS = (
	units.PROVINCE,
	units.DISTRICT,
	units.DISTRICT_EQUIVALENT,
	units.GRASSROOTS,
)
EDUCATION, HEALTH = "Giáo dục", "Y tế"

# (code, name, level, parent, sector, kind of district-equivalent union)
UNITS: tuple[tuple[str, str, str, str | None, str | None, str | None], ...] = (
	("LC", "LĐLĐ tỉnh Lai Châu", PROVINCE, None, None, None),
	("LC-TP", "LĐLĐ thành phố Lai Châu", DISTRICT, "LC", None, None),
	("LC-TD", "LĐLĐ huyện Tam Đường", DISTRICT, "LC", None, None),
	("LC-PT", "LĐLĐ huyện Phong Thổ", DISTRICT, "LC", None, None),
	("LC-GD", "Công đoàn ngành Giáo dục tỉnh Lai Châu", EQUIVALENT, "LC", EDUCATION, "Sector Union"),
	("LC-YT", "Công đoàn ngành Y tế tỉnh Lai Châu", EQUIVALENT, "LC", HEALTH, "Sector Union"),
	("LC-VC", "Công đoàn Viên chức tỉnh Lai Châu", EQUIVALENT, "LC", None, "Public Employees Union"),
	("LC-CQ", "CĐCS Cơ quan LĐLĐ tỉnh Lai Châu", GRASSROOTS, "LC", None, None),
	("LC-TP-01", "CĐCS Trường THCS Đoàn Kết", GRASSROOTS, "LC-TP", EDUCATION, None),
	("LC-TP-02", "CĐCS Cơ quan UBND thành phố Lai Châu", GRASSROOTS, "LC-TP", None, None),
	("LC-TD-01", "CĐCS Trường Tiểu học thị trấn Tam Đường", GRASSROOTS, "LC-TD", EDUCATION, None),
	("LC-TD-02", "CĐCS Trung tâm Y tế huyện Tam Đường", GRASSROOTS, "LC-TD", HEALTH, None),
	("LC-PT-01", "CĐCS Trường THCS thị trấn Phong Thổ", GRASSROOTS, "LC-PT", EDUCATION, None),
	("LC-PT-02", "CĐCS Cơ quan UBND huyện Phong Thổ", GRASSROOTS, "LC-PT", None, None),
	("LC-GD-01", "CĐCS Trường THPT Chuyên Lê Quý Đôn", GRASSROOTS, "LC-GD", EDUCATION, None),
	("LC-YT-01", "CĐCS Bệnh viện Đa khoa tỉnh Lai Châu", GRASSROOTS, "LC-YT", HEALTH, None),
	("LC-VC-01", "CĐCS Văn phòng UBND tỉnh Lai Châu", GRASSROOTS, "LC-VC", None, None),
	("HD", "LĐLĐ tỉnh Hải Dương", PROVINCE, None, None, None),
	("HD-H1", "LĐLĐ huyện (minh họa, thuộc tỉnh Hải Dương)", DISTRICT, "HD", None, None),
	("HD-H1-01", "CĐCS Cơ quan LĐLĐ huyện (minh họa)", GRASSROOTS, "HD-H1", None, None),
)

# Units' formal names as their documents write them in running text (the short names above are the
# desk's); a grassroots union's is "Công đoàn cơ sở" and the rest of its name.
FORMAL_NAMES = {
	"LC": "Liên đoàn Lao động tỉnh Lai Châu",
	"LC-TP": "Liên đoàn Lao động thành phố Lai Châu",
	"LC-TD": "Liên đoàn Lao động huyện Tam Đường",
	"LC-PT": "Liên đoàn Lao động huyện Phong Thổ",
	"HD": "Liên đoàn Lao động tỉnh Hải Dương",
	"HD-H1": "Liên đoàn Lao động huyện (minh họa, thuộc tỉnh Hải Dương)",
	"HD-H1-01": "Công đoàn cơ sở Cơ quan Liên đoàn Lao động huyện (minh họa)",
}
# How the issuing units number and sign their documents.
ISSUER_SETTINGS = {
	"LC": {"place_name": "Lai Châu", "document_symbol": "LĐLĐ", "signer_name": "(minh họa)"},
	"HD": {"place_name": "Hải Dương", "document_symbol": "LĐLĐ"},
	"HD-H1": {"place_name": "Hải Dương", "document_symbol": "LĐLĐ"},
}
SIGNER = {
	"signing_authority": "On Behalf of the Body (TM.)",
	"deciding_body": "Ban Thường vụ",
	"head_title": "Chủ tịch",
	"signer_title": "Chủ tịch",
}


def formal_name(code: str, name: str) -> str:
	if code in FORMAL_NAMES:
		return FORMAL_NAMES[code]
	return "Công đoàn cơ sở " + name.removeprefix("CĐCS ") if name.startswith("CĐCS ") else name


# (full name, gender, birth date, unit, position, category)
MEMBERS: tuple[tuple[str, str, str, str, str, str], ...] = (
	("Lò Văn Minh", "Male", "1980-04-12", "LC-CQ", "Chuyên viên Ban công tác cơ sở", "Cadre"),
	("Nguyễn Thị Hà", "Female", "1986-09-03", "LC-TP-01", "Giáo viên", "Public Employee"),
	("Trần Văn Nam", "Male", "1979-01-20", "LC-TP-01", "Hiệu trưởng", "Public Employee"),
	("Vàng Thị Mai", "Female", "1990-06-15", "LC-TP-02", "Chuyên viên", "Civil Servant"),
	("Lê Văn Hùng", "Male", "1984-11-02", "LC-TD-01", "Giáo viên", "Public Employee"),
	("Đỗ Thị Lan", "Female", "1988-03-28", "LC-TD-02", "Điều dưỡng", "Public Employee"),
	("Phạm Văn Dũng", "Male", "1982-07-07", "LC-PT-01", "Giáo viên", "Public Employee"),
	("Tẩn Thị Sen", "Female", "1992-12-01", "LC-PT-02", "Văn thư", "Civil Servant"),
	("Hoàng Văn Thắng", "Male", "1977-05-19", "LC-GD-01", "Giáo viên", "Public Employee"),
	("Bùi Thị Thu", "Female", "1985-10-10", "LC-YT-01", "Bác sĩ", "Public Employee"),
	("Ngô Văn Long", "Male", "1983-02-14", "LC-VC-01", "Chuyên viên", "Civil Servant"),
	("Vũ Thị Hạnh", "Female", "1987-08-22", "HD-H1-01", "Cán bộ công đoàn chuyên trách", "Cadre"),
	("Lù Thị Dung", "Female", "1991-04-09", "LC-GD-01", "Giáo viên", "Public Employee"),
)
# full name: (ethnic group, Party member, leader or manager), for the statistics
MEMBER_PROFILES = {
	"Lò Văn Minh": ("Thái", 1, 0),
	"Nguyễn Thị Hà": ("Kinh", 0, 0),
	"Trần Văn Nam": ("Kinh", 1, 1),
	"Vàng Thị Mai": ("HMông", 0, 0),
	"Lê Văn Hùng": ("Kinh", 0, 0),
	"Đỗ Thị Lan": ("Kinh", 0, 0),
	"Phạm Văn Dũng": ("Kinh", 1, 0),
	"Tẩn Thị Sen": ("Dao", 0, 0),
	"Hoàng Văn Thắng": ("Tày", 1, 0),
	"Bùi Thị Thu": ("Mường", 1, 0),
	"Ngô Văn Long": ("Kinh", 0, 0),
	"Vũ Thị Hạnh": ("Kinh", 1, 0),
	"Lù Thị Dung": ("Thái", 0, 0),
}

AWARD_FORMS = (
	{
		"award_form_name": "Bằng khen của Ban Thường vụ LĐLĐ tỉnh Lai Châu",
		"award_kind": "Certificate of Merit",
		"issuing_level": PROVINCE,
		"issuing_unit": "LC",
		"subject_type": "Collective and Individual",
		"prize_basis": "Base Salary Coefficient",
		"collective_coefficient": 2.0,
		"individual_coefficient": 1.0,
		"description": "LĐLĐ tỉnh xem xét tặng bằng khen kèm theo tiền thưởng (Kế hoạch 117/KH-LĐLĐ). "
		"Hệ số tiền thưởng là số liệu minh họa.",
	},
	{
		"award_form_name": "Giấy khen của LĐLĐ huyện, thành phố, công đoàn ngành, công đoàn viên chức",
		"award_kind": "Certificate of Commendation",
		"issuing_level": DISTRICT,
		"other_issuing_levels": [{"level": EQUIVALENT}],
		"subject_type": "Collective and Individual",
		"prize_basis": "Base Salary Coefficient",
		"collective_coefficient": 0.6,
		"individual_coefficient": 0.3,
		"description": "LĐLĐ huyện, thành phố, công đoàn ngành, công đoàn viên chức tặng giấy khen "
		"(Kế hoạch 117/KH-LĐLĐ). Hệ số tiền thưởng là số liệu minh họa.",
	},
	# awards of the bodies above the province, which LĐLĐ tỉnh proposes (seed 001: "đề nghị khen thưởng
	# các cấp"); names as those bodies give them, illustrative here
	{
		"award_form_name": "Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam",
		"award_kind": "Certificate of Merit",
		"issuing_level": "Vietnam General Confederation of Labour",
		"subject_type": "Collective and Individual",
		"prize_basis": "No Cash Prize",
		"description": "Do Tổng Liên đoàn tặng theo đề nghị của LĐLĐ tỉnh (dữ liệu minh họa).",
	},
	{
		"award_form_name": "Cờ thi đua của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam",
		"award_kind": "Emulation Flag",
		"issuing_level": "Vietnam General Confederation of Labour",
		"subject_type": "Collective",
		"prize_basis": "No Cash Prize",
		"description": "Do Tổng Liên đoàn tặng theo đề nghị của LĐLĐ tỉnh (dữ liệu minh họa).",
	},
	{
		"award_form_name": "Bằng khen của Chủ tịch UBND tỉnh Lai Châu",
		"award_kind": "Certificate of Merit",
		"issuing_level": "Provincial People's Committee",
		"subject_type": "Collective and Individual",
		"prize_basis": "No Cash Prize",
		"description": "Do Chủ tịch UBND tỉnh tặng theo đề nghị của LĐLĐ tỉnh (dữ liệu minh họa).",
	},
)
MERIT = AWARD_FORMS[0]["award_form_name"]


def load() -> dict[str, int]:
	"""Load the demo; returns how many records of each kind were created (all zero on a second run)."""
	frappe.only_for(("System Manager", "Emulation Manager"))
	complete_setup_for_demo()
	# what the demo writes in words (timeline lines, achievements) is written in Vietnamese, and what
	# it invents carries the demo-data mark, which users cannot set themselves
	language, frappe.local.lang = frappe.local.lang, "vi"
	try:
		with server_values("is_demo"):
			return load_records()
	finally:
		frappe.local.lang = language


def load_records() -> dict[str, int]:
	seed = read_seed()
	created: dict[str, int] = {}

	def count(kind: str, was_created: bool) -> None:
		created[kind] = created.get(kind, 0) + int(was_created)

	for sector in (EDUCATION, HEALTH):
		count("Emulation Sector", ensure_sector(sector))
	for row in UNITS:
		count("Emulation Unit", ensure_unit(*row))
	for row in MEMBERS:
		count("Union Member", ensure_member(*row))
	for form in AWARD_FORMS:
		count("Award Form", ensure_award_form(form))
	for criteria_set in seed["criteria_sets"]:
		set_created, criteria_created = ensure_criteria_set(criteria_set)
		count("Emulation Criteria Set", set_created)
		created["Emulation Criterion"] = created.get("Emulation Criterion", 0) + criteria_created
	for plan in plan_definitions(seed):
		count("Emulation Plan", ensure_plan(plan))
	for user in DEMO_USERS:
		count("User", ensure_user(*user))
	from vanhoa_congso.demo import campaign

	add(created, campaign.load_until_2022(demo_email))
	add(created, {"Emulation Evaluation": ensure_evaluations()})
	add(created, {"Emulation Award": ensure_awards()})
	created["Emulation Periodic Report"] = ensure_periodic_reports()
	add(created, campaign.load_from_2024(demo_email))
	add(created, integrations.load_demo())
	return created


def add(created: dict[str, int], more: dict[str, int]) -> None:
	for kind, number in more.items():
		created[kind] = created.get(kind, 0) + number


def complete_setup_for_demo() -> None:
	"""A fresh demo site has not been through frappe's setup wizard, which would keep every demo user
	out of the desk. Settle it the way a Vietnamese administrator would, unless another app (ERPNext)
	needs its own wizard."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	if integrations.erpnext_installed():
		return integrations.complete_demo_setup()
	if set(frappe.get_installed_apps()) - {"frappe", "vanhoa_congso"}:
		return
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"language": "vi",
			"country": "Vietnam",
			"time_zone": "Asia/Ho_Chi_Minh",
			"date_format": "dd/mm/yyyy",
			"number_format": "#.###,##",
			"setup_complete": 1,
		}
	)
	settings.save(ignore_permissions=True)


def read_seed() -> dict:
	with open(SEED_FILE, encoding="utf-8") as f:
		return json.load(f)


def ensure_sector(sector: str) -> bool:
	if frappe.db.exists("Emulation Sector", sector):
		return False
	frappe.get_doc({"doctype": "Emulation Sector", "sector_name": sector}).insert()
	return True


def ensure_unit(code, name, level, parent, sector, union_kind) -> bool:
	if frappe.db.exists("Emulation Unit", code):
		return False
	frappe.get_doc(
		{
			"doctype": "Emulation Unit",
			"unit_code": code,
			"unit_name": name,
			"full_name": formal_name(code, name),
			"level": level,
			"parent_emulation_unit": parent,
			"sector": sector,
			"union_kind": union_kind,
			"valid_from": DEMO_START,
			"is_demo": 1,
			**({**SIGNER, **ISSUER_SETTINGS[code]} if code in ISSUER_SETTINGS else {}),
		}
	).insert()
	return True


def ensure_member(full_name, gender, date_of_birth, unit, position, category) -> bool:
	ethnic_group, party_member, leader = MEMBER_PROFILES.get(full_name, (None, 0, 0))
	existing = frappe.db.get_value("Union Member", {"full_name": full_name, "emulation_unit": unit})
	if existing:
		# members loaded before the statistics fields existed get their profile once
		if not frappe.db.get_value("Union Member", existing, "ethnic_group") and ethnic_group:
			doc = frappe.get_doc("Union Member", existing)
			doc.update({"ethnic_group": ethnic_group, "is_party_member": party_member, "is_leader": leader})
			doc.save()
			return True
		return False
	frappe.get_doc(
		{
			"doctype": "Union Member",
			"full_name": full_name,
			"gender": gender,
			"date_of_birth": date_of_birth,
			"emulation_unit": unit,
			"position": position,
			"category": category,
			"ethnic_group": ethnic_group,
			"is_party_member": party_member,
			"is_leader": leader,
			"is_demo": 1,
		}
	).insert()
	return True


def ensure_award_form(form: dict) -> bool:
	if frappe.db.exists("Award Form", form["award_form_name"]):
		return False
	frappe.get_doc({"doctype": "Award Form", "is_demo": 1, **form}).insert()
	return True


def ensure_criteria_set(definition: dict) -> tuple[bool, int]:
	set_created = False
	if not frappe.db.exists("Emulation Criteria Set", definition["set_code"]):
		frappe.get_doc(
			{
				"doctype": "Emulation Criteria Set",
				"set_code": definition["set_code"],
				"set_name": definition["set_name"],
				"source_document": definition["source_document"],
				"print_codes": definition.get("print_codes", 0),
				"group_mark": definition.get("group_mark"),
			}
		).insert()
		set_created = True

	created = 0
	order = 0
	for group in definition["criteria"]:
		order += 1
		created += ensure_criterion(definition["set_code"], group, None, order)
		for item in group.get("items", []):
			order += 1
			created += ensure_criterion(definition["set_code"], item, group["code"], order)
	return set_created, created


def ensure_criterion(criteria_set: str, node: dict, parent_code: str | None, order: int) -> int:
	if frappe.db.exists("Emulation Criterion", {"criteria_set": criteria_set, "code": node["code"]}):
		return 0
	is_group = int(node.get("is_group", 0))
	parent = (
		frappe.db.get_value("Emulation Criterion", {"criteria_set": criteria_set, "code": parent_code})
		if parent_code
		else None
	)
	frappe.get_doc(
		{
			"doctype": "Emulation Criterion",
			"criteria_set": criteria_set,
			"subject_type": node["subject_type"],
			"code": node["code"],
			"criterion_text": node["text"],
			"is_group": is_group,
			"parent_emulation_criterion": parent,
			"sort_order": order,
			"assessment_type": None if is_group else "Pass/Fail",
			"weight": 1,
		}
	).insert()
	return 1


# Plan 117 calls for reviews "dịp sơ, tổng kết" without naming years; the years are illustrative.
PLAN_117_MILESTONES = (
	{
		"milestone_type": "Launch",
		"year": 2019,
		"milestone_date": "2019-09-13",
		"description": "Ban hành kế hoạch, phát động phong trào thi đua",
	},
	{
		"milestone_type": "Mid-term Review",
		"year": 2022,
		"description": "Sơ kết phong trào thi đua (năm sơ kết là số liệu minh họa)",
	},
	{
		"milestone_type": "Final Review",
		"year": 2025,
		"description": "Tổng kết phong trào thi đua (năm tổng kết là số liệu minh họa)",
	},
)


def plan_definitions(seed: dict) -> list[dict]:
	"""Province plan 117 (seed 000), Hải Dương's plan 53 as far as seed 001 cites it, and the district plan."""
	plan_117 = dict(seed["plan_117"])
	district = dict(seed["plan_district"])
	return [
		{
			**plan_117,
			"plan_number": "117/KH-LĐLĐ",
			"issuing_unit": "LC",
			"place": "Lai Châu",
			"issue_date": "2019-09-13",
			"period_from_year": 2019,
			"period_to_year": 2025,
			"criteria_set": "LC-117",
			"report_six_monthly": 1,
			"report_yearly": 1,
			# union practice: whoever did not register is not commended; the members register too
			"registration_required": 1,
			"members_register": 1,
			"signer_on_behalf_of": "TM. BAN THƯỜNG VỤ",
			"signer_title": "CHỦ TỊCH",
			"signer_name": "Nguyễn Thị Thiện",
			"milestones": PLAN_117_MILESTONES,
			"award_quotas": [
				{
					"award_form": MERIT,
					"subject_type": "Collective",
					"max_count": 10,
					"reserved_count": 4,
					"reserved_sector": EDUCATION,
					"note": "Trong đó 4 bằng khen cho tập thể giành cho các CĐCS thuộc ngành giáo dục",
				},
				{
					"award_form": MERIT,
					"subject_type": "Individual",
					"max_count": 15,
					"reserved_count": 6,
					"reserved_sector": EDUCATION,
					"note": "Trong đó 6 bằng khen cho cá nhân giành cho các CĐCS thuộc ngành giáo dục",
				},
			],
		},
		{
			"plan_number": "53/KH-LĐLĐ",
			"issuing_unit": "HD",
			"place": "Hải Dương",
			"issue_date": "2019-10-28",
			"period_from_year": 2019,
			"period_to_year": 2025,
			"title": "Tổ chức thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức tỉnh Hải Dương "
			"thi đua thực hiện văn hoá công sở” giai đoạn 2019- 2025",
			"signer_on_behalf_of": "TM. BAN THƯỜNG VỤ",
			"is_demo": 1,
		},
		{
			**district,
			"plan_number": "01/KH-LĐLĐ",
			"issuing_unit": "HD-H1",
			"place": "Hải Dương",
			"issue_date": "2019-11-15",
			"period_from_year": 2019,
			"period_to_year": 2025,
			"parent_plan_number": ("53/KH-LĐLĐ", "HD"),
			"criteria_set": "HD-HUYEN",
			"report_yearly": 1,
			"is_demo": 1,
		},
	]


def ensure_plan(definition: dict) -> bool:
	definition = dict(definition)
	key = {"plan_number": definition["plan_number"], "issuing_unit": definition["issuing_unit"]}
	if frappe.db.exists("Emulation Plan", {**key, "docstatus": ("<", 2)}):
		return False
	parent_key = definition.pop("parent_plan_number", None)
	if parent_key:
		definition["parent_plan"] = frappe.db.get_value(
			"Emulation Plan",
			{"plan_number": parent_key[0], "issuing_unit": parent_key[1], "docstatus": 1},
		)
	plan = frappe.get_doc({"doctype": "Emulation Plan", **definition})
	plan.insert()
	plan.submit()
	return True


DEMO_PASSWORD = "VanHoa@2026"
DEMO_DOMAIN = "vanhoa.demo"
# (login, full name, role, unit the user is tied to)
DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
	("canbo.thcsdoanket", "Nguyễn Thị Hà", "Grassroots Union Officer", "LC-TP-01"),
	("canbo.ubndtp", "Vàng Thị Mai", "Grassroots Union Officer", "LC-TP-02"),
	("canbo.thtamduong", "Lê Văn Hùng", "Grassroots Union Officer", "LC-TD-01"),
	("canbo.ttyttamduong", "Đỗ Thị Lan", "Grassroots Union Officer", "LC-TD-02"),
	("canbo.cqldld", "Lò Văn Minh", "Grassroots Union Officer", "LC-CQ"),
	("thamdinh.tplaichau", "Phạm Quốc Khánh", "Upper-Level Reviewer", "LC-TP"),
	("thamdinh.tamduong", "Hà Văn Sơn", "Upper-Level Reviewer", "LC-TD"),
	("thuky.hoidong", "Trần Thu Trang", "Emulation Council Secretary", "LC"),
	("uyvien.hoidong", "Đặng Văn Tuấn", "Emulation Council Member", "LC"),
	("bancongtaccoso", "Lương Thị Hoa", "Emulation Manager", None),
	("thamdinh.nganhgd", "Phạm Thị Hương", "Upper-Level Reviewer", "LC-GD"),
	("canbo.thptlequydon", "Hoàng Văn Thắng", "Grassroots Union Officer", "LC-GD-01"),
)


def demo_email(login: str) -> str:
	return f"{login}@{DEMO_DOMAIN}"


def ensure_user(login, full_name, role, unit) -> bool:
	"""Create the demo user, or give an existing one back its role and unit if they were removed."""
	email = demo_email(login)
	changed = False
	if not frappe.db.exists("User", email):
		# A Vietnamese name reads family name first ("Nguyễn Thị Hà"); frappe joins first, middle and
		# last name in that order, so the whole name goes in the first name.
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name,
				"language": "vi",
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
		changed = True
	elif frappe.db.get_value("User", email, "full_name") != full_name:
		user = frappe.get_doc("User", email)
		user.first_name, user.middle_name, user.last_name = full_name, None, None
		user.save(ignore_permissions=True)
		changed = True
	if not frappe.db.exists("Has Role", {"parent": email, "parenttype": "User", "role": role}):
		frappe.get_doc("User", email).add_roles(role)
		changed = True
	permission = {"user": email, "allow": "Emulation Unit", "for_value": unit}
	if unit and not frappe.db.exists("User Permission", permission):
		frappe.get_doc({"doctype": "User Permission", **permission}).insert(ignore_permissions=True)
		changed = True
	return changed


# (subject unit, officer, stage it is left at, self result for every row)
DEMO_EVALUATIONS = (
	("LC-TP-01", "canbo.thcsdoanket", "Draft", "Meets"),
	# returned before 1/7/2025, when its district closed; re-sent, it goes straight to the council
	("LC-TP-02", "canbo.ubndtp", "Returned for Revision", "Meets"),
	("LC-TD-01", "canbo.thtamduong", "Forwarded to Council", "Meets"),
	("LC-TD-02", "canbo.ttyttamduong", "Returned for Revision", "Does Not Meet"),
	("LC-CQ", "canbo.cqldld", "Approved", "Meets"),
)
REVIEWERS = {"LC-TP": "thamdinh.tplaichau", "LC-TD": "thamdinh.tamduong"}


def ensure_evaluations() -> int:
	"""Plan 117's 2024 evaluations, left at every stage of the chain, each moved by its own user."""
	plan = frappe.db.get_value(
		"Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC", "docstatus": 1}
	)
	created = 0
	admin = frappe.session.user
	try:
		for unit, officer, stage, result in DEMO_EVALUATIONS:
			if frappe.db.exists(
				"Emulation Evaluation", {"plan": plan, "phase_year": 2024, "subject_unit": unit}
			):
				continue
			advance_evaluation(plan, unit, officer, stage, result)
			created += 1
	finally:
		frappe.set_user(admin)
	return created


def advance_evaluation(plan: str, unit: str, officer: str, stage: str, result: str) -> None:
	from vanhoa_congso.workflow import transition

	frappe.set_user(demo_email(officer))
	evaluation = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Collective",
			"subject_unit": unit,
			"proposed_award_form": MERIT,
			"is_demo": 1,
		}
	)
	evaluation.insert()
	for row in evaluation.items:
		row.self_result = result
		row.evidence_note = "Minh chứng minh họa"
	report = demo_file("bao-cao-thanh-tich", "Báo cáo thành tích", evaluation, "file")
	evaluation.append("dossier", {"document_kind": "Achievement Report", "file": report})
	evaluation.save()
	if stage == "Draft":
		return
	first = "Send to Council" if evaluation.direct_to_council else "Send for Review"
	transition("Emulation Evaluation", evaluation.name, first)
	reviewer = REVIEWERS.get(evaluation.reviewing_unit)
	if stage in ("Forwarded to Council", "Returned for Revision") and reviewer:
		frappe.set_user(demo_email(reviewer))
		doc = frappe.get_doc("Emulation Evaluation", evaluation.name)
		for row in doc.items:
			row.review_result = row.self_result
		doc.save()
		if stage == "Returned for Revision":
			transition(
				"Emulation Evaluation", doc.name, "Return for Revision", "Bổ sung minh chứng (minh họa)"
			)
			return
		transition("Emulation Evaluation", doc.name, "Forward to Council")
	if stage == "Approved":
		frappe.set_user(demo_email("thuky.hoidong"))
		doc = frappe.get_doc("Emulation Evaluation", evaluation.name)
		doc.council_session = ensure_council_session(plan)
		doc.votes_in_favour = 5
		doc.save()
		transition("Emulation Evaluation", doc.name, "Approve")


# The council of LĐLĐ tỉnh Lai Châu (illustrative): nine members, seven present at the session and one
# who voted in writing.
COUNCIL_MEMBERS = 9
COUNCIL_PRESENT = (
	("Ủy viên Hội đồng 1 (minh họa)", "Chủ tịch LĐLĐ tỉnh, Chủ tịch Hội đồng"),
	("Ủy viên Hội đồng 2 (minh họa)", "Phó Chủ tịch LĐLĐ tỉnh, Phó Chủ tịch Hội đồng"),
	*((f"Ủy viên Hội đồng {i} (minh họa)", "Ủy viên Hội đồng") for i in range(3, 8)),
)


def ensure_council_session(plan: str) -> str:
	existing = frappe.db.get_value("Emulation Council Session", {"plan": plan, "session_date": "2025-01-20"})
	if existing:
		return existing
	session = frappe.get_doc(
		{
			"doctype": "Emulation Council Session",
			"plan": plan,
			"session_date": "2025-01-20",
			"start_time": "08:00:00",
			"venue": "Hội trường Liên đoàn Lao động tỉnh Lai Châu (minh họa)",
			"voting_method": "Secret Ballot",
			"council_members": COUNCIL_MEMBERS,
			"chaired_by": COUNCIL_PRESENT[0][0],
			"chair_title": "Chủ tịch Hội đồng",
			"minutes_taken_by": "Trần Thu Trang",
			"members_present": [
				{"member_name": name, "position": position} for name, position in COUNCIL_PRESENT
			],
			"written_votes": [
				{
					"member_name": "Ủy viên Hội đồng 8 (minh họa)",
					"received_on": "2025-01-19",
					"note": "Vắng vì công tác",
				}
			],
			"is_demo": 1,
		}
	)
	# the minutes are uploaded into the saved session, as in the desk
	session.insert(ignore_mandatory=True)
	session.minutes = demo_file("bien-ban-hop-hoi-dong", "Biên bản họp Hội đồng", session, "minutes")
	session.save()
	return session.name


def demo_file(stem: str, title: str, doc, fieldname: str) -> str:
	"""A private file attached to `doc`, as an uploaded dossier document would be."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{stem}-{frappe.scrub(doc.name)}.txt",
				"is_private": 1,
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"attached_to_field": fieldname,
				"content": f"{title} — {doc.doctype} {doc.name} (dữ liệu minh họa của vanhoa_congso).",
			}
		)
		.insert()
		.file_url
	)


DECISION_TITLE = (
	"Về việc khen thưởng tập thể có thành tích trong phong trào thi đua “Cán bộ, công chức, viên chức "
	"thi đua thực hiện văn hóa công sở” {0} (dữ liệu minh họa)"
)


# Decisions LĐLĐ tỉnh Lai Châu issued in 2025 before the demo's first one (illustrative), so that the
# register gives that one the number 05/QĐ-LĐLĐ.
DECISIONS_BEFORE_2025 = 4


def ensure_awards() -> int:
	"""An issued decision of the province for 2024 (within the quotas) and a 2025 list on public notice."""
	from vanhoa_congso.rules import register

	plan = frappe.db.get_value(
		"Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC", "docstatus": 1}
	)
	created = 0
	approved = frappe.db.get_value(
		"Emulation Evaluation", {"plan": plan, "subject_unit": "LC-CQ", "docstatus": 1}
	)
	if not frappe.db.exists("Emulation Award", {"plan": plan, "phase": "Full Year", "phase_year": 2024}):
		ensure_counter("LC", register.DECISION, 2025, DECISIONS_BEFORE_2025)
		award = new_award(
			plan,
			"2025-01-25",
			"Full Year",
			2024,
			"năm 2024",
			[
				{
					"subject_unit": "LC-CQ",
					"evaluation": approved,
					"achievement": "Đạt loại Xuất sắc trong phong trào thi đua năm 2024",
				},
				{
					"subject_unit": "LC-GD-01",
					"entry_reason": "Đề nghị của Công đoàn ngành Giáo dục (minh họa)",
					"achievement": "Xây dựng cơ quan, đơn vị văn minh, hiện đại, xanh, sạch, đẹp",
				},
			],
		)
		# the demo's decision was on notice in January 2025, before it was issued
		award.is_published, award.notice_start, award.notice_end = 1, "2025-01-15", "2025-01-20"
		allow_server_value(award, "is_published", "notice_start", "notice_end")
		award.save()
		award.submit()
		created += 1
	if not frappe.db.exists("Emulation Award", {"plan": plan, "phase": "Final Review", "phase_year": 2025}):
		award = new_award(
			plan,
			frappe.utils.nowdate(),
			"Final Review",
			2025,
			"giai đoạn 2019-2025",
			[
				{
					"subject_unit": unit,
					"entry_reason": "Đề nghị tại Hội nghị tổng kết phong trào (minh họa)",
					"achievement": "Tiêu biểu trong 6 năm thực hiện phong trào thi đua văn hóa công sở",
				}
				for unit in ("LC-TP-01", "LC-TD-01", "LC-YT-01")
			],
		)
		award.flags.publish_for_notice = True
		award.save()
		created += 1
	return created


def ensure_counter(unit: str, document_type: str, year: int, last_number: int) -> None:
	"""The register's counter as a unit that started using the app during the year would set it."""
	from vanhoa_congso.rules import register

	name = register.counter_name(unit, document_type, year)
	if not frappe.db.exists(register.COUNTER, name):
		frappe.get_doc(
			{
				"doctype": register.COUNTER,
				"issuing_unit": unit,
				"document_type": document_type,
				"register_year": year,
				"last_number": last_number,
			}
		).insert()


def new_award(plan, date, phase, year, period, rows):
	"""A draft decision of LĐLĐ tỉnh Lai Châu; its legal bases, articles and signer block come from the
	unit's defaults, and its number from the register when it is issued."""
	return frappe.get_doc(
		{
			"doctype": "Emulation Award",
			"issuing_unit": "LC",
			"decision_date": date,
			"plan": plan,
			"phase": phase,
			"phase_year": year,
			"decision_title": DECISION_TITLE.format(period),
			"recipients": [{"subject_type": "Collective", "award_form": MERIT, **row} for row in rows],
			"is_demo": 1,
		}
	).insert()


# (unit, period, year, the date it was sent) — the demo keeps those dates so compliance shows on time and late
DEMO_REPORTS = (
	("LC-TP-01", "Six-Monthly", 2024, "2024-07-10"),
	("LC-TP-01", "Yearly", 2024, "2025-02-03"),
	("LC-TD-01", "Six-Monthly", 2024, "2024-07-12"),
	("LC-TD", "Six-Monthly", 2024, "2024-07-14"),
)


def ensure_periodic_reports() -> int:
	from vanhoa_congso.rules import reporting

	plan = frappe.db.get_value(
		"Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC", "docstatus": 1}
	)
	created = 0
	for unit, period_type, year, sent_on in DEMO_REPORTS:
		key = {"plan": plan, "reporting_unit": unit, "period_type": period_type, "period_year": year}
		if frappe.db.exists("Emulation Periodic Report", {**key, "docstatus": ("<", 2)}):
			continue
		report = frappe.get_doc(
			{
				"doctype": "Emulation Periodic Report",
				**key,
				"participating_units": 1,
				"participating_members": 25,
				"results": "Tổ chức phát động, ký cam kết thi đua; 100% đoàn viên thực hiện “4 xin, 4 luôn” (minh họa).",
				"difficulties": "Kinh phí tổ chức phong trào còn hạn chế (minh họa).",
				"proposals": "Đề nghị cấp trên tăng cường tập huấn về văn hóa công sở (minh họa).",
				"is_demo": 1,
			}
		)
		report.insert()
		report.submit()
		report.db_set(
			{
				"submitted_on": sent_on,
				"submission_status": reporting.submission_status(report.due_date, sent_on),
			}
		)
		created += 1
	return created
