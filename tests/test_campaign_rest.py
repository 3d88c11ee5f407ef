"""The campaign's new documents through the REST API, as real users tied to their units: who reads,
who acts, and what a PUT cannot do."""

import json

import frappe
import pytest

from vanhoa_congso.testing import (
	RestClient,
	delete_counters,
	delete_plan_with_documents,
	make_campaign_world,
	make_user,
)

PASSWORD = "Vhcs-campaign-2026!"
ACT = "/api/method/vanhoa_congso.controllers.sent_up.act"
TRANSITION = "/api/method/vanhoa_congso.workflow.transition"


def email(key):
	return f"{key}@campaign.vhcs.test"


@pytest.fixture(scope="module")
def world(web_server):
	"""Two districts (A, B) with their grassroots unions, their officers and reviewers, the province's
	council secretary and a grassroots affairs officer; committed for the web server, removed after."""
	frappe.set_user("Administrator")
	data = make_campaign_world("RS")
	district_a, district_b = data.districts
	users = {
		"officer_a": ("Grassroots Union Officer", data.grassroots[district_a][0]),
		"officer_b": ("Grassroots Union Officer", data.grassroots[district_b][0]),
		"reviewer_a": ("Upper-Level Reviewer", district_a),
		"reviewer_b": ("Upper-Level Reviewer", district_b),
		"secretary": ("Emulation Council Secretary", data.province),
		"manager": ("Emulation Manager", None),
	}
	for key, (role, unit) in users.items():
		make_user(email(key), [role], PASSWORD, [unit] if unit else [])
	frappe.db.commit()
	data.base_url = web_server
	yield data

	frappe.set_user("Administrator")
	frappe.db.rollback()
	delete_plan_with_documents(data.plan)
	for key in users:
		frappe.db.delete("Notification Log", {"for_user": email(key)})
		frappe.delete_doc("User", email(key), force=True, ignore_permissions=True)
		frappe.db.delete("User Permission", {"user": email(key)})
	frappe.db.delete("Emulation Criterion", {"criteria_set": "RS-SET"})
	frappe.db.delete("Emulation Criteria Set", {"name": "RS-SET"})
	for form in (data.merit, data.commendation, data.confederation):
		frappe.db.delete("Award Form Issuing Level", {"parent": form})
		frappe.db.delete("Award Form", {"name": form})
	frappe.db.delete("Union Member", {"name": ("in", list(data.members.values()))})
	grassroots = [unit for rows in data.grassroots.values() for unit in rows] + [data.direct]
	delete_counters([*grassroots, *data.districts, data.province])
	for unit in [*grassroots, *data.districts, data.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def client(world, key):
	return RestClient(world.base_url, email(key), PASSWORD)


def ok(response):
	assert response.status_code == 200, response.text[:800]
	body = response.json()
	return body.get("data", body.get("message"))


def messages(response) -> str:
	raw = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in raw)


def resource(doctype, name=None):
	return f"/api/resource/{doctype}" + (f"/{name}" if name else "")


def register(world, key, unit):
	user = client(world, key)
	doc = ok(
		user.post(
			resource("Emulation Registration"),
			json={
				"plan": world.plan,
				"subject_type": "Collective",
				"subject_unit": unit,
				"registered_on": "2019-10-20",
				"targets": [{"award_form": world.commendation}],
				"commitment_file": user.upload("cam-ket.pdf"),
				"commitments": "Thực hiện nghiêm quy tắc ứng xử",
			},
		)
	)
	return user, doc


def test_registration_sent_by_the_officer_and_acknowledged_by_the_district(world):
	unit = world.grassroots[world.districts[0]][0]
	officer, doc = register(world, "officer_a", unit)
	assert doc["status"] == "Draft" and doc["receiving_unit"] == world.districts[0]
	assert (
		ok(
			officer.post(
				ACT, data={"doctype": "Emulation Registration", "name": doc["name"], "action": "Send"}
			)
		)
		== "Sent"
	)
	# the officer cannot acknowledge, nor can the other district
	for key in ("officer_a", "reviewer_b"):
		refused = client(world, key).post(
			ACT, data={"doctype": "Emulation Registration", "name": doc["name"], "action": "Acknowledge"}
		)
		assert refused.status_code in (403, 417), refused.text[:300]
	reviewer = client(world, "reviewer_a")
	assert (
		ok(
			reviewer.post(
				ACT, data={"doctype": "Emulation Registration", "name": doc["name"], "action": "Acknowledge"}
			)
		)
		== "Acknowledged"
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Registration", doc["name"], "acknowledged_by") == email(
		"reviewer_a"
	)


def test_registrations_are_read_within_the_unit_tree(world):
	unit = world.grassroots[world.districts[0]][1]
	_officer, doc = register(world, "reviewer_a", world.districts[0])
	own = client(world, "officer_a")
	listed = {
		row["name"]
		for row in ok(own.get(resource("Emulation Registration"), params={"limit_page_length": 0}))
	}
	assert doc["name"] not in listed  # the district's own registration is above the grassroots union
	assert own.get(resource("Emulation Registration", doc["name"])).status_code == 403
	assert client(world, "reviewer_b").get(resource("Emulation Registration", doc["name"])).status_code == 403
	assert client(world, "manager").get(resource("Emulation Registration", doc["name"])).status_code == 200
	assert client(world, "secretary").get(resource("Emulation Registration", doc["name"])).status_code == 200
	# nor can an officer register a unit it does not act for
	refused = own.post(
		resource("Emulation Registration"),
		json={
			"plan": world.plan,
			"subject_type": "Collective",
			"subject_unit": unit,
			"registered_on": "2019-10-20",
		},
	)
	assert refused.status_code in (403, 417)
	assert not frappe.db.exists("Emulation Registration", {"subject_unit": unit})


def test_status_cannot_be_put_through_rest(world):
	unit = world.grassroots[world.districts[1]][0]
	officer, doc = register(world, "officer_b", unit)
	# the status is the server's: sent by a client it is put back, not taken
	officer.put(resource("Emulation Registration", doc["name"]), json={"status": "Acknowledged"})
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Registration", doc["name"], "status") == "Draft"


def sent_evaluation(world, officer, unit):
	doc = ok(
		officer.post(
			resource("Emulation Evaluation"),
			json={
				"plan": world.plan,
				"phase": "Full Year",
				"phase_year": 2024,
				"subject_type": "Collective",
				"subject_unit": unit,
				"dossier": [{"document_kind": "Achievement Report", "file": officer.upload("bao-cao.pdf")}],
			},
		)
	)
	for row in doc["items"]:
		row["self_result"] = "Meets"
	ok(officer.put(resource("Emulation Evaluation", doc["name"]), json={"items": doc["items"]}))
	ok(
		officer.post(
			TRANSITION,
			data={"doctype": "Emulation Evaluation", "name": doc["name"], "action": "Send for Review"},
		)
	)
	return doc["name"]


def test_batch_of_a_district_is_read_by_the_council_not_by_the_other_district(world):
	district = world.districts[0]
	evaluation = sent_evaluation(world, client(world, "officer_a"), world.grassroots[district][0])
	reviewer = client(world, "reviewer_a")
	batch = ok(
		reviewer.post(
			resource("Emulation Nomination Batch"),
			json={
				"plan": world.plan,
				"phase": "Full Year",
				"phase_year": 2024,
				"sending_unit": district,
				"nominations": [{"evaluation": evaluation}],
				"letter_number": "07/TTr-LĐLĐ",
				"letter_date": "2025-01-08",
				"submission_letter": reviewer.upload("to-trinh.pdf"),
				"meeting_minutes": reviewer.upload("bien-ban.pdf"),
			},
		)
	)
	assert (
		ok(
			reviewer.post(
				ACT, data={"doctype": "Emulation Nomination Batch", "name": batch["name"], "action": "Send"}
			)
		)
		== "Sent"
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Evaluation", evaluation, "workflow_state") == "Forwarded to Council"
	assert (
		client(world, "reviewer_b").get(resource("Emulation Nomination Batch", batch["name"])).status_code
		== 403
	)
	assert (
		client(world, "officer_a").get(resource("Emulation Nomination Batch", batch["name"])).status_code
		== 403
	)
	secretary = client(world, "secretary")
	assert ok(secretary.get(resource("Emulation Nomination Batch", batch["name"])))["status"] == "Sent"
	listed = ok(
		client(world, "reviewer_b").get(
			resource("Emulation Nomination Batch"), params={"limit_page_length": 0}
		)
	)
	assert batch["name"] not in {row["name"] for row in listed}
	assert (
		ok(
			secretary.post(
				ACT,
				data={
					"doctype": "Emulation Nomination Batch",
					"name": batch["name"],
					"action": "Acknowledge",
				},
			)
		)
		== "Acknowledged"
	)


def test_review_reports_are_read_within_the_unit_tree(world):
	district = world.districts[1]
	reviewer = client(world, "reviewer_b")
	report = ok(
		reviewer.post(
			resource("Emulation Review Report"),
			json={
				"plan": world.plan,
				"review_type": "Mid-term Review",
				"review_year": 2022,
				"reporting_unit": district,
				"results_summary": "Phong trào được triển khai rộng khắp.",
				"participating_members": 12,
			},
		)
	)
	assert report["receiving_unit"] == world.province and report["units_covered"] == 2
	assert (
		client(world, "reviewer_a").get(resource("Emulation Review Report", report["name"])).status_code
		== 403
	)
	assert (
		client(world, "officer_b").get(resource("Emulation Review Report", report["name"])).status_code == 403
	)
	assert (
		client(world, "manager").get(resource("Emulation Review Report", report["name"])).status_code == 200
	)
	refused = client(world, "reviewer_a").post(
		resource("Emulation Review Report"),
		json={
			"plan": world.plan,
			"review_type": "Mid-term Review",
			"review_year": 2022,
			"reporting_unit": district,
			"results_summary": "Không phải đơn vị của tôi",
		},
	)
	assert refused.status_code in (403, 417)


def commendation(world, unit, issuer):
	return {
		"decision_number": f"{issuer}/QĐ-LĐLĐ",
		"issuing_unit": issuer,
		"place": "Lai Châu",
		"decision_date": "2024-12-20",
		"plan": world.plan,
		"phase": "Full Year",
		"phase_year": 2024,
		"decision_title": "Về việc tặng Giấy khen",
		"recipients": [
			{
				"subject_type": "Collective",
				"subject_unit": unit,
				"award_form": world.commendation,
				"achievement": "Hoàn thành xuất sắc nhiệm vụ",
				"entry_reason": "Bình xét của LĐLĐ huyện",
			}
		],
	}


def test_a_district_decides_its_own_giay_khen_only(world):
	district = world.districts[0]
	unit = world.grassroots[district][0]
	reviewer = client(world, "reviewer_a")
	refused = reviewer.post(resource("Emulation Award"), json=commendation(world, unit, world.province))
	assert refused.status_code == 417 and "không được ban hành hoặc sửa quyết định" in messages(refused)
	decision = ok(reviewer.post(resource("Emulation Award"), json=commendation(world, unit, district)))
	ok(
		reviewer.post(
			"/api/method/frappe.client.submit", json={"doc": {**decision, "doctype": "Emulation Award"}}
		)
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Award", decision["name"], "docstatus") == 1
	other = client(world, "reviewer_b")
	refused = other.post(
		"/api/method/frappe.client.cancel", data={"doctype": "Emulation Award", "name": decision["name"]}
	)
	assert refused.status_code in (403, 417)
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Award", decision["name"], "docstatus") == 1


def test_registration_status_report_as_a_district(world):
	reviewer = client(world, "reviewer_b")
	result = ok(
		reviewer.post(
			"/api/method/frappe.desk.query_report.run",
			json={
				"report_name": "Emulation Registration Status",
				"filters": {"plan": world.plan, "as_on": "2024-12-31"},
			},
		)
	)
	listed = {row["unit"] for row in result["result"] if isinstance(row, dict) and row.get("unit")}
	district = world.districts[1]
	assert listed == {district, *world.grassroots[district]}


def test_proposals_upward_are_the_provinces_and_clusters_are_read_by_all(world):
	assert client(world, "reviewer_a").get(resource("Emulation Upward Proposal")).status_code == 403
	assert client(world, "officer_a").get(resource("Emulation Upward Proposal")).status_code == 403
	assert client(world, "secretary").get(resource("Emulation Upward Proposal")).status_code == 200
	manager = client(world, "manager")
	cluster = ok(
		manager.post(
			resource("Emulation Cluster"),
			json={
				"plan": world.plan,
				"cluster_name": "Cụm thi đua RS",
				"cluster_kind": "Cluster by Area",
				"leading_unit": world.districts[0],
				"members": [{"emulation_unit": unit} for unit in world.districts],
			},
		)
	)
	assert (
		ok(client(world, "officer_b").get(resource("Emulation Cluster", cluster["name"])))["leading_unit"]
		== (world.districts[0])
	)
	refused = client(world, "reviewer_b").put(
		resource("Emulation Cluster", cluster["name"]), json={"leading_unit": world.districts[1]}
	)
	assert refused.status_code == 417 and "ClusterError" in refused.text
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Cluster", cluster["name"], "leading_unit") == world.districts[0]
