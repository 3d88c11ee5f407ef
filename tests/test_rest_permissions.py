"""Masters and members through the REST API, as real users restricted to their unit."""

import json

import frappe
import pytest

from vanhoa_congso.rules import units
from vanhoa_congso.testing import RestClient, make_member, make_unit, make_user

PASSWORD = "Vhcs-test-2026!"
OFFICER_A = "officer.a@vhcs.test"
MANAGER = "manager@vhcs.test"


@pytest.fixture(scope="module")
def world(web_server):
	"""Two grassroots unions in two districts, an officer of the first, a manager; committed so the
	web server sees them, and removed afterwards."""
	frappe.set_user("Administrator")
	province = make_unit(units.PROVINCE, unit_code="RT-P")
	district_a = make_unit(units.DISTRICT, province.name, unit_code="RT-A")
	district_b = make_unit(units.DISTRICT, province.name, unit_code="RT-B")
	unit_a = make_unit(units.GRASSROOTS, district_a.name, unit_code="RT-A-1")
	unit_b = make_unit(units.GRASSROOTS, district_b.name, unit_code="RT-B-1")
	member_a = make_member(unit_a.name, full_name="Đoàn viên A")
	member_b = make_member(unit_b.name, full_name="Đoàn viên B")
	make_user(OFFICER_A, ["Grassroots Union Officer"], PASSWORD, [unit_a.name])
	make_user(MANAGER, ["Emulation Manager"], PASSWORD)
	frappe.db.commit()
	data = frappe._dict(
		base_url=web_server,
		unit_a=unit_a.name,
		unit_b=unit_b.name,
		member_a=member_a.name,
		member_b=member_b.name,
	)
	yield data
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for user in (OFFICER_A, MANAGER):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.delete("Union Member", {"name": ("in", [member_a.name, member_b.name])})
	frappe.db.delete("User Permission", {"user": ("in", [OFFICER_A, MANAGER])})
	for unit in ("RT-A-1", "RT-B-1", "RT-A", "RT-B", "RT-P"):
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def resource(doctype, name=None):
	path = f"/api/resource/{doctype}"
	return f"{path}/{name}" if name else path


def server_messages(response) -> str:
	"""The text of the messages frappe sends with an error, decoded."""
	messages = json.loads(response.json().get("_server_messages") or "[]")
	return "\n".join(json.loads(message).get("message", "") for message in messages)


def names(response):
	assert response.status_code == 200, response.text[:500]
	return {row["name"] for row in response.json()["data"]}


def test_officer_sees_only_members_of_own_unit(world):
	officer = RestClient(world.base_url, OFFICER_A, PASSWORD)
	listed = names(officer.get(resource("Union Member"), params={"limit_page_length": 0}))
	assert world.member_a in listed
	assert world.member_b not in listed
	assert officer.get(resource("Union Member", world.member_a)).status_code == 200
	assert officer.get(resource("Union Member", world.member_b)).status_code == 403


def test_count_does_not_leak_other_units(world):
	officer = RestClient(world.base_url, OFFICER_A, PASSWORD)
	filters = json.dumps([["Union Member", "emulation_unit", "=", world.unit_b]])
	response = officer.get(
		"/api/method/frappe.client.get_count", params={"doctype": "Union Member", "filters": filters}
	)
	assert response.status_code == 200, response.text[:500]
	assert response.json()["message"] == 0
	manager = RestClient(world.base_url, MANAGER, PASSWORD)
	response = manager.get(
		"/api/method/frappe.client.get_count", params={"doctype": "Union Member", "filters": filters}
	)
	assert response.json()["message"] == 1


def test_officer_adds_members_only_to_own_unit(world):
	officer = RestClient(world.base_url, OFFICER_A, PASSWORD)
	denied = officer.post(
		resource("Union Member"),
		json={"full_name": "Người ngoài", "emulation_unit": world.unit_b, "category": "Worker"},
	)
	assert denied.status_code == 403
	assert not frappe.db.exists("Union Member", {"full_name": "Người ngoài"})

	created = officer.post(
		resource("Union Member"),
		json={"full_name": "Đoàn viên mới", "emulation_unit": world.unit_a, "category": "Worker"},
	)
	assert created.status_code == 200, created.text[:500]
	frappe.db.delete("Union Member", {"name": created.json()["data"]["name"]})
	frappe.db.commit()


def test_officer_cannot_change_the_hierarchy(world):
	officer = RestClient(world.base_url, OFFICER_A, PASSWORD)
	created = officer.post(
		resource("Emulation Unit"),
		json={
			"unit_code": "RT-X",
			"unit_name": "X",
			"level": "Grassroots Union",
			"parent_emulation_unit": "RT-A",
		},
	)
	assert created.status_code == 403
	assert officer.delete(resource("Emulation Unit", world.unit_a)).status_code == 403
	moved = officer.post(
		"/api/method/vanhoa_congso.vanhoa_congso.doctype.emulation_unit.emulation_unit.reorganise",
		data={"unit": "RT-A", "successor": "RT-P", "effective_date": "2025-07-01"},
	)
	assert moved.status_code == 403
	assert frappe.db.get_value("Emulation Unit", world.unit_a, "parent_emulation_unit") == "RT-A"


def test_bad_input_gets_a_vietnamese_message(world):
	manager = RestClient(world.base_url, MANAGER, PASSWORD)
	response = manager.post(
		resource("Union Member"),
		json={"full_name": "Sai đơn vị", "emulation_unit": "RT-A", "category": "Worker"},
	)
	assert response.status_code == 417
	assert "không phải là công đoàn cơ sở" in server_messages(response)
	assert not frappe.db.exists("Union Member", {"full_name": "Sai đơn vị"})
