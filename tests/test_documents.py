"""What a decision says and who it is signed by, from its own fields and its unit's defaults; what users
read on screen in Vietnamese; the signed copies the public page serves."""

import frappe
import pytest

from vanhoa_congso import dashboard, demo, printing, report_utils
from vanhoa_congso.printing import decision as decision_text
from vanhoa_congso.testing import (
	collective,
	delete_counters,
	make_award,
	make_award_world,
	make_user,
)
from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import (
	get_decision_defaults,
	publish_for_notice,
)
from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard import emulation_scoreboard


@pytest.mark.parametrize(
	"amount,words",
	[
		(2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
		(9_360_000, "Chín triệu ba trăm sáu mươi nghìn đồng"),
		(1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
		(21_500_000, "Hai mươi mốt triệu năm trăm nghìn đồng"),
		(115_000, "Một trăm mười lăm nghìn đồng"),
	],
)
def test_amounts_in_words(amount, words):
	assert printing.vnd_in_words(amount) == words


@pytest.mark.parametrize(
	"authority,lines",
	[
		(printing.ON_BEHALF, ["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"]),
		(printing.ON_BEHALF_FOR_HEAD, ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
		(printing.FOR_HEAD, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
		(printing.ACTING_HEAD, ["Q. CHỦ TỊCH"]),
		(printing.BY_ORDER, ["TL. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
		(None, ["PHÓ CHỦ TỊCH"]),
	],
)
def test_the_signature_follows_the_signing_authority(authority, lines):
	assert printing.signature_lines(authority, "Ban Thường vụ", "Chủ tịch", "Phó Chủ tịch") == lines


@pytest.fixture
def world():
	world = make_award_world("DD")
	frappe.db.set_value(
		"Emulation Unit",
		world.province,
		{
			"full_name": "Liên đoàn Lao động tỉnh Điện Biên",
			"place_name": "Điện Biên Phủ",
			"signer_name": "Lò Văn Thành",
		},
	)
	return world


def draft(world, **fields):
	return make_award(
		world.plan, world.province, [collective(world.others[0], world.form)], place=None, **fields
	)


def test_a_new_decision_takes_its_units_wording(world):
	doc = draft(world)
	assert doc.place == "Điện Biên Phủ"
	assert doc.legal_bases.splitlines() == [
		*decision_text.LEGAL_BASES,
		"Căn cứ Kế hoạch số DD/KH-LĐLĐ ngày 13/9/2019 của Liên đoàn Lao động tỉnh Điện Biên về kế hoạch thử;",
	]
	assert doc.proposal_by == "Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh Điện Biên"
	assert doc.funding_source == "nguồn kinh phí hoạt động của Liên đoàn Lao động tỉnh Điện Biên"
	assert (doc.signing_authority, doc.deciding_body, doc.signer_title, doc.signer_name) == (
		printing.ON_BEHALF,
		"Ban Thường vụ",
		"Chủ tịch",
		"Lò Văn Thành",
	)
	assert doc.signer_on_behalf_of == "TM. BAN THƯỜNG VỤ"
	assert [row.recipient for row in doc.distribution] == ["Như Điều 3;", "Lưu: VT."]


def test_the_units_own_legal_bases_come_first(world):
	frappe.db.set_value(
		"Emulation Unit",
		world.province,
		"decision_legal_bases",
		"Căn cứ Điều lệ Công đoàn Việt Nam khóa XIII;",
	)
	assert draft(world).legal_bases.splitlines()[0] == "Căn cứ Điều lệ Công đoàn Việt Nam khóa XIII;"


def test_what_the_user_wrote_is_kept(world):
	doc = draft(
		world,
		legal_bases="Căn cứ Điều lệ;",
		signing_authority=printing.ON_BEHALF_FOR_HEAD,
		signer_title="Phó Chủ tịch",
	)
	assert doc.legal_bases == "Căn cứ Điều lệ;"
	assert doc.signer_on_behalf_of == "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH"
	assert printing.document_signature(doc) == ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_article_one_counts_collectives_and_individuals(world):
	doc = draft(world)
	assert decision_text.article_one(doc).startswith(
		f"Tặng {world.form} cho 01 tập thể đã có thành tích xuất sắc"
	)
	assert [number for number, _text in decision_text.articles(doc)] == [1, 2, 3]


def test_a_decision_without_prizes_has_no_article_on_them(world):
	doc = draft(world)
	doc.recipients[0].prize_amount = 0
	doc.recipients[0].amount_change_reason = "Không kèm tiền thưởng"
	doc.save()
	assert [number for number, _text in decision_text.articles(doc)] == [1, 2]
	assert decision_text.articles(doc)[-1][1].startswith("Quyết định có hiệu lực kể từ ngày ký.")


def test_the_decision_defaults_are_read_within_the_users_units(world):
	other = make_award_world("DE")
	user = make_user(
		"defaults.reader@vhcs.test", ["Emulation Manager"], "Vhcs-defaults-2026!", [other.province]
	)
	frappe.set_user(user.name)
	assert get_decision_defaults(other.province)["deciding_body"] == "Ban Thường vụ"
	with pytest.raises(frappe.PermissionError):
		get_decision_defaults(world.province)


# --- on screen in Vietnamese


def test_the_scoreboard_shows_stages_and_classifications_in_the_users_language(demo_data):
	frappe.local.lang = "vi"
	plan = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})
	columns, rows, _message, chart = emulation_scoreboard.execute(
		{"plan": plan, "phase": "Full Year", "phase_year": 2024}
	)
	assert {row["state"] for row in rows} >= {"Nháp", "Hội đồng xét, đề nghị", "Đã thông qua"}
	assert {row["classification"] for row in rows} == {"Xuất sắc", "Không đạt"}
	assert chart["data"]["labels"][0] == "Xuất sắc" and chart["data"]["datasets"][0]["values"] == [
		4,
		0,
		0,
		0,
		1,
	]
	# the app's own codes (a.1) are not column headings; the groups' text is
	(label,) = [c["label"] for c in columns if c["fieldname"] == "g_a.1"]
	assert label.startswith("Xây dựng, ban hành") and label.endswith("…")


def test_reports_open_on_the_latest_plan_and_phase(demo_data):
	plan = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})
	# the demo's latest round is the campaign's 2025 final review
	assert report_utils.latest_plan_and_phase() == {"plan": plan, "phase": "Final Review", "phase_year": 2025}
	frappe.set_user(demo.demo_email("canbo.thtamduong"))
	assert report_utils.latest_plan_and_phase()["plan"] == plan


def test_workspace_charts_count_within_the_scope_in_vietnamese(demo_data):
	frappe.local.lang = "vi"
	stages = dashboard.evaluation_counts("workflow_state", {})
	assert stages["labels"][0] == "Nháp" and "Hội đồng xét, đề nghị" in stages["labels"]
	everyone = dashboard.evaluation_counts("classification", {})
	assert set(everyone["labels"]) == {"Xuất sắc", "Không đạt"}
	frappe.set_user(demo.demo_email("canbo.thtamduong"))
	mine = dashboard.evaluation_counts("classification", {})
	# CĐCS Trường Tiểu học thị trấn Tam Đường's own: the 2022 mid-term, 2024 and 2025 final-review evaluations
	assert sum(mine["datasets"][0]["values"]) == 3
	assert set(mine["labels"]) == {"Xuất sắc"}


# --- the public notice page


@pytest.fixture(scope="module")
def published(web_server):
	frappe.set_user("Administrator")
	world = make_award_world("SC")
	award = make_award(world.plan, world.province, [collective(world.others[0], world.form)])
	# the plan allows an early decision, so the list is issued without waiting for the notice to end
	publish_for_notice(award.name)
	award.reload()
	award.submit()
	signed = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "qd-da-ky-sc.pdf",
			"attached_to_doctype": "Emulation Award",
			"attached_to_name": award.name,
			"is_private": 1,
			"content": b"%PDF-1.4 signed",
		}
	).insert()
	private = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "to-trinh-noi-bo-sc.pdf",
			"attached_to_doctype": "Emulation Award",
			"attached_to_name": award.name,
			"is_private": 1,
			"content": b"%PDF-1.4 internal",
		}
	).insert()
	award.append("signed_copies", {"file": signed.file_url, "copy_kind": "Scanned Signed Copy"})
	award.save()
	frappe.db.commit()
	yield frappe._dict(base_url=web_server, award=award, private=private)
	frappe.db.rollback()
	for child in (
		"Emulation Award Recipient",
		"Emulation Award Total",
		"Emulation Plan Recipient",
		"Emulation Award Signed Copy",
	):
		frappe.db.delete(child, {"parent": award.name})
	frappe.db.delete("File", {"attached_to_name": award.name})
	frappe.db.delete("Emulation Award", {"name": award.name})
	frappe.db.delete("Emulation Plan Quota", {"parent": world.plan})
	frappe.db.delete("Emulation Plan", {"name": world.plan})
	frappe.db.delete("Award Form", {"name": world.form})
	delete_counters([world.province])
	for unit in [*world.education, *world.others, world.district, world.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_the_public_page_serves_the_signed_copy_of_an_issued_decision(published):
	import requests

	page = requests.get(
		f"{published.base_url}/cong-khai-khen-thuong", params={"name": published.award.name}, timeout=60
	)
	assert page.status_code == 200
	copy = published.award.signed_copies[0].name
	assert published.award.decision_number in page.text
	assert (
		f"signed_copy?award={published.award.name}&amp;copy={copy}" in page.text
		or f"copy={copy}" in page.text
	)
	url = f"{published.base_url}/api/method/vanhoa_congso.public_notice.signed_copy"
	served = requests.get(url, params={"award": published.award.name, "copy": copy}, timeout=60)
	assert served.status_code == 200 and served.content == b"%PDF-1.4 signed"
	assert served.headers["Content-Type"] == "application/pdf"


def test_the_public_page_serves_no_other_file(published):
	import requests

	url = f"{published.base_url}/api/method/vanhoa_congso.public_notice.signed_copy"
	for params in (
		{"award": published.award.name, "copy": published.private.name},
		{"award": "QD-0000-0000", "copy": "x"},
	):
		response = requests.get(url, params=params, timeout=60)
		assert response.status_code == 404
		assert b"internal" not in response.content


def test_a_signed_copy_of_a_draft_is_not_served(published):
	import requests

	first = published.award.recipients[0]
	draft = make_award(
		published.award.plan,
		published.award.issuing_unit,
		[collective(first.subject_unit, first.award_form)],
		decision_title="Dự thảo",
	)
	frappe.db.commit()
	try:
		url = f"{published.base_url}/api/method/vanhoa_congso.public_notice.signed_copy"
		assert requests.get(url, params={"award": draft.name, "copy": "any"}, timeout=60).status_code == 404
	finally:
		frappe.delete_doc("Emulation Award", draft.name, force=True)
		frappe.db.commit()


def test_the_patch_reads_the_typed_signer_line_and_takes_old_sessions_as_full(world):
	from vanhoa_congso.patches import decision_signers_and_council_quorum

	doc = draft(world)
	frappe.db.set_value(
		"Emulation Award",
		doc.name,
		{"signing_authority": None, "deciding_body": None, "signer_on_behalf_of": "TM. BAN CHẤP HÀNH"},
	)
	session = frappe.get_doc(
		{
			"doctype": "Emulation Council Session",
			"plan": world.plan,
			"session_date": "2025-01-20",
			"voting_method": "Show of Hands",
			"council_members": 3,
			"members_present": [{"member_name": f"Ủy viên {i}"} for i in range(3)],
		}
	).insert()
	frappe.db.set_value("Emulation Council Session", session.name, {"council_members": 0, "has_quorum": 0})
	decision_signers_and_council_quorum.execute()
	assert frappe.db.get_value("Emulation Award", doc.name, ["signing_authority", "deciding_body"]) == (
		printing.ON_BEHALF,
		"Ban Chấp hành",
	)
	assert frappe.db.get_value(
		"Emulation Council Session", session.name, ["council_members", "has_quorum"]
	) == (3, 1)
