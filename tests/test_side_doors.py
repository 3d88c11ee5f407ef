"""The side doors of issue 11, one test each, tried over HTTP as the demo's users would.

Officer A works for CĐCS Trường THCS Đoàn Kết in LĐLĐ thành phố Lai Châu, officer B for CĐCS Trường
Tiểu học thị trấn Tam Đường in LĐLĐ huyện Tam Đường; each door is something A could do to B's data.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import frappe
import pytest
from openpyxl import Workbook

from vanhoa_congso import printing
from vanhoa_congso.demo import DEMO_PASSWORD, demo_email
from vanhoa_congso.rules import evaluations
from vanhoa_congso.testing import RestClient

EVALUATION = "Emulation Evaluation"
OFFICER_A, OFFICER_B = "canbo.thcsdoanket", "canbo.thtamduong"
# the education sector union reviews for its schools; the districts were closed on 1 July 2025
REVIEWER_A, SECRETARY, MANAGER, COUNCIL = (
	"thamdinh.nganhgd",
	"thuky.hoidong",
	"bancongtaccoso",
	"uyvien.hoidong",
)


@pytest.fixture(scope="module")
def doors(web_server, demo_data):
	frappe.set_user("Administrator")
	plan = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "docstatus": 1})
	clients = {}

	def client(login):
		if login not in clients:
			clients[login] = RestClient(web_server, demo_email(login), DEMO_PASSWORD)
		return clients[login]

	yield frappe._dict(
		base_url=web_server,
		client=client,
		plan=plan,
		evaluation_a=frappe.db.get_value(
			EVALUATION, {"plan": plan, "subject_unit": "LC-TP-01", "phase_year": 2024}
		),
		evaluation_b=frappe.db.get_value(
			EVALUATION, {"plan": plan, "subject_unit": "LC-TD-01", "phase_year": 2024}
		),
		evaluations_a=set(frappe.get_all(EVALUATION, filters={"emulation_unit": "LC-TP-01"}, pluck="name")),
		member_b=frappe.db.get_value("Union Member", {"emulation_unit": "LC-TD-01"}),
		report_b=frappe.db.get_value("Emulation Periodic Report", {"reporting_unit": "LC-TD-01"}),
		draft_award=frappe.db.get_value("Emulation Award", {"docstatus": 0, "issuing_unit": "LC"}),
		issued_award=frappe.db.get_value("Emulation Award", {"docstatus": 1, "issuing_unit": "LC"}),
	)


def message(response):
	assert response.status_code == 200, response.text[:500]
	return response.json().get("message")


def refused(response) -> bool:
	return response.status_code in (403, 404, 417)


def stored(doctype, name, fields):
	frappe.db.rollback()  # a new transaction sees what the web server committed
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


# --- reading another district's data


def test_second_search_endpoint_ignores_the_clients_flag(doors):
	officer = doors.client(OFFICER_A)
	rows = message(
		officer.post(
			"/api/method/frappe.desk.search.search_widget",
			data={
				"doctype": "Union Member",
				"txt": "",
				"ignore_user_permissions": 1,
				"filter_fields": json.dumps(["date_of_birth", "emulation_unit"]),
				"as_dict": 1,
				"page_length": 1000,
			},
		)
	)
	assert rows, "the officer's own members are found"
	assert doors.member_b not in {row["name"] for row in rows}
	assert not any(row.get("emulation_unit", "").startswith("LC-TD") for row in rows)


def test_link_titles_only_for_documents_one_may_see(doors):
	officer = doors.client(OFFICER_A)
	title = message(
		officer.get(
			"/api/method/frappe.desk.search.get_link_title",
			params={"doctype": "Union Member", "docname": doors.member_b},
		)
	)
	assert title == doors.member_b
	assert title != frappe.db.get_value("Union Member", doors.member_b, "full_name")


def test_criterion_rows_of_another_district_cannot_be_listed(doors):
	officer = doors.client(OFFICER_A)
	rows = message(
		officer.post(
			"/api/method/frappe.client.get_list",
			data={
				"doctype": "Emulation Evaluation Item",
				"parent": EVALUATION,
				"fields": json.dumps(["name", "parent", "self_score", "evidence_note"]),
				"limit_page_length": 0,
			},
		)
	)
	assert rows and {row["parent"] for row in rows} <= doors.evaluations_a
	row_b = frappe.db.get_value("Emulation Evaluation Item", {"parent": doors.evaluation_b})
	assert refused(
		officer.get(
			"/api/method/frappe.client.get",
			params={"doctype": "Emulation Evaluation Item", "name": row_b, "parent": EVALUATION},
		)
	)
	assert refused(officer.get(f"/api/resource/Emulation Evaluation Item/{row_b}"))


def test_counts_on_frappes_records_answer_nothing_about_other_districts(doors):
	officer = doors.client(OFFICER_A)
	for doctype, field in (
		("Version", "docname"),
		("Comment", "reference_name"),
		("File", "attached_to_name"),
		("Notification Log", "document_name"),
	):
		response = officer.post(
			"/api/method/frappe.client.get_count",
			data={
				"doctype": doctype,
				# a like filter that matches only records about B's evaluation
				"filters": json.dumps([[field, "like", f"%{doors.evaluation_b}%"]]),
			},
		)
		assert refused(response) or message(response) == 0, doctype
	assert frappe.db.count("Comment", {"reference_name": doors.evaluation_b}), "there is something to hide"


def test_a_file_record_does_not_unlock_anothers_private_file(doors):
	officer = doors.client(OFFICER_A)
	url = frappe.db.get_value(
		"File", {"attached_to_doctype": EVALUATION, "attached_to_name": doors.evaluation_b}, "file_url"
	)
	assert url and url.startswith("/private/")
	assert refused(officer.get(url))
	copied = officer.post(
		"/api/method/frappe.client.insert",
		data={
			"doc": json.dumps({"doctype": "File", "file_url": url, "file_name": "copy.txt", "is_private": 1})
		},
	)
	assert refused(copied) and copied.status_code != 500, copied.text[:800]
	assert refused(officer.get(url))
	assert frappe.db.count("File", {"file_url": url}) == 1


def test_drafts_and_prize_amounts_only_for_those_who_prepare_decisions(doors):
	for login in (OFFICER_A, COUNCIL):
		user = doors.client(login)
		assert refused(user.get(f"/api/resource/Emulation Award/{doors.draft_award}")), login
		issued = message(
			user.get(
				"/api/method/frappe.client.get",
				params={"doctype": "Emulation Award", "name": doors.issued_award},
			)
		)
		assert issued["recipients"], login
		# frappe sends a number it hides as 0
		assert not issued.get("total_amount"), login
		assert not any(row.get("prize_amount") for row in issued["recipients"]), login
	secretary = message(
		doors.client(SECRETARY).get(
			"/api/method/frappe.client.get", params={"doctype": "Emulation Award", "name": doors.draft_award}
		)
	)
	assert secretary["total_amount"] > 0


def test_a_printed_decision_shows_amounts_only_to_those_who_may_read_them(doors):
	total = frappe.db.get_value("Emulation Award", doors.issued_award, "total_amount")
	assert total > 0, "the issued demo decision has prizes"
	amount = printing.vnd(total)
	params = {
		"doctype": "Emulation Award",
		"name": doors.issued_award,
		"format": "Commendation Decision",
		"no_letterhead": 1,
	}
	for login in (OFFICER_A, COUNCIL):
		page = doors.client(login).get("/printview", params=params)
		assert page.status_code == 200 and "DANH SÁCH" in page.text, (login, page.text[:300])
		for money in (amount, "Tiền thưởng (đồng)", "Tổng số tiền thưởng"):
			assert money not in page.text, (login, money)
	page = doors.client(SECRETARY).get("/printview", params=params)
	assert amount in page.text and "Tiền thưởng (đồng)" in page.text and "Tổng số tiền thưởng" in page.text


# --- writing what one's role may not


def new_evaluation(doors, **fields):
	return {
		"doctype": EVALUATION,
		"plan": doors.plan,
		"phase": "Full Year",
		"phase_year": 2023,
		"subject_type": "Collective",
		"subject_unit": "LC-TP-01",
		**fields,
	}


def test_a_new_evaluation_carries_only_what_the_officer_fills_in(doors):
	officer = doors.client(OFFICER_A)
	criteria = frappe.get_all(
		"Emulation Evaluation Item", filters={"parent": doors.evaluation_a}, pluck="criterion", order_by="idx"
	)
	with_results = officer.post(
		"/api/resource/Emulation Evaluation",
		json=new_evaluation(
			doors,
			items=[
				{
					"criterion": criteria[0],
					"self_result": "Meets",
					"review_result": "Meets",
					"council_result": "Meets",
				}
			],
		),
	)
	assert refused(with_results) and "FieldOwnershipError" in with_results.text

	audited = officer.post(
		"/api/resource/Emulation Evaluation",
		json=new_evaluation(
			doors,
			sent_by=demo_email(OFFICER_B),
			approved_by=demo_email(SECRETARY),
			reviewing_unit="LC-TD",
			direct_to_council=1,
			items=[{"criterion": criteria[0], "self_result": "Meets"}],
		),
	)
	created = audited.json()["data"] if audited.status_code == 200 else None
	try:
		assert created, audited.text[:500]
		saved = stored(
			EVALUATION,
			created["name"],
			["sent_by", "approved_by", "reviewing_unit", "direct_to_council", "phase_date"],
		)
		# the route is the server's: the unit above on the phase date, or its successor if it closed since
		route = evaluations.review_route("LC-TP-01", saved.phase_date)
		assert (saved.sent_by, saved.approved_by) == (None, None)
		assert (saved.reviewing_unit, saved.direct_to_council) == (route[0], int(route[1]))
		rows = frappe.get_all(
			"Emulation Evaluation Item", filters={"parent": created["name"]}, pluck="criterion"
		)
		assert sorted(rows) == sorted(criteria), "every criterion of the plan has its row"
	finally:
		if created:
			frappe.delete_doc(EVALUATION, created["name"], force=True, ignore_permissions=True)
			frappe.db.commit()


def test_no_evaluation_for_a_member_of_another_district(doors):
	officer = doors.client(OFFICER_A)
	response = officer.post(
		"/api/resource/Emulation Evaluation",
		json=new_evaluation(
			doors,
			subject_type="Individual",
			subject_unit=None,
			union_member=doors.member_b,
			emulation_unit="LC-TP-01",
		),
	)
	assert refused(response)
	frappe.db.rollback()
	assert not frappe.db.exists(EVALUATION, {"union_member": doors.member_b, "phase_year": 2023})


def test_an_out_of_scope_document_cannot_be_moved_into_ones_units(doors):
	officer = doors.client(OFFICER_A)
	response = officer.post(
		"/api/method/frappe.client.set_value",
		data={
			"doctype": "Union Member",
			"name": doors.member_b,
			"fieldname": "emulation_unit",
			"value": "LC-TP-01",
		},
	)
	assert refused(response)
	assert stored("Union Member", doors.member_b, ["emulation_unit"]).emulation_unit == "LC-TD-01"


def test_an_issued_decision_changes_only_by_revocation(doors):
	manager = doors.client(MANAGER)
	award = frappe.get_doc("Emulation Award", doors.issued_award)
	rows = [row.as_dict(convert_dates_to_str=True) for row in award.recipients]
	extra = {**rows[0], "name": None, "idx": len(rows) + 1, "subject_unit": "LC-TD-01"}
	for change in (
		{"recipients": rows + [extra]},
		{"recipients": [{**rows[0], "prize_amount": 1}] + rows[1:]},
		{"recipients": rows[1:]},
	):
		assert refused(manager.put(f"/api/resource/Emulation Award/{award.name}", json=change))
	# revocation fields are the server's: sent by the client they are put back, not taken
	manager.put(
		f"/api/resource/Emulation Award/{award.name}",
		json={"recipients": [{**rows[0], "revoked": 1, "revocation_reason": "x"}] + rows[1:]},
	)
	frappe.db.rollback()
	after = frappe.get_doc("Emulation Award", award.name)
	assert [(r.name, r.revoked, r.prize_amount) for r in after.recipients] == [
		(r.name, r.revoked, r.prize_amount) for r in award.recipients
	]


def test_report_status_and_notice_dates_are_never_taken_from_the_client(doors):
	reviewer = doors.client(MANAGER)
	before = stored("Emulation Periodic Report", doors.report_b, ["submission_status", "submitted_on"])
	reviewer.put(
		f"/api/resource/Emulation Periodic Report/{doors.report_b}",
		json={"submission_status": "On Time", "submitted_on": "2019-01-01"},
	)
	assert (
		stored("Emulation Periodic Report", doors.report_b, ["submission_status", "submitted_on"]) == before
	)
	notice = stored("Emulation Award", doors.draft_award, ["notice_start", "notice_end", "is_published"])
	doors.client(SECRETARY).put(
		f"/api/resource/Emulation Award/{doors.draft_award}",
		json={"notice_start": "2019-01-01", "notice_end": "2019-01-02", "is_published": 0},
	)
	assert (
		stored("Emulation Award", doors.draft_award, ["notice_start", "notice_end", "is_published"]) == notice
	)


def test_routing_and_audit_fields_of_an_evaluation_are_the_servers(doors):
	reviewer = doors.client(REVIEWER_A)
	name = frappe.db.get_value(EVALUATION, {"workflow_state": "Sent for Review", "reviewing_unit": "LC-GD"})
	assert name, "the demo has an evaluation waiting for the education sector union's review"
	fields = ["reviewing_unit", "direct_to_council", "sent_by", "forwarded_by", "emulation_unit"]
	before = stored(EVALUATION, name, fields)
	reviewer.put(
		f"/api/resource/{EVALUATION}/{name}",
		json={
			"reviewing_unit": "LC-TD",
			"direct_to_council": 1,
			"sent_by": "Administrator",
			"forwarded_by": "Administrator",
		},
	)
	assert stored(EVALUATION, name, fields) == before


def test_a_row_cannot_be_saved_on_its_own(doors):
	officer = doors.client(OFFICER_A)
	row = frappe.db.get_value(
		"Emulation Evaluation Item", {"parent": doors.evaluation_a}, ["name", "review_score"], as_dict=True
	)
	response = officer.put(f"/api/resource/Emulation Evaluation Item/{row.name}", json={"review_score": 9})
	assert refused(response)
	assert stored("Emulation Evaluation Item", row.name, ["review_score"]).review_score == row.review_score


def test_sharing_and_assigning_stay_within_the_documents_units(doors):
	manager = doors.client(MANAGER)
	shared = manager.post(
		"/api/method/frappe.share.add",
		data={"doctype": EVALUATION, "name": doors.evaluation_b, "user": demo_email(OFFICER_A), "read": 1},
	)
	assigned = manager.post(
		"/api/method/frappe.desk.form.assign_to.add",
		data={
			"doctype": EVALUATION,
			"name": doors.evaluation_b,
			"assign_to": json.dumps([demo_email(OFFICER_A)]),
		},
	)
	assert refused(shared) and refused(assigned)
	frappe.db.rollback()
	assert not frappe.db.exists("DocShare", {"share_name": doors.evaluation_b, "user": demo_email(OFFICER_A)})
	assert refused(doors.client(OFFICER_A).get(f"/api/resource/{EVALUATION}/{doors.evaluation_b}"))


def test_no_share_or_assignment_reaches_outside_the_documents_units(doors):
	"""Whoever creates the share (frappe's assignment creates one on its own authority), the user it
	lets in must work for the document's units."""
	frappe.set_user(demo_email(MANAGER))
	for record in (
		{
			"doctype": "DocShare",
			"share_doctype": EVALUATION,
			"share_name": doors.evaluation_b,
			"user": demo_email(OFFICER_A),
			"read": 1,
		},
		{
			"doctype": "DocShare",
			"share_doctype": EVALUATION,
			"share_name": doors.evaluation_b,
			"everyone": 1,
			"read": 1,
		},
		{
			"doctype": "ToDo",
			"reference_type": EVALUATION,
			"reference_name": doors.evaluation_b,
			"allocated_to": demo_email(OFFICER_A),
			"description": "x",
		},
		{
			"doctype": "Document Follow",
			"ref_doctype": EVALUATION,
			"ref_docname": doors.evaluation_b,
			"user": demo_email(OFFICER_A),
		},
	):
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(record).insert(ignore_permissions=True)
	frappe.set_user(demo_email(OFFICER_A))
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": EVALUATION,
				"reference_name": doors.evaluation_b,
				"content": "x",
			}
		).insert(ignore_permissions=True)


def test_overridden_endpoints_cannot_be_reached_by_other_names(doors):
	officer = doors.client(OFFICER_A)
	through_tree = officer.post(
		"/api/method/frappe.desk.treeview.get_all_nodes",
		data={
			"doctype": "Union Member",
			"label": "x",
			"parent": "",
			"tree_method": "frappe.desk.search.search_widget",
			"ignore_user_permissions": 1,
			"txt": "",
		},
	)
	assert refused(through_tree)
	assert refused(officer.get("/api/method/frappe.desk.form.test_form.get_linked_docs"))
	heatmap = officer.post(
		"/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		data={
			"chart": json.dumps(
				{
					"name": "x",
					"type": "Heatmap",
					"chart_type": "Count",
					"document_type": EVALUATION,
					"based_on": "creation",
				}
			),
			"no_cache": 1,
		},
	)
	assert refused(heatmap)


# --- injection and exhaustion


def test_the_public_page_prints_what_users_wrote_as_text(doors):
	import requests

	award = frappe.get_doc("Emulation Award", doors.draft_award)
	payloads = {
		"decision_title": '<script>alert("title")</script>',
		"achievement": '["<img src=x onerror=alert(1)>"]',
	}
	frappe.db.set_value("Emulation Award", award.name, "decision_title", payloads["decision_title"])
	frappe.db.set_value(
		"Emulation Award Recipient", award.recipients[0].name, "achievement", payloads["achievement"]
	)
	frappe.db.set_value(
		"Emulation Award Recipient", award.recipients[0].name, "subject_name", "<b onmouseover=alert(2)>X</b>"
	)
	frappe.db.commit()
	try:
		page = requests.get(
			f"{doors.base_url}/cong-khai-khen-thuong", params={"name": award.name}, timeout=30
		).text
		listing = requests.get(f"{doors.base_url}/cong-khai-khen-thuong", timeout=30).text
		for text in (page, listing):
			assert "<script>alert" not in text
		assert "<img src=x" not in page and "<b onmouseover" not in page
		assert "&lt;script&gt;" in page and "&lt;img src=x" in page
	finally:
		frappe.db.set_value("Emulation Award", award.name, "decision_title", award.decision_title)
		frappe.db.set_value(
			"Emulation Award Recipient",
			award.recipients[0].name,
			"achievement",
			award.recipients[0].achievement,
		)
		frappe.db.set_value(
			"Emulation Award Recipient",
			award.recipients[0].name,
			"subject_name",
			award.recipients[0].subject_name,
		)
		frappe.db.commit()


def huge_dimension_workbook() -> bytes:
	"""A tiny file whose sheets declare the largest range a workbook can have."""
	workbook = Workbook()
	workbook.active.title = "Tập thể"
	workbook.create_sheet("Cá nhân")
	workbook.active["A1"] = "Mã đối tượng"
	buffer = io.BytesIO()
	workbook.save(buffer)
	source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
		for item in source.infolist():
			data = source.read(item.filename)
			if item.filename.startswith("xl/worksheets/sheet"):
				data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
			target.writestr(item, data)
	return out.getvalue()


def test_a_workbook_declaring_a_huge_sheet_is_refused_unread():
	from vanhoa_congso import assessment_import

	content = huge_dimension_workbook()
	archive = zipfile.ZipFile(io.BytesIO(content))
	assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet1.xml")
	errors = assessment_import.workbook_bounds_errors(content)
	assert errors and "1048576" in errors[0]
	rows, errors = assessment_import.parse(content, "no-such-plan")
	assert rows == [] and errors


def test_control_characters_are_dropped_and_exports_still_open():
	from vanhoa_congso.excel import list_workbook, workbook_bytes
	from vanhoa_congso.rules import units
	from vanhoa_congso.testing import make_member, make_unit

	province = make_unit(units.PROVINCE, unit_code="CC-P")
	grassroots = make_unit(units.GRASSROOTS, province.name, unit_code="CC-G")
	member = make_member(grassroots.name, full_name="Nguyễn\x0b Văn\x00 A\u202e")
	assert member.full_name == "Nguyễn Văn A"
	frappe.db.set_value("Union Member", member.name, "full_name", "Lê\x1b Thị B")
	workbook = list_workbook(
		unit=province.name,
		place="Lai Châu",
		date="2025-01-01",
		title="DANH SÁCH",
		subtitle="",
		headers=["TT", "Họ tên", "Đơn vị", "Ghi chú"],
		widths=[6, 30, 30, 20],
		rows=[[frappe.db.get_value("Union Member", member.name, "full_name"), "", ""]],
		totals=[],
	)
	assert workbook_bytes(workbook)
	assert workbook.active.cell(row=9, column=2).value == "Lê Thị B"


def test_an_attach_field_takes_no_file_of_another_district_and_no_public_file(doors):
	"""Frappe attaches the file behind an Attach field once the document is saved, making a File record
	for it without asking whether the user may read it; a copied address must not become one's own."""
	officer = doors.client(OFFICER_A)
	url_b = frappe.db.get_value(
		"File", {"attached_to_doctype": EVALUATION, "attached_to_name": doors.evaluation_b}, "file_url"
	)
	assert url_b and url_b.startswith("/private/") and refused(officer.get(url_b))
	files_before = frappe.db.count("File", {"file_url": url_b})
	public = frappe.get_doc(
		{"doctype": "File", "file_name": "cong-khai.pdf", "content": b"public", "is_private": 0}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	created = []
	try:
		for url in (url_b, public.file_url):
			response = officer.post(
				"/api/resource/Emulation Evaluation",
				json=new_evaluation(
					doors, dossier=[{"document_kind": "Achievement Report", "file": url}], phase_year=2022
				),
			)
			if response.status_code == 200:
				created.append(response.json()["data"]["name"])
			assert refused(response) and "ReferenceOutOfScopeError" in response.text, response.text[:500]
		assert frappe.db.count("File", {"file_url": url_b}) == files_before
		assert refused(officer.get(url_b))

		# one's own upload is taken, and stays private
		own = officer.upload("bao-cao-thanh-tich.pdf")
		response = officer.post(
			"/api/resource/Emulation Evaluation",
			json=new_evaluation(
				doors, dossier=[{"document_kind": "Achievement Report", "file": own}], phase_year=2022
			),
		)
		assert response.status_code == 200, response.text[:500]
		created.append(response.json()["data"]["name"])
		frappe.db.rollback()
		assert frappe.db.get_value("File", {"file_url": own}, "is_private") == 1
	finally:
		frappe.db.rollback()
		for name in created:
			frappe.delete_doc(EVALUATION, name, force=True, ignore_permissions=True)
		frappe.delete_doc("File", public.name, force=True, ignore_permissions=True)
		frappe.db.commit()
