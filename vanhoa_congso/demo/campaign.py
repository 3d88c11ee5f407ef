"""The campaign across its years, for the demo: registrations and commitments in 2019, clusters, the
2022 mid-term review (sơ kết) with its batches, decisions, proposal to the Confederation and reports,
the 2024 round's sector-union decision, the 1 July 2025 reorganisation, and the 2025 final review
(tổng kết) sent straight to the province.

Every step is taken by the demo user whose job it is, through the same documents and actions as in
the desk. Every record is looked up by its natural key first, so loading twice changes nothing; every
invented record carries the "Demo Data" flag. Dates, numbers and names the seeds do not give are
illustrative (the texts say so)."""

from __future__ import annotations

import frappe

from vanhoa_congso.demo import COUNCIL_MEMBERS, COUNCIL_PRESENT
from vanhoa_congso.permissions.ownership import allow_server_value
from vanhoa_congso.rules import units

PLAN_117 = {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC", "docstatus": 1}
MID_TERM, FINAL, FULL_YEAR = "Mid-term Review", "Final Review", "Full Year"
MERIT = "Bằng khen của Ban Thường vụ LĐLĐ tỉnh Lai Châu"
COMMENDATION = "Giấy khen của LĐLĐ huyện, thành phố, công đoàn ngành, công đoàn viên chức"
CONFEDERATION_MERIT = "Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam"
CONFEDERATION_FLAG = "Cờ thi đua của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam"
COMMITTEE_MERIT = "Bằng khen của Chủ tịch UBND tỉnh Lai Châu"
MANAGER, SECRETARY = "bancongtaccoso", "thuky.hoidong"
REORGANISATION_DATE = "2025-07-01"
CLOSED_DISTRICTS = ("LC-TP", "LC-TD", "LC-PT")
COMMITMENT_TEXT = (
	"Thực hiện nghiêm Quy chế văn hóa công sở; 100% đoàn viên thực hiện “4 xin, 4 luôn”; "
	"xây dựng cơ quan, đơn vị văn minh, hiện đại, xanh, sạch, đẹp (minh họa)."
)

# (subject unit or member's full name, the officer who registers, the reviewer who acknowledges or None
# to leave it awaiting acknowledgement, the titles aimed at)
REGISTRATIONS = (
	("LC-TP", "thamdinh.tplaichau", MANAGER, (CONFEDERATION_FLAG,)),
	("LC-TD", "thamdinh.tamduong", MANAGER, (CONFEDERATION_FLAG,)),
	("LC-GD", "thamdinh.nganhgd", MANAGER, (CONFEDERATION_FLAG,)),
	("LC-TP-01", "canbo.thcsdoanket", "thamdinh.tplaichau", (MERIT, COMMENDATION)),
	("LC-TP-02", "canbo.ubndtp", "thamdinh.tplaichau", (COMMENDATION,)),
	("LC-TD-01", "canbo.thtamduong", "thamdinh.tamduong", (MERIT,)),
	("LC-TD-02", "canbo.ttyttamduong", "thamdinh.tamduong", (COMMENDATION,)),
	("LC-CQ", "canbo.cqldld", MANAGER, (MERIT,)),
	("LC-GD-01", "canbo.thptlequydon", "thamdinh.nganhgd", (MERIT,)),
	(("Nguyễn Thị Hà", "LC-TP-01"), "canbo.thcsdoanket", "thamdinh.tplaichau", (COMMENDATION,)),
	(("Vàng Thị Mai", "LC-TP-02"), "canbo.ubndtp", "thamdinh.tplaichau", (COMMENDATION,)),
	(("Lê Văn Hùng", "LC-TD-01"), "canbo.thtamduong", "thamdinh.tamduong", (COMMENDATION,)),
	(("Lò Văn Minh", "LC-CQ"), "canbo.cqldld", MANAGER, (MERIT,)),
	(("Hoàng Văn Thắng", "LC-GD-01"), "canbo.thptlequydon", "thamdinh.nganhgd", (MERIT,)),
	(("Lù Thị Dung", "LC-GD-01"), "canbo.thptlequydon", None, (COMMENDATION,)),
)

CLUSTERS = (
	{
		"cluster_name": "Cụm thi đua các LĐLĐ huyện, thành phố (minh họa)",
		"cluster_kind": "Cluster by Area",
		"leading_unit": "LC-TP",
		"deputy_unit": "LC-TD",
		"members": ("LC-TP", "LC-TD", "LC-PT"),
		"description": "Các LĐLĐ huyện, thành phố thi đua theo địa bàn; cụm trưởng luân phiên hằng năm (minh họa).",
	},
	{
		"cluster_name": "Khối thi đua các CĐCS trường học (minh họa)",
		"cluster_kind": "Block by Sector",
		"leading_unit": "LC-TP-01",
		"members": ("LC-TP-01", "LC-TD-01", "LC-PT-01", "LC-GD-01"),
		"description": "Công đoàn cơ sở các trường học thi đua theo khối; khối trưởng luân phiên hằng năm (minh họa).",
	},
)


def load_until_2022(email) -> dict[str, int]:
	"""Clusters, registrations and the 2022 mid-term review; `email` maps a demo login to its user.
	Returns what was created, by doctype."""
	return run(email, (ensure_clusters, ensure_registrations, ensure_mid_term_review))


def load_from_2024(email) -> dict[str, int]:
	"""What follows the 2024 round of the demo: a sector union's decision, the reorganisation, the 2025
	final review."""
	return run(email, (ensure_sector_union_round, ensure_reorganisation, ensure_final_review))


def run(email, steps) -> dict[str, int]:
	plan = frappe.db.get_value("Emulation Plan", PLAN_117)
	world = frappe._dict(plan=plan, email=email, file=demo_file, created={})
	admin = frappe.session.user
	try:
		for step in steps:
			step(world)
	finally:
		frappe.set_user(admin)
	return world.created


def demo_file(file_name: str = "ho-so-minh-hoa.txt") -> str:
	"""The address of a private illustrative attachment, uploaded by the demo user at work, as the
	desk's uploader does before the document is saved; frappe attaches it to the document on save."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"is_private": 1,
				"content": f"{file_name}: tài liệu minh họa của vanhoa_congso (dữ liệu minh họa).",
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def count(world, doctype: str) -> None:
	world.created[doctype] = world.created.get(doctype, 0) + 1


def as_user(world, login: str) -> None:
	frappe.set_user(world.email(login))


def member(full_name: str, unit: str) -> str:
	return frappe.db.get_value("Union Member", {"full_name": full_name, "emulation_unit": unit})


def act(doctype: str, name: str, action: str, reason: str | None = None) -> None:
	from vanhoa_congso.controllers.sent_up import act as sent_up_act

	sent_up_act(doctype, name, action, reason)


def transition(name: str, action: str) -> None:
	from vanhoa_congso.workflow import transition as workflow_transition

	workflow_transition("Emulation Evaluation", name, action)


# --- 2019: clusters and registrations


def ensure_clusters(world) -> None:
	as_user(world, MANAGER)
	for definition in CLUSTERS:
		if frappe.db.exists(
			"Emulation Cluster", {"plan": world.plan, "cluster_name": definition["cluster_name"]}
		):
			continue
		frappe.get_doc(
			{
				"doctype": "Emulation Cluster",
				"plan": world.plan,
				**definition,
				"members": [{"emulation_unit": unit} for unit in definition["members"]],
				"is_demo": 1,
			}
		).insert()
		count(world, "Emulation Cluster")


def ensure_registrations(world) -> None:
	for index, (subject, officer, receiver, targets) in enumerate(REGISTRATIONS):
		if isinstance(subject, tuple):
			field, value = "union_member", member(*subject)
		else:
			field, value = "subject_unit", subject
		if frappe.db.exists("Emulation Registration", {"plan": world.plan, field: value}):
			continue
		as_user(world, officer)
		doc = frappe.get_doc(
			{
				"doctype": "Emulation Registration",
				"plan": world.plan,
				"subject_type": "Individual" if field == "union_member" else "Collective",
				field: value,
				"registered_on": f"2019-10-{10 + index:02d}",
				"targets": [{"award_form": form} for form in targets],
				"commitments": COMMITMENT_TEXT,
				"commitment_file": world.file("ban-dang-ky-cam-ket-thi-dua-minh-hoa.txt"),
				"is_demo": 1,
			}
		).insert()
		act(doc.doctype, doc.name, "Send")
		if receiver:
			as_user(world, receiver)
			act(doc.doctype, doc.name, "Acknowledge")
		count(world, "Emulation Registration")


# --- 2022: the mid-term review


def evaluation(world, officer: str, phase: str, year: int, unit=None, member_name=None, proposed=None):
	"""An evaluation of a unit (or a member) self-assessed as meeting every criterion and sent up: to
	the reviewing unit, or straight to the council. Returns its name (an existing one is reused)."""
	field, value = ("union_member", member_name) if member_name else ("subject_unit", unit)
	existing = frappe.db.get_value(
		"Emulation Evaluation", {"plan": world.plan, "phase": phase, "phase_year": year, field: value}
	)
	if existing:
		return existing, False
	as_user(world, officer)
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"subject_type": "Individual" if member_name else "Collective",
			field: value,
			"proposed_award_form": proposed,
			"is_demo": 1,
		}
	).insert()
	for row in doc.items:
		row.self_result = "Meets"
		row.evidence_note = "Minh chứng minh họa"
	doc.append(
		"dossier",
		{"document_kind": "Achievement Report", "file": world.file("bao-cao-thanh-tich-minh-hoa.txt")},
	)
	doc.save()
	transition(doc.name, "Send to Council" if doc.direct_to_council else "Send for Review")
	count(world, "Emulation Evaluation")
	return doc.name, True


def review(world, reviewer: str, name: str, comment: str) -> None:
	"""The level above confirms the self-assessment and comments on the first criterion."""
	as_user(world, reviewer)
	doc = frappe.get_doc("Emulation Evaluation", name)
	for row in doc.items:
		row.review_result = row.self_result
	doc.items[0].review_comment = comment
	doc.save()


def council_session(world, date: str) -> str:
	existing = frappe.db.get_value("Emulation Council Session", {"plan": world.plan, "session_date": date})
	if existing:
		return existing
	as_user(world, SECRETARY)
	count(world, "Emulation Council Session")
	return (
		frappe.get_doc(
			{
				"doctype": "Emulation Council Session",
				"plan": world.plan,
				"session_date": date,
				"voting_method": "Secret Ballot",
				"minutes": world.file("bien-ban-phien-hop-hoi-dong-minh-hoa.txt"),
				"council_members": COUNCIL_MEMBERS,
				"chaired_by": COUNCIL_PRESENT[0][0],
				"chair_title": "Chủ tịch Hội đồng",
				"members_present": [
					{"member_name": name, "position": position} for name, position in COUNCIL_PRESENT
				],
				"is_demo": 1,
			}
		)
		.insert()
		.name
	)


def approve(world, name: str, session: str, comment: str | None = None) -> None:
	as_user(world, SECRETARY)
	doc = frappe.get_doc("Emulation Evaluation", name)
	if doc.docstatus == 1:
		return
	doc.council_session, doc.votes_in_favour = session, 6
	if comment:
		doc.items[0].council_comment = comment
	doc.save()
	transition(name, "Approve")


def batch(world, reviewer: str, district: str, evaluations: list[str], letter: str, date: str) -> str:
	existing = frappe.db.get_value(
		"Emulation Nomination Batch",
		{"plan": world.plan, "phase": MID_TERM, "phase_year": 2022, "sending_unit": district},
	)
	if existing:
		return existing
	as_user(world, reviewer)
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Nomination Batch",
			"plan": world.plan,
			"phase": MID_TERM,
			"phase_year": 2022,
			"sending_unit": district,
			"nominations": [{"evaluation": name} for name in evaluations],
			"letter_number": letter,
			"place": "Lai Châu",
			"letter_date": date,
			"letter_title": "V/v đề nghị khen thưởng sơ kết phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
			"letter_text": "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ LĐLĐ tỉnh;\n"
			"Căn cứ kết quả bình xét của Hội đồng thi đua - khen thưởng (minh họa), "
			"đơn vị đề nghị khen thưởng các tập thể, cá nhân có tên trong danh sách kèm theo.",
			"signer_on_behalf_of": "TM. BAN THƯỜNG VỤ",
			"signer_title": "CHỦ TỊCH",
			"signer_name": "(minh họa)",
			"submission_letter": world.file("to-trinh-de-nghi-khen-thuong-minh-hoa.txt"),
			"meeting_minutes": world.file("bien-ban-hop-binh-xet-minh-hoa.txt"),
			"distribution": [{"recipient": "Như trên;"}, {"recipient": "Lưu: VT."}],
			"is_demo": 1,
		}
	).insert()
	act(doc.doctype, doc.name, "Send")
	count(world, "Emulation Nomination Batch")
	return doc.name


def ensure_mid_term_review(world) -> None:
	ha = member("Nguyễn Thị Hà", "LC-TP-01")
	tp_01, new = evaluation(
		world, "canbo.thcsdoanket", MID_TERM, 2022, unit="LC-TP-01", proposed=CONFEDERATION_MERIT
	)
	if new:
		review(
			world,
			"thamdinh.tplaichau",
			tp_01,
			"Có mô hình “Công sở xanh, sạch, đẹp” được nhân rộng (minh họa)",
		)
	ha_eval, new = evaluation(
		world, "canbo.thcsdoanket", MID_TERM, 2022, member_name=ha, proposed=CONFEDERATION_MERIT
	)
	if new:
		review(world, "thamdinh.tplaichau", ha_eval, "Gương mẫu thực hiện “4 xin, 4 luôn” (minh họa)")
	td_01, new = evaluation(
		world, "canbo.thtamduong", MID_TERM, 2022, unit="LC-TD-01", proposed=CONFEDERATION_MERIT
	)
	if new:
		review(world, "thamdinh.tamduong", td_01, "Niêm yết đầy đủ thủ tục (minh họa)")
	batches = [
		batch(world, "thamdinh.tplaichau", "LC-TP", [tp_01, ha_eval], "35/TTr-LĐLĐ", "2022-11-25"),
		batch(world, "thamdinh.tamduong", "LC-TD", [td_01], "28/TTr-LĐLĐ", "2022-11-28"),
	]
	session = council_session(world, "2022-12-05")
	as_user(world, SECRETARY)
	for name in batches:
		if frappe.db.get_value("Emulation Nomination Batch", name, "status") == "Sent":
			doc = frappe.get_doc("Emulation Nomination Batch", name)
			doc.council_session, doc.council_note = session, "Hội đồng đã xem xét hồ sơ tổng hợp (minh họa)"
			doc.save()
			act(doc.doctype, doc.name, "Acknowledge")
	approve(world, tp_01, session, "Hội đồng đánh giá cao việc xây dựng quy chế văn hóa công sở (minh họa)")
	approve(world, ha_eval, session)
	approve(world, td_01, session)
	proposal = ensure_proposal(
		world,
		MID_TERM,
		2022,
		"Vietnam General Confederation of Labour",
		[
			(tp_01, CONFEDERATION_MERIT, "Granted"),
			(ha_eval, CONFEDERATION_MERIT, "Granted"),
			(td_01, CONFEDERATION_MERIT, "Not Granted"),
		],
		letter=("210/TTr-LĐLĐ", "2022-12-08"),
		answer=("1520/QĐ-TLĐ (minh họa)", "2022-12-20"),
	)
	ensure_cluster_proposal(world)
	decision = ensure_district_decision(world)
	ensure_review_report(
		world,
		"canbo.thcsdoanket",
		"LC-TP-01",
		MID_TERM,
		2022,
		participating=32,
		acknowledger="thamdinh.tplaichau",
		models=[("Mô hình “Công sở xanh, sạch, đẹp” (minh họa)", "LC-TP-01")],
	)
	ensure_review_report(
		world,
		"canbo.thtamduong",
		"LC-TD-01",
		MID_TERM,
		2022,
		participating=28,
		acknowledger="thamdinh.tamduong",
	)
	ensure_review_report(
		world,
		"thamdinh.tplaichau",
		"LC-TP",
		MID_TERM,
		2022,
		participating=12,
		acknowledger=MANAGER,
		conference=(
			"2022-12-15",
			"Hội trường LĐLĐ thành phố Lai Châu (minh họa)",
			"Chủ tịch LĐLĐ thành phố (minh họa)",
			85,
		),
		awards=[{"emulation_award": decision}],
	)
	ensure_review_report(
		world, "thamdinh.tamduong", "LC-TD", MID_TERM, 2022, participating=10, acknowledger=MANAGER
	)
	ensure_review_report(
		world,
		MANAGER,
		"LC",
		MID_TERM,
		2022,
		participating=0,
		acknowledger=None,
		conference=(
			"2022-12-28",
			"Hội trường LĐLĐ tỉnh Lai Châu (minh họa)",
			"Chủ tịch LĐLĐ tỉnh (minh họa)",
			150,
		),
		awards=[{"upward_proposal": proposal}],
	)


def ensure_cluster_proposal(world) -> None:
	"""The school block's own proposal, sent by its leading union to the province."""
	block = frappe.db.get_value("Emulation Cluster", {"plan": world.plan, "cluster_kind": "Block by Sector"})
	if frappe.db.exists("Emulation Nomination Batch", {"plan": world.plan, "cluster": block}):
		return
	as_user(world, "canbo.thcsdoanket")
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Nomination Batch",
			"plan": world.plan,
			"phase": MID_TERM,
			"phase_year": 2022,
			"sending_unit": "LC-TP-01",
			"cluster": block,
			"nominations": [
				{
					"subject_type": "Collective",
					"subject_unit": unit,
					"proposed_award_form": MERIT,
					"achievement": achievement,
				}
				for unit, achievement in (
					("LC-GD-01", "Dẫn đầu khối thi đua các CĐCS trường học giai đoạn 2019-2022 (minh họa)"),
					(
						"LC-TD-01",
						"Có mô hình “Trường học thân thiện, văn minh” được khối nhân rộng (minh họa)",
					),
				)
			],
			"letter_number": "05/TTr-CĐCS",
			"place": "Lai Châu",
			"letter_date": "2022-11-30",
			"letter_title": "V/v đề nghị khen thưởng các đơn vị dẫn đầu khối thi đua (minh họa)",
			"letter_text": "Căn cứ kết quả bình xét, suy tôn của các đơn vị thành viên khối thi đua (minh họa).",
			"signer_on_behalf_of": "TM. KHỐI THI ĐUA",
			"signer_title": "ĐƠN VỊ KHỐI TRƯỞNG",
			"signer_name": "(minh họa)",
			"submission_letter": world.file("to-trinh-de-nghi-khen-thuong-minh-hoa.txt"),
			"meeting_minutes": world.file("bien-ban-hop-binh-xet-minh-hoa.txt"),
			"is_demo": 1,
		}
	).insert()
	act(doc.doctype, doc.name, "Send")
	as_user(world, SECRETARY)
	act(doc.doctype, doc.name, "Acknowledge")
	count(world, "Emulation Nomination Batch")


def ensure_proposal(world, phase, year, body, rows, letter, answer=None) -> str:
	"""The province's proposal to a higher body, sent, with the answer recorded when there is one."""
	existing = frappe.db.get_value(
		"Emulation Upward Proposal",
		{"plan": world.plan, "phase": phase, "phase_year": year, "higher_body": body},
	)
	if existing:
		return existing
	from vanhoa_congso.vanhoa_congso.doctype.emulation_upward_proposal.emulation_upward_proposal import (
		record_answer,
		send_proposal,
	)

	as_user(world, MANAGER)
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Upward Proposal",
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"proposing_unit": "LC",
			"higher_body": body,
			"items": [
				{
					"evaluation": name,
					"award_form": form,
					"achievement": "Có thành tích tiêu biểu trong phong trào thi đua văn hóa công sở (minh họa)",
				}
				for name, form, _outcome in rows
			],
			"letter_number": letter[0],
			"place": "Lai Châu",
			"letter_date": letter[1],
			"letter_title": "V/v đề nghị khen thưởng trong phong trào thi đua văn hóa công sở (minh họa)",
			"signer_on_behalf_of": "TM. BAN THƯỜNG VỤ",
			"signer_title": "CHỦ TỊCH",
			"signer_name": "(minh họa)",
			"submission_letter": world.file("to-trinh-de-nghi-cap-tren-minh-hoa.txt"),
			"council_minutes": world.file("bien-ban-phien-hop-hoi-dong-minh-hoa.txt"),
			"is_demo": 1,
		}
	).insert()
	send_proposal(doc.name)
	if answer:
		doc = frappe.get_doc(doc.doctype, doc.name)
		doc.answer_number, doc.answer_date = answer
		for row, (_name, _form, outcome) in zip(doc.items, rows, strict=True):
			row.outcome = outcome
			if outcome == "Not Granted":
				row.outcome_note = "Chưa đủ tiêu chuẩn theo quy chế khen thưởng (minh họa)"
		doc.save()
		record_answer(doc.name)
	count(world, "Emulation Upward Proposal")
	return doc.name


def issued_decision(world, login, number, issuer, date, phase, year, rows, title) -> str:
	"""A decision of a district-level union, published for notice and issued after it."""
	existing = frappe.db.get_value("Emulation Award", {"plan": world.plan, "decision_number": number})
	if existing:
		return existing
	as_user(world, login)
	award = frappe.get_doc(
		{
			"doctype": "Emulation Award",
			"decision_number": number,
			"issuing_unit": issuer,
			"place": "Lai Châu",
			"decision_date": date,
			"plan": world.plan,
			"phase": phase,
			"phase_year": year,
			"decision_title": title,
			"legal_bases": "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ LĐLĐ tỉnh;\n"
			"Xét đề nghị của bộ phận thi đua - khen thưởng (minh họa),",
			"signer_on_behalf_of": "TM. BAN THƯỜNG VỤ",
			"signer_title": "CHỦ TỊCH",
			"signer_name": "(minh họa)",
			"recipients": [{"award_form": COMMENDATION, **row} for row in rows],
			"distribution": [{"recipient": "Như Điều 3;"}, {"recipient": "Lưu: VT."}],
			"is_demo": 1,
		}
	).insert()
	# the notice ran before the decision date
	award.is_published, award.notice_start, award.notice_end = (
		1,
		frappe.utils.add_days(date, -10),
		frappe.utils.add_days(date, -5),
	)
	allow_server_value(award, "is_published", "notice_start", "notice_end")
	award.save()
	award.submit()
	count(world, "Emulation Award")
	return award.name


def ensure_district_decision(world) -> str:
	"""LĐLĐ thành phố Lai Châu's own Giấy khen at its sơ kết conference."""
	return issued_decision(
		world,
		"thamdinh.tplaichau",
		"12/QĐ-LĐLĐ",
		"LC-TP",
		"2022-12-15",
		MID_TERM,
		2022,
		[
			{
				"subject_type": "Collective",
				"subject_unit": "LC-TP-02",
				"achievement": "Có thành tích trong 3 năm thực hiện phong trào thi đua văn hóa công sở",
				"entry_reason": "Bình xét tại Hội nghị sơ kết của LĐLĐ thành phố (minh họa)",
			},
			{
				"subject_type": "Individual",
				"union_member": member("Vàng Thị Mai", "LC-TP-02"),
				"achievement": "Gương mẫu thực hiện văn hóa công sở",
				"entry_reason": "Bình xét tại Hội nghị sơ kết của LĐLĐ thành phố (minh họa)",
			},
		],
		"Về việc tặng Giấy khen sơ kết phong trào thi đua văn hóa công sở (dữ liệu minh họa)",
	)


def ensure_review_report(
	world, login, unit, review_type, year, participating, acknowledger, models=(), conference=None, awards=()
) -> str:
	"""A unit's review report, sent up and acknowledged (the province's own is completed, or left as a
	draft when `acknowledger` is "draft")."""
	existing = frappe.db.get_value(
		"Emulation Review Report",
		{"plan": world.plan, "review_type": review_type, "review_year": year, "reporting_unit": unit},
	)
	if existing:
		return existing
	as_user(world, login)
	fields = {}
	if conference:
		date, place, chair, participants = conference
		fields = {
			"conference_date": date,
			"conference_place": place,
			"conference_chair": chair,
			"participant_count": participants,
			"participants": [
				{"participant_name": "Đại diện Thường trực cấp ủy (minh họa)", "position": "Phó Bí thư"},
				{"participant_name": "Đại diện công đoàn cấp trên (minh họa)", "position": "Phó Chủ tịch"},
			],
			"awards_presented": list(awards),
		}
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Review Report",
			"plan": world.plan,
			"review_type": review_type,
			"review_year": year,
			"reporting_unit": unit,
			"participating_members": participating,
			"good_models": [{"model_name": name, "emulation_unit": at} for name, at in models],
			"results_summary": "Phong trào được triển khai sâu rộng; cán bộ, đoàn viên chấp hành nghiêm kỷ cương, "
			"kỷ luật hành chính, chuẩn mực trong giao tiếp, ứng xử (minh họa).",
			"limitations": "Việc ứng dụng công nghệ thông tin ở một số đơn vị còn chậm (minh họa).",
			"lessons": "Gắn phong trào với nhiệm vụ chính trị của từng cơ quan, đơn vị (minh họa).",
			"next_tasks": "Tiếp tục nhân rộng mô hình hay, điển hình tiên tiến (minh họa).",
			"is_demo": 1,
			**fields,
		}
	).insert()
	if doc.group_results:
		doc.group_results[0].assessment = "Các đơn vị ban hành đầy đủ quy chế văn hóa công sở (minh họa)."
		doc.save()
	if acknowledger != "draft":
		act(doc.doctype, doc.name, "Send")
		if acknowledger:
			as_user(world, acknowledger)
			act(doc.doctype, doc.name, "Acknowledge")
	count(world, "Emulation Review Report")
	return doc.name


# --- 2024: a sector union's Giấy khen, an individual evaluation under review


def ensure_sector_union_round(world) -> None:
	issued_decision(
		world,
		"thamdinh.nganhgd",
		"25/QĐ-CĐN",
		"LC-GD",
		"2024-12-20",
		FULL_YEAR,
		2024,
		[
			{
				"subject_type": "Individual",
				"union_member": member("Lù Thị Dung", "LC-GD-01"),
				"achievement": "Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024, gương mẫu thực hiện văn hóa công sở",
				"entry_reason": "Bình xét của Công đoàn ngành Giáo dục (minh họa)",
			}
		],
		"Về việc tặng Giấy khen năm 2024 (dữ liệu minh họa)",
	)
	evaluation(
		world, "canbo.thptlequydon", FULL_YEAR, 2024, member_name=member("Hoàng Văn Thắng", "LC-GD-01")
	)


# --- 1 July 2025: the district federations close


def ensure_reorganisation(world) -> None:
	from vanhoa_congso.rules.units import clear_user_permission_cache

	frappe.set_user("Administrator")
	for district in CLOSED_DISTRICTS:
		if frappe.db.get_value("Emulation Unit", district, "valid_to"):
			continue
		units.reorganise(
			district,
			"LC",
			REORGANISATION_DATE,
			"Chấm dứt hoạt động LĐLĐ cấp huyện, chuyển công đoàn cơ sở về LĐLĐ tỉnh (minh họa)",
		)
		count(world, "Reorganised Unit")
	clear_user_permission_cache()


# --- 2025: the final review, straight to the province


def ensure_final_review(world) -> None:
	hung = member("Lê Văn Hùng", "LC-TD-01")
	tp_01, _new = evaluation(
		world, "canbo.thcsdoanket", FINAL, 2025, unit="LC-TP-01", proposed=CONFEDERATION_FLAG
	)
	hung_eval, _new = evaluation(
		world, "canbo.thtamduong", FINAL, 2025, member_name=hung, proposed=COMMITTEE_MERIT
	)
	session = council_session(world, "2025-12-10")
	approve(world, tp_01, session)
	approve(world, hung_eval, session)
	ensure_proposal(
		world,
		FINAL,
		2025,
		"Vietnam General Confederation of Labour",
		[(tp_01, CONFEDERATION_FLAG, None)],
		letter=("35/TTr-LĐLĐ", "2026-01-08"),
	)
	ensure_proposal(
		world,
		FINAL,
		2025,
		"Provincial People's Committee",
		[(hung_eval, COMMITTEE_MERIT, "Granted")],
		letter=("36/TTr-LĐLĐ", "2026-01-08"),
		answer=("125/QĐ-UBND (minh họa)", "2026-02-10"),
	)
	ensure_review_report(
		world,
		"canbo.thtamduong",
		"LC-TD-01",
		FINAL,
		2025,
		participating=30,
		acknowledger=MANAGER,
		models=[("Mô hình “Trường học thân thiện, văn minh” (minh họa)", "LC-TD-01")],
	)
	ensure_review_report(
		world,
		MANAGER,
		"LC",
		FINAL,
		2025,
		participating=0,
		acknowledger="draft",
		conference=(
			"2025-12-18",
			"Hội trường LĐLĐ tỉnh Lai Châu (minh họa)",
			"Chủ tịch LĐLĐ tỉnh (minh họa)",
			200,
		),
	)
