"""Every app doctype and child table, every role, two districts, every way frappe reads or writes a
document, over HTTP as real users: nothing outside a user's units is shown, counted, searched,
printed, exported or written.

The doctypes come from the app's folders (registry.app_doctypes), so a new doctype is in the matrix
without anyone editing this file. For each user the expected documents are the ones frappe's document
check lets them open (roles, User Permissions and the app's scope rule together); each endpoint must
show a subset of those, and no write may touch anything else.
"""

from __future__ import annotations

import csv
import io
import json

import frappe
import pytest

from vanhoa_congso.install import APP_ROLES
from vanhoa_congso.permissions import scope
from vanhoa_congso.permissions.registry import PLATFORM_REFERENCES, app_doctypes
from vanhoa_congso.report_utils import subtree
from vanhoa_congso.testing import RestClient, make_user

PASSWORD = "Vhcs-matrix-2026!"
# grassroots unions of two former districts (since 1 July 2025 both sit directly under the province)
DISTRICTS = {"A": "LC-TP-01", "B": "LC-TD-01"}
# documents checked one by one (open, print, write) per user and doctype, to bound the run
SAMPLE = 3


def email(role: str, side: str) -> str:
	return f"matrix.{frappe.scrub(role)}.{side.lower()}@vhcs.test"


@pytest.fixture(scope="module")
def matrix(web_server, demo_data):
	frappe.set_user("Administrator")
	for role in APP_ROLES:
		for side, unit in DISTRICTS.items():
			make_user(email(role, side), [role], PASSWORD, [unit])
	frappe.db.commit()
	clients = {
		(role, side): RestClient(web_server, email(role, side), PASSWORD)
		for role in APP_ROLES
		for side in DISTRICTS
	}
	yield frappe._dict(base_url=web_server, clients=clients)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for role in APP_ROLES:
		for side in DISTRICTS:
			frappe.delete_doc("User", email(role, side), force=True, ignore_permissions=True)
			frappe.db.delete("User Permission", {"user": email(role, side)})
	frappe.db.commit()


# --- what each user may see, by frappe's own document check


def parents() -> list[str]:
	"""Doctypes with documents of their own; settings (single doctypes) belong to no unit and have
	their own test below."""
	return [
		doctype
		for doctype in app_doctypes()
		if not frappe.get_meta(doctype).istable and not frappe.get_meta(doctype).issingle
	]


def settings() -> list[str]:
	return [doctype for doctype in app_doctypes() if frappe.get_meta(doctype).issingle]


def children() -> list[tuple[str, str]]:
	return [
		(doctype, parent)
		for doctype in app_doctypes()
		if frappe.get_meta(doctype).istable
		for parent in scope.parents_of(doctype)
		# a settings doctype's rows are its one document's, which the settings test covers
		if not frappe.get_meta(parent).issingle
	]


def all_names(doctype: str) -> list[str]:
	return frappe.get_all(doctype, pluck="name", order_by="name")


_seen: dict[tuple[str, str], set[str]] = {}


def visible(doctype: str, user: str) -> set[str]:
	"""Documents of `doctype` that `user` may open, by frappe.has_permission (cached per test module)."""
	key = (doctype, user)
	if key not in _seen:
		_seen[key] = {
			name for name in all_names(doctype) if frappe.has_permission(doctype, "read", doc=name, user=user)
		}
	return _seen[key]


def hidden(doctype: str, user: str) -> set[str]:
	return set(all_names(doctype)) - visible(doctype, user)


def hidden_rows(child: str, parent: str, user: str) -> set[str]:
	"""Rows of `child` under documents of `parent` that the user may not open."""
	closed = hidden(parent, user)
	return set(
		frappe.get_all(
			child, filters={"parenttype": parent, "parent": ("in", list(closed) or [""])}, pluck="name"
		)
	)


def users():
	return [(role, side, email(role, side)) for role in APP_ROLES for side in DISTRICTS]


# --- endpoint readers: the names an endpoint shows (an error shows none)


def ok(response):
	return response.status_code == 200


def message(response):
	return response.json().get("message") if ok(response) else None


def rest_list(client, doctype, parent=None):
	params = {"fields": json.dumps(["name"]), "limit_page_length": 0}
	if parent:
		params["parent"] = parent
	response = client.get(f"/api/resource/{doctype}", params=params)
	return {row["name"] for row in response.json()["data"]} if ok(response) else set()


def client_get_list(client, doctype, parent=None):
	data = {
		"doctype": doctype,
		"fields": json.dumps(["name", "parent" if parent else "name"]),
		"limit_page_length": 0,
	}
	if parent:
		data["parent"] = parent
	rows = message(client.post("/api/method/frappe.client.get_list", data=data)) or []
	return {row["name"] for row in rows}, {row.get("parent") for row in rows if row.get("parent")}


def report_view(client, doctype, parent=None):
	data = {"doctype": doctype, "fields": json.dumps([f"`tab{doctype}`.`name`"]), "page_length": 0}
	if parent:
		data["parent_doctype"] = parent
	result = message(client.post("/api/method/frappe.desk.reportview.get", data=data)) or {}
	return {row[0] for row in result.get("values", [])}


def exported(client, doctype):
	data = {
		"doctype": doctype,
		"fields": json.dumps([f"`tab{doctype}`.`name`"]),
		"file_format_type": "CSV",
		"title": doctype,
	}
	response = client.post("/api/method/frappe.desk.reportview.export_query", data=data)
	if not ok(response):
		return set()
	return {cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row}


def searched(client, doctype, reference=None):
	found = set()
	for method, extra in (
		("frappe.desk.search.search_link", {}),
		("frappe.desk.search.search_widget", {"as_dict": 1, "filter_fields": json.dumps(["name"])}),
	):
		data = {"doctype": doctype, "txt": "", "ignore_user_permissions": 1, "page_length": 10000, **extra}
		if reference:
			data["reference_doctype"] = reference
		rows = message(client.post(f"/api/method/{method}", data=data)) or []
		found |= {row.get("value") or row.get("name") for row in rows if isinstance(row, dict)}
	return found


def counted(client, doctype, filters, parent=None):
	"""What get_count answers for documents matching `filters` (0 when it refuses)."""
	total = 0
	for method in ("frappe.client.get_count", "frappe.desk.reportview.get_count"):
		data = {"doctype": doctype, "filters": json.dumps(filters)}
		if parent:
			data["parent"] = data["parent_doctype"] = parent
		total += message(client.post(f"/api/method/{method}", data=data)) or 0
	return total


def opened(client, doctype, name, parent=None):
	"""Which single-document reads return the document."""
	shown = []
	if ok(client.get(f"/api/resource/{doctype}/{name}")):
		shown.append("rest")
	params = {"doctype": doctype, "name": name}
	if parent:
		params["parent"] = parent
	if ok(client.get("/api/method/frappe.client.get", params=params)):
		shown.append("client.get")
	if not parent and ok(client.get("/api/method/frappe.desk.form.load.getdoc", params=params)):
		shown.append("getdoc")
	value = message(
		client.get(
			"/api/method/frappe.client.get_value",
			params={
				"doctype": doctype,
				"fieldname": "name",
				"filters": json.dumps({"name": name}),
				**({"parent": parent} if parent else {}),
			},
		)
	)
	if value:
		shown.append("get_value")
	printed = client.get("/printview", params={"doctype": doctype, "name": name})
	if ok(printed) and "403" not in printed.text[:2000] and name in printed.text:
		shown.append("print")
	title = message(
		client.get(
			"/api/method/frappe.desk.search.get_link_title", params={"doctype": doctype, "docname": name}
		)
	)
	if title and title != name:
		shown.append("link title")
	if (
		message(
			client.get(
				"/api/method/frappe.client.validate_link", params={"doctype": doctype, "docname": name}
			)
		)
		or {}
	).get("name"):
		shown.append("validate_link")
	return shown


# --- the matrix


@pytest.mark.parametrize("role,side,user", users())
def test_lists_counts_and_searches_show_only_the_users_units(matrix, role, side, user):
	client = matrix.clients[(role, side)]
	leaks = []
	for doctype in parents():
		closed = hidden(doctype, user)
		if not closed:
			continue
		for endpoint, names in (
			("rest list", rest_list(client, doctype)),
			("client.get_list", client_get_list(client, doctype)[0]),
			("report view", report_view(client, doctype)),
			("export", exported(client, doctype)),
			("search", searched(client, doctype)),
		):
			if names & closed:
				leaks.append(f"{endpoint} of {doctype}: {sorted(names & closed)[:5]}")
		if counted(client, doctype, [["name", "in", sorted(closed)]]):
			leaks.append(f"count of {doctype}")
	for child, parent in children():
		closed_parents = hidden(parent, user)
		rows = hidden_rows(child, parent, user)
		if not rows:
			continue
		listed_rows, listed_parents = client_get_list(client, child, parent)
		if listed_rows & rows or listed_parents & closed_parents:
			leaks.append(f"client.get_list of {child} under {parent}")
		if report_view(client, child, parent) & rows:
			leaks.append(f"report view of {child} under {parent}")
		if searched(client, child, parent) & rows:
			leaks.append(f"search of {child} under {parent}")
		if counted(client, child, [["parent", "in", sorted(closed_parents)]], parent):
			leaks.append(f"count of {child} under {parent}")
	assert not leaks, f"{user} sees outside their units:\n" + "\n".join(leaks)


@pytest.mark.parametrize("role,side,user", users())
def test_single_documents_outside_the_users_units_do_not_open(matrix, role, side, user):
	client = matrix.clients[(role, side)]
	leaks = []
	for doctype in parents():
		for name in sorted(hidden(doctype, user))[:SAMPLE]:
			if shown := opened(client, doctype, name):
				leaks.append(f"{doctype} {name}: {shown}")
	for child, parent in children():
		for name in sorted(hidden_rows(child, parent, user))[:SAMPLE]:
			if shown := opened(client, child, name, parent):
				leaks.append(f"{child} {name} (of {parent}): {shown}")
	assert not leaks, f"{user} opens documents outside their units:\n" + "\n".join(leaks)


@pytest.mark.parametrize("role,side,user", users())
def test_frappes_records_about_hidden_documents_stay_hidden(matrix, role, side, user):
	"""Comments, versions, files, alerts, workflow actions, shares and the rest about a document are as
	closed as the document: not listed, not counted."""
	client = matrix.clients[(role, side)]
	closed = {doctype: hidden(doctype, user) for doctype in parents()}
	leaks = []
	for record, (doctype_field, name_field) in PLATFORM_REFERENCES.items():
		about_hidden = [
			name
			for app_doctype, names in closed.items()
			if names
			for name in frappe.get_all(
				record, filters={doctype_field: app_doctype, name_field: ("in", sorted(names))}, pluck="name"
			)
		]
		if not about_hidden:
			continue
		if rest_list(client, record) & set(about_hidden):
			leaks.append(f"list of {record}")
		if counted(client, record, [["name", "in", about_hidden]]):
			leaks.append(f"count of {record}")
	assert not leaks, f"{user} sees records about documents outside their units:\n" + "\n".join(leaks)


@pytest.mark.parametrize("role,side,user", users())
def test_tree_reports_cards_and_charts_show_only_the_users_units(matrix, role, side, user):
	client = matrix.clients[(role, side)]
	leaks = []
	closed_units = hidden("Emulation Unit", user)
	for root in frappe.get_all(
		"Emulation Unit", filters={"parent_emulation_unit": ("is", "not set")}, pluck="name"
	):
		for parent in [root, *subtree(root)]:
			rows = (
				message(
					client.get(
						"/api/method/frappe.desk.treeview.get_children",
						params={"doctype": "Emulation Unit", "parent": parent},
					)
				)
				or []
			)
			if {row["value"] for row in rows} & closed_units:
				leaks.append(f"tree children of {parent}")
	# a user's own documents name the units above theirs (who reviews, who receives), so a report may too
	above = set(scope.units_above(scope.allowed_units(user) or []))
	closed = set().union(*(hidden(doctype, user) for doctype in parents())) - above
	for report in frappe.get_all("Report", filters={"module": "Vanhoa Congso"}, pluck="name"):
		for filters in report_filters():
			result = message(
				client.post(
					"/api/method/frappe.desk.query_report.run",
					data={"report_name": report, "filters": json.dumps(filters), "user": "Administrator"},
				)
			)
			if result and (text := json.dumps(result.get("result"), default=str)):
				found = sorted(name for name in closed if f'"{name}"' in text)
				if found:
					leaks.append(f"report {report} {filters}: {found[:5]}")
	for card in frappe.get_all(
		"Number Card", filters={"module": "Vanhoa Congso"}, fields=["name", "type", "method", "document_type"]
	):
		# the slots left under an issued plan's quotas are no count of documents; every unit may know them
		if card.type == "Custom" and card.name not in CARDS_NOT_COUNTING_DOCUMENTS:
			value = message(client.post(f"/api/method/{card.method}", data={"filters": "{}"}))
			if value is not None and card.document_type and value > len(visible(card.document_type, user)):
				leaks.append(f"card {card.name}: {value}")
	for chart in frappe.get_all(
		"Dashboard Chart", filters={"module": "Vanhoa Congso"}, fields=["name", "document_type"]
	):
		result = message(
			client.post(
				"/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				data={"chart_name": chart.name, "refresh": 1},
			)
		)
		total = sum(sum(dataset.get("values") or []) for dataset in (result or {}).get("datasets", []))
		if total > len(visible(chart.document_type, user)):
			leaks.append(f"chart {chart.name}: {total}")
	assert not leaks, f"{user} sees outside their units:\n" + "\n".join(leaks)


CARDS_NOT_COUNTING_DOCUMENTS = ("Quota Left",)


def report_filters() -> list[dict]:
	plan = frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "docstatus": 1})
	return [
		{},
		{"plan": plan, "phase": "Full Year", "phase_year": 2024, "subject_type": "Collective"},
		{"plan": plan, "phase": "Full Year", "phase_year": 2024, "subject_type": "Individual"},
		{"plan": plan},
	]


# --- writes


def snapshot(doctype: str, names) -> dict[str, str]:
	return {
		row.name: str(row.modified)
		for row in frappe.get_all(
			doctype, filters={"name": ("in", sorted(names) or [""])}, fields=["name", "modified"]
		)
	}


def done(how: str, response) -> bool:
	"""Whether a write was answered as done; frappe's bulk edit answers 200 and lists what failed."""
	if not ok(response):
		return False
	if how == "bulk edit":
		return not message(response)
	return True


def first_editable_field(doctype: str) -> str | None:
	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype in ("Data", "Small Text", "Text") and not df.read_only and not df.permlevel:
			return df.fieldname
	return None


@pytest.mark.parametrize("role,side,user", users())
def test_nothing_outside_the_users_units_can_be_written(matrix, role, side, user):
	client = matrix.clients[(role, side)]
	before = {}
	attempts = []
	for doctype in parents():
		names = sorted(hidden(doctype, user))[:SAMPLE]
		if not names:
			continue
		before[doctype] = snapshot(doctype, names)
		field = first_editable_field(doctype)
		for name in names:
			change = {field: "Sửa trái phép"} if field else {}
			attempts += [
				("PUT", client.put(f"/api/resource/{doctype}/{name}", json=change)),
				(
					"set_value",
					client.post(
						"/api/method/frappe.client.set_value",
						data={
							"doctype": doctype,
							"name": name,
							"fieldname": json.dumps(change or {"modified_by": user}),
						},
					),
				),
				(
					"bulk edit",  # answers the documents it could not change
					client.post(
						"/api/method/frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs",
						data={
							"doctype": doctype,
							"docnames": json.dumps([name]),
							"action": "update",
							"data": json.dumps(change),
						},
					),
				),
				("delete", client.delete(f"/api/resource/{doctype}/{name}")),
				(
					"submit",
					client.post(
						"/api/method/frappe.client.submit",
						data={"doc": json.dumps({"doctype": doctype, "name": name})},
					),
				),
				(
					"cancel",
					client.post("/api/method/frappe.client.cancel", data={"doctype": doctype, "name": name}),
				),
			]
	for child, parent in children():
		rows = sorted(hidden_rows(child, parent, user))[:SAMPLE]
		if not rows:
			continue
		before[child] = snapshot(child, rows)
		field = first_editable_field(child)
		for name in rows:
			attempts += [
				("PUT row", client.put(f"/api/resource/{child}/{name}", json={field: "x"} if field else {})),
				("delete row", client.delete(f"/api/resource/{child}/{name}")),
			]
	accepted = [f"{how} ({response.status_code})" for how, response in attempts if done(how, response)]
	# a new transaction, to read what the web server wrote
	frappe.db.rollback()
	written = [
		f"{doctype} {name}"
		for doctype, stored in before.items()
		for name, modified in stored.items()
		if snapshot(doctype, [name]).get(name) != modified
	]
	assert not written, f"{user} changed documents outside their units: {written} (accepted: {accepted})"
	assert not accepted, f"{user}'s writes outside their units were answered as if done: {accepted}"


@pytest.mark.parametrize("role,side,user", users())
def test_settings_are_changed_only_by_the_roles_that_keep_them(matrix, role, side, user):
	"""A settings doctype answers and changes by its DocPerm rows alone, over every write path."""
	client = matrix.clients[(role, side)]
	for doctype in settings():
		field = first_editable_field(doctype)
		modified = frappe.db.get_value(
			"Singles", {"doctype": doctype, "field": "modified"}, "value", order_by=None
		)
		may_read = frappe.has_permission(doctype, "read", user=user)
		may_write = frappe.has_permission(doctype, "write", user=user)
		opened = client.get(f"/api/resource/{doctype}/{doctype}")
		assert (opened.status_code == 200) == may_read, f"{user} reading {doctype}: {opened.status_code}"
		if may_write or not field:
			continue
		for response in (
			client.put(f"/api/resource/{doctype}/{doctype}", json={field: "Sửa trái phép"}),
			client.post(
				"/api/method/frappe.client.set_value",
				data={"doctype": doctype, "name": doctype, "fieldname": field, "value": "Sửa trái phép"},
			),
		):
			assert response.status_code in (403, 417), f"{user} wrote {doctype}: {response.status_code}"
		frappe.db.rollback()
		assert (
			frappe.db.get_value("Singles", {"doctype": doctype, "field": "modified"}, "value", order_by=None)
			== modified
		), f"{user} changed {doctype}"


def test_the_matrix_bites(matrix):
	"""The districts' users do not see each other's evaluations, members, reports and units, so the
	matrix above has something to find."""
	for doctype in ("Emulation Evaluation", "Union Member", "Emulation Periodic Report", "Emulation Unit"):
		b_units = set(subtree(DISTRICTS["B"]))
		field = scope.scope_of(doctype).unit_field
		b_docs = {
			name
			for name in all_names(doctype)
			if (name if field == "name" else frappe.db.get_value(doctype, name, field)) in b_units
		}
		assert b_docs, f"the demo has no {doctype} in {DISTRICTS['B']}"
		assert not b_docs & visible(doctype, email("Upper-Level Reviewer", "A"))
