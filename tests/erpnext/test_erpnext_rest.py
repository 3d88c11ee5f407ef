"""Permissions as real users through REST: Employees and Journal Entries stay with ERPNext's roles,
and posting or syncing needs the app's managing role plus the ERPNext permission it touches."""

import json

import frappe
import pytest

from vanhoa_congso.integrations.erpnext.testing import (
	make_department,
	make_employee,
	map_unit,
	require_erpnext,
)
from vanhoa_congso.rules import units
from vanhoa_congso.testing import (
	RestClient,
	collective,
	delete_counters,
	delete_plan_with_documents,
	make_award,
	make_award_world,
	make_unit,
	make_user,
)

require_erpnext()

PASSWORD = "Vhcs-test-2026!"
MANAGER = "erp.manager@vhcs.test"  # the app's managing role, nothing of ERPNext
ACCOUNTANT = "erp.manager.books@vhcs.test"  # the same, with ERPNext's Accounts User and HR User
POST = "/api/method/vanhoa_congso.integrations.erpnext.posting.post_to_accounts"
PREVIEW = "/api/method/vanhoa_congso.integrations.erpnext.employees.preview_employee_sync"


@pytest.fixture(scope="module")
def world(books, web_server):
	"""An issued decision not yet in the books (its unit was mapped after it was issued), a draft one,
	a grassroots union of the Company with one Employee, and the two managers; committed so the web
	server sees them, and removed afterwards."""
	frappe.set_user("Administrator")
	world = make_award_world(f"ER{frappe.generate_hash(length=4)}")
	issued = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	issued.submit()
	draft = make_award(world.plan, world.province, [collective(world.others[0], world.form)])
	map_unit(books, world.province)
	department = make_department(books)
	grassroots = make_unit(
		units.GRASSROOTS, world.district, erpnext_company=books.company, erpnext_department=department
	)
	employee = make_employee(books, "Người Thử REST", department)
	make_user(MANAGER, ["Emulation Manager"], PASSWORD)
	make_user(ACCOUNTANT, ["Emulation Manager", "Accounts User", "HR User"], PASSWORD)
	frappe.db.commit()
	world.update(
		base_url=web_server,
		issued=issued.name,
		draft=draft.name,
		grassroots=grassroots.name,
		employee=employee,
		department=department,
	)
	yield world
	frappe.set_user("Administrator")
	frappe.db.rollback()
	awards = frappe.get_all(
		"Emulation Award", filters={"plan": world.plan}, fields=["name", "journal_entry", "decision_number"]
	)
	entries = frappe.get_all(
		"Journal Entry",
		filters={"cheque_no": ("in", [a.decision_number for a in awards if a.decision_number] or [""])},
		pluck="name",
	)
	frappe.db.delete("Journal Entry Account", {"parent": ("in", entries or [""])})
	frappe.db.delete("Journal Entry", {"name": ("in", entries or [""])})
	frappe.db.delete("Union Member", {"emulation_unit": grassroots.name})
	delete_plan_with_documents(world.plan)
	settings = frappe.get_single("Emulation Accounting Settings")
	settings.mappings = [row for row in settings.mappings if row.issuing_unit != world.province]
	settings.save()
	frappe.delete_doc("Employee", employee, force=True)
	frappe.delete_doc("Department", department, force=True)
	for user in (MANAGER, ACCOUNTANT):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	unit_names = [grassroots.name, *world.education, *world.others, world.district, world.province]
	delete_counters(unit_names)
	for unit in unit_names:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.delete("Award Form", {"name": world.form})
	frappe.db.commit()


def client(world, user):
	return RestClient(world.base_url, user, PASSWORD)


def test_employees_and_journal_entries_follow_erpnexts_roles(world):
	manager, accountant = client(world, MANAGER), client(world, ACCOUNTANT)
	for doctype in ("Employee", "Journal Entry"):
		assert manager.get(f"/api/resource/{doctype}").status_code == 403
		assert accountant.get(f"/api/resource/{doctype}").status_code == 200
	assert manager.get(f"/api/resource/Employee/{world.employee}").status_code == 403
	# frappe v15's own get_count counts any doctype unchecked; the app's permission-aware one answers instead
	for doctype in ("Employee", "Journal Entry"):
		counted = manager.get("/api/method/frappe.client.get_count", params={"doctype": doctype})
		assert counted.status_code == 403, counted.text[:300]
		assert (
			accountant.get("/api/method/frappe.client.get_count", params={"doctype": doctype}).status_code
			== 200
		)


def test_posting_needs_erpnexts_permission_on_journal_entries(world):
	response = client(world, MANAGER).post(POST, data={"name": world.issued})
	assert response.status_code == 403, response.text[:300]
	frappe.db.rollback()
	assert not frappe.db.get_value("Emulation Award", world.issued, "journal_entry")

	response = client(world, ACCOUNTANT).post(POST, data={"name": world.issued})
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	entry = frappe.db.get_value("Emulation Award", world.issued, "journal_entry")
	assert response.json()["message"] == entry
	assert frappe.db.get_value("Journal Entry", entry, ["docstatus", "owner"]) == (0, ACCOUNTANT)


def test_issuing_without_that_permission_issues_but_posts_nothing(world):
	manager = client(world, MANAGER)
	doc = manager.get(f"/api/resource/Emulation Award/{world.draft}").json()["data"]
	response = manager.post("/api/method/frappe.client.submit", data={"doc": json.dumps(doc)})
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Award", world.draft, ["docstatus", "journal_entry"]) == (1, None)
	comments = frappe.get_all(
		"Comment", filters={"reference_name": world.draft, "comment_type": "Info"}, pluck="content"
	)
	# written in the manager's language, Vietnamese
	expected = frappe._(
		"posting needs ERPNext's permission to create Journal Entries (e.g. the Accounts User role)",
		lang="vi",
	)
	assert any(expected in comment for comment in comments), comments


def test_syncing_needs_erpnexts_permission_to_read_employees(world):
	response = client(world, MANAGER).get(PREVIEW, params={"unit": world.grassroots})
	assert response.status_code == 403, response.text[:300]
	response = client(world, ACCOUNTANT).get(PREVIEW, params={"unit": world.grassroots})
	assert response.status_code == 200, response.text[:500]
	assert [entry["employee"] for entry in response.json()["message"]] == [world.employee]
