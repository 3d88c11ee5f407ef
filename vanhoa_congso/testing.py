"""Factories for tests: build just the records a test needs."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator

import frappe
from frappe.utils import random_string

from vanhoa_congso.rules import units

# The bench the tests run in, and the MariaDB superuser that creates and drops scratch sites.
BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))
DB_ROOT = (
	os.environ.get("VHCS_DB_ROOT_USER", "vhcs_ci_root"),
	os.environ.get("VHCS_DB_ROOT_PASSWORD", "vhcs_ci_root"),
)


def bench_run(*args: str, timeout: int = 900, check: bool = True) -> subprocess.CompletedProcess:
	"""A frappe command of the test bench (`bench ARGS`), from its sites folder."""
	result = subprocess.run(
		[os.path.join(BENCH, "env", "bin", "python"), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	if check:
		assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
	return result


def drop_scratch_site(site: str) -> None:
	user, password = DB_ROOT
	bench_run(
		"drop-site",
		site,
		"--force",
		"--no-backup",
		"--db-root-username",
		user,
		"--db-root-password",
		password,
		check=False,
	)


def make_unit(level: str, parent: str | None = None, **fields) -> frappe.model.document.Document:
	code = fields.pop("unit_code", None) or f"T-{random_string(8)}"
	return frappe.get_doc(
		{
			"doctype": "Emulation Unit",
			"unit_code": code,
			"unit_name": fields.pop("unit_name", f"Đơn vị thử {code}"),
			"level": level,
			"parent_emulation_unit": parent,
			"valid_from": fields.pop("valid_from", "2019-01-01"),
			**fields,
		}
	).insert()


def make_tree() -> frappe._dict:
	"""A province with one district and two grassroots unions under it."""
	province = make_unit(units.PROVINCE)
	district = make_unit(units.DISTRICT, province.name)
	return frappe._dict(
		province=province,
		district=district,
		grassroots=make_unit(units.GRASSROOTS, district.name),
		grassroots_2=make_unit(units.GRASSROOTS, district.name),
	)


def make_member(unit: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Union Member",
			"full_name": fields.pop("full_name", f"Đoàn viên {random_string(5)}"),
			"emulation_unit": unit,
			"category": fields.pop("category", "Civil Servant"),
			**fields,
		}
	).insert()


def make_award_form(**fields):
	name = fields.pop("award_form_name", f"Bằng khen thử {random_string(6)}")
	return frappe.get_doc(
		{
			"doctype": "Award Form",
			"award_form_name": name,
			"award_kind": "Certificate of Merit",
			"issuing_level": units.PROVINCE,
			"subject_type": "Collective and Individual",
			**fields,
		}
	).insert()


def make_plan(issuing_unit: str, **fields):
	"""A draft plan; without a plan_number, the register numbers it when it is issued."""
	return frappe.get_doc(
		{
			"doctype": "Emulation Plan",
			"plan_number": fields.pop("plan_number", None),
			"issuing_unit": issuing_unit,
			"place": "Lai Châu",
			"issue_date": fields.pop("issue_date", "2019-09-13"),
			"title": "Kế hoạch thử",
			"period_from_year": 2019,
			"period_to_year": 2025,
			# review phases exist only in their milestone's year
			"milestones": fields.pop("milestones", [dict(row) for row in DEFAULT_MILESTONES]),
			**fields,
		}
	).insert()


DEFAULT_MILESTONES = (
	{"milestone_type": "Mid-term Review", "year": 2022},
	{"milestone_type": "Final Review", "year": 2025},
)


def count(doctype: str, filters: dict | None = None) -> int:
	return frappe.db.count(doctype, filters or {})


class RestClient:
	"""A logged-in REST session against the test web server, as one real user."""

	def __init__(self, base_url: str, user: str, password: str):
		import requests

		self.base_url = base_url
		self.session = requests.Session()
		response = self.session.post(f"{base_url}/api/method/login", data={"usr": user, "pwd": password})
		assert response.status_code == 200, f"login of {user} failed: {response.text[:300]}"

	def request(self, method: str, path: str, **kwargs):
		return self.session.request(method, f"{self.base_url}{path}", timeout=60, **kwargs)

	def get(self, path, **kwargs):
		return self.request("GET", path, **kwargs)

	def post(self, path, **kwargs):
		return self.request("POST", path, **kwargs)

	def put(self, path, **kwargs):
		return self.request("PUT", path, **kwargs)

	def delete(self, path, **kwargs):
		return self.request("DELETE", path, **kwargs)

	def upload(self, file_name: str) -> str:
		"""A private file uploaded as the desk's uploader does before the document is saved; its URL."""
		response = self.post(
			"/api/method/upload_file",
			files={"file": (file_name, f"{file_name} ({self.base_url})".encode())},
			data={"is_private": 1},
		)
		assert response.status_code == 200, response.text[:300]
		return response.json()["message"]["file_url"]


def own_file(file_name: str) -> str:
	"""A private file uploaded by the session user, not yet attached to anything; its URL."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"is_private": 1,
				"content": f"{file_name}: {frappe.session.user}",
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def make_user(email: str, roles: list[str], password: str, units: list[str] | None = None):
	"""A desk user with `roles`, restricted to `units` (and their subtrees) by User Permissions."""
	if frappe.db.exists("User", email):
		frappe.delete_doc("User", email, force=True)
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"language": "vi",
			"new_password": password,
			"roles": [{"role": role} for role in roles],
		}
	).insert(ignore_permissions=True)
	for unit in units or []:
		frappe.get_doc(
			{"doctype": "User Permission", "user": email, "allow": "Emulation Unit", "for_value": unit}
		).insert(ignore_permissions=True)
	return user


def extract_messages() -> list[tuple[str, str | None]]:
	"""Every translatable (message, context) of the app, found the way `bench generate-pot-file` does."""
	import os

	from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
	from frappe.gettext.translate import get_method_map

	app_root = os.path.dirname(frappe.get_app_path("vanhoa_congso"))
	keywords = DEFAULT_KEYWORDS.copy()
	keywords["_lt"] = None
	skipped = {"tests", "node_modules", "locale", "public/dist"}

	def directory_filter(dirpath) -> bool:
		name = os.path.basename(dirpath)
		return not (name.startswith((".", "_")) or name in skipped)

	# The navbar extractor reads hooks.py relative to the bench and fails on an app linked from
	# elsewhere; the app adds no navbar items, so skip it.
	method_map = [(pattern, method) for pattern, method in get_method_map("frappe") if "navbar" not in method]
	messages = []
	for _filename, _lineno, message, _comments, context in extract_from_dir(
		app_root, method_map, directory_filter=directory_filter, keywords=keywords
	):
		if message:
			messages.append((message, context))
	messages.extend((message, None) for message in workflow_fixture_messages())
	messages.extend((message, None) for message in standard_record_names())
	return messages


def standard_record_names() -> list[str]:
	"""Names of the app's print formats, number cards and charts; the desk shows them translated."""
	import glob
	import json
	import os

	names = []
	for folder, key in (
		("print_format", "name"),
		("number_card", "label"),
		("dashboard_chart", "chart_name"),
	):
		pattern = os.path.join(frappe.get_app_path("vanhoa_congso"), "*", folder, "*", "*.json")
		for path in sorted(glob.glob(pattern)):
			with open(path, encoding="utf-8") as f:
				names.append(json.load(f)[key])
	return names


def workflow_fixture_messages() -> list[str]:
	"""Workflow states and actions shipped as fixtures; the desk shows them translated."""
	import json
	import os

	path = os.path.join(frappe.get_app_path("vanhoa_congso"), "fixtures", "workflow.json")
	with open(path, encoding="utf-8") as f:
		workflows = json.load(f)
	messages = []
	for workflow in workflows:
		messages.append(workflow["workflow_name"])
		messages.extend(state["state"] for state in workflow["states"])
		messages.extend(transition["action"] for transition in workflow["transitions"])
	return list(dict.fromkeys(messages))


def make_award(plan: str, issuing_unit: str, recipients: list[dict], **fields):
	"""A draft decision; recipients are dicts with subject_type, subject_unit/union_member, award_form.
	Without a decision_number, the register numbers it when it is issued."""
	rows = [
		{"achievement": "Hoàn thành xuất sắc nhiệm vụ", "entry_reason": "Đề nghị trực tiếp", **row}
		for row in recipients
	]
	return frappe.get_doc(
		{
			"doctype": "Emulation Award",
			"decision_number": fields.pop("decision_number", None),
			"issuing_unit": issuing_unit,
			"place": "Lai Châu",
			"decision_date": fields.pop("decision_date", "2025-08-20"),
			"plan": plan,
			"phase": fields.pop("phase", "Final Review"),
			"phase_year": fields.pop("phase_year", 2025),
			"decision_title": "Về việc khen thưởng thử",
			"recipients": rows,
			**fields,
		}
	).insert()


DEFAULT_QUOTAS = (
	{"subject_type": "Collective", "max_count": 3, "reserved_count": 1, "reserved_sector": "Giáo dục"},
)


def make_award_world(
	prefix: str = "AW", quota_lines: list[dict] | tuple = DEFAULT_QUOTAS, members: int = 0
) -> frappe._dict:
	"""A province with education and other grassroots unions, and an issued plan with the quota
	`quota_lines` of its award form (by default 3 collectives, 1 of them kept for education); with
	`members`, that many members spread over the other unions."""
	province = make_unit(units.PROVINCE, unit_code=f"{prefix}-P")
	district = make_unit(units.DISTRICT, province.name, unit_code=f"{prefix}-D")
	education = [
		make_unit(units.GRASSROOTS, district.name, unit_code=f"{prefix}-E{i}", sector="Giáo dục")
		for i in range(4)
	]
	others = [make_unit(units.GRASSROOTS, district.name, unit_code=f"{prefix}-O{i}") for i in range(4)]
	form = make_award_form(
		award_form_name=f"Bằng khen {prefix}",
		prize_basis="Base Salary Coefficient",
		collective_coefficient=2,
		individual_coefficient=1,
	)
	plan = make_plan(
		province.name,
		plan_number=f"{prefix}/KH-LĐLĐ",
		allow_early_decision=1,
		award_quotas=[{"award_form": form.name, **line} for line in quota_lines],
	)
	plan.submit()
	return frappe._dict(
		province=province.name,
		district=district.name,
		education=[u.name for u in education],
		others=[u.name for u in others],
		units=[u.name for u in (*education, *others)],
		members=[make_member(others[i % 4].name).name for i in range(members)],
		form=form.name,
		plan=plan.name,
	)


def collective(unit: str, award_form: str, **fields) -> dict:
	return {"subject_type": "Collective", "subject_unit": unit, "award_form": award_form, **fields}


# (table, field naming the doctype, field naming the document) of what frappe keeps about a document
TRACES = (
	("Comment", "reference_doctype", "reference_name"),
	("Version", "ref_doctype", "docname"),
	("Workflow Action", "reference_doctype", "reference_name"),
	("Notification Log", "document_type", "document_name"),
	("File", "attached_to_doctype", "attached_to_name"),
)
PLAN_DOCUMENTS = (
	("Emulation Evaluation", ("Emulation Evaluation Item", "Emulation Evaluation Attachment")),
	("Emulation Council Session", ("Emulation Council Session Member", "Emulation Council Written Vote")),
	(
		"Emulation Award",
		(
			"Emulation Award Recipient",
			"Emulation Award Total",
			"Emulation Plan Recipient",
			"Emulation Award Signed Copy",
		),
	),
	("Emulation Registration", ("Emulation Registration Target",)),
	("Emulation Cluster", ("Emulation Cluster Member",)),
	(
		"Emulation Nomination Batch",
		("Emulation Nomination Batch Item", "Emulation Evaluation Attachment", "Emulation Plan Recipient"),
	),
	(
		"Emulation Upward Proposal",
		("Emulation Upward Proposal Item", "Emulation Evaluation Attachment", "Emulation Plan Recipient"),
	),
	(
		"Emulation Review Report",
		(
			"Emulation Review Group Result",
			"Emulation Review Good Model",
			"Emulation Review Unit Figure",
			"Emulation Review Participant",
			"Emulation Review Award",
		),
	),
)


def delete_plan_with_documents(plan: str) -> None:
	"""Remove a plan, its evaluations, council sessions and decisions, their rows and what frappe keeps
	about them (timeline, versions, workflow actions, alerts, attached files), submitted or not."""
	for doctype, children in PLAN_DOCUMENTS:
		for chunk in chunks(frappe.get_all(doctype, filters={"plan": plan}, pluck="name"), 5000):
			for child in children:
				frappe.db.delete(child, {"parenttype": doctype, "parent": ("in", chunk)})
			for table, doctype_field, name_field in TRACES:
				frappe.db.delete(table, {doctype_field: doctype, name_field: ("in", chunk)})
			frappe.db.delete(doctype, {"name": ("in", chunk)})
	for child in (
		"Emulation Plan Quota",
		"Emulation Plan Milestone",
		"Emulation Plan Recipient",
		"Emulation Plan Section",
	):
		frappe.db.delete(child, {"parenttype": "Emulation Plan", "parent": plan})
	frappe.db.delete("Emulation Quota Counter", {"plan": plan})
	frappe.db.delete("Emulation Plan", {"name": plan})


def delete_counters(units: list[str]) -> None:
	"""Remove the register's counters of units a test is about to delete (they refer to the units)."""
	frappe.db.delete("Outgoing Document Counter", {"issuing_unit": ("in", list(units) or [""])})


def chunks(values: list, size: int):
	for start in range(0, len(values), size):
		yield values[start : start + size]


def make_criteria_set(prefix: str, subject_types=("Collective", "Individual")) -> str:
	"""A criteria set with two groups of one pass/fail item each, per subject type."""
	code = f"{prefix}-SET"
	frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": code, "set_name": f"Bộ {prefix}"}
	).insert()
	for subject_type in subject_types:
		for group in ("1", "2"):
			group_code = f"{subject_type[0]}{group}"
			parent = frappe.get_doc(
				{
					"doctype": "Emulation Criterion",
					"criteria_set": code,
					"subject_type": subject_type,
					"code": group_code,
					"criterion_text": f"Nhóm {group_code}",
					"is_group": 1,
				}
			).insert()
			frappe.get_doc(
				{
					"doctype": "Emulation Criterion",
					"criteria_set": code,
					"subject_type": subject_type,
					"code": f"{group_code}.1",
					"criterion_text": f"Tiêu chí {group_code}.1",
					"parent_emulation_criterion": parent.name,
					"assessment_type": "Pass/Fail",
				}
			).insert()
	return code


def make_campaign_world(prefix: str = "CW", **plan_fields) -> frappe._dict:
	"""A province with two districts of two grassroots unions each and a grassroots union directly under
	it, a member in each grassroots union, the province's Bằng khen, the district-level Giấy khen and
	the Confederation's Bằng khen, and an issued plan on a small criteria set."""
	province = make_unit(units.PROVINCE, unit_code=f"{prefix}-P")
	world = frappe._dict(province=province.name, districts=[], grassroots={}, members={})
	for d in ("A", "B"):
		district = make_unit(units.DISTRICT, province.name, unit_code=f"{prefix}-{d}").name
		world.districts.append(district)
		world.grassroots[district] = [
			make_unit(units.GRASSROOTS, district, unit_code=f"{district}-{i}").name for i in (1, 2)
		]
	world.direct = make_unit(units.GRASSROOTS, province.name, unit_code=f"{prefix}-D").name
	for unit in [u for rows in world.grassroots.values() for u in rows] + [world.direct]:
		world.members[unit] = make_member(unit, full_name=f"Đoàn viên {unit}", gender="Female").name
	world.merit = make_award_form(award_form_name=f"Bằng khen {prefix}", issuing_unit=province.name).name
	world.commendation = make_award_form(
		award_form_name=f"Giấy khen {prefix}",
		award_kind="Certificate of Commendation",
		issuing_level=units.DISTRICT,
		other_issuing_levels=[{"level": units.DISTRICT_EQUIVALENT}],
	).name
	world.confederation = make_award_form(
		award_form_name=f"Bằng khen TLĐ {prefix}", issuing_level="Vietnam General Confederation of Labour"
	).name
	plan = make_plan(
		province.name,
		plan_number=f"{prefix}/KH-LĐLĐ",
		criteria_set=make_criteria_set(prefix),
		allow_early_decision=1,
		**plan_fields,
	)
	plan.submit()
	world.plan = plan.name
	return world


def make_registration(plan: str, unit: str | None = None, member: str | None = None, **fields):
	"""A draft registration of a unit (or of a member) aiming at `targets` award forms."""
	targets = fields.pop("targets", [])
	return frappe.get_doc(
		{
			"doctype": "Emulation Registration",
			"plan": plan,
			"subject_type": "Individual" if member else "Collective",
			"subject_unit": unit,
			"union_member": member,
			"registered_on": fields.pop("registered_on", "2019-10-15"),
			"targets": [{"award_form": form} for form in targets],
			"commitment_file": fields.pop("commitment_file")
			if "commitment_file" in fields
			else own_file("cam-ket.pdf"),
			**fields,
		}
	).insert()


def act(doc, action: str, reason: str | None = None):
	"""Send, acknowledge or return a document sent up, as the session user (the endpoint's path)."""
	from vanhoa_congso.controllers.sent_up import act as sent_up_act

	sent_up_act(doc.doctype, doc.name, action, reason)
	return frappe.get_doc(doc.doctype, doc.name)


# Frappe's own records that belong with the app's data in a backup.
BACKED_UP_RECORDS = ("File", "User Permission", "Version", "Comment", "Workflow Action")


def site_digest() -> dict:
	"""A fingerprint of the site's app data: for every app table and frappe's records about it, a hash of
	all its rows; for every file on disk a File record points to, a hash of its bytes. Two sites with the
	same digest hold the same records and files (`bench --site S execute vanhoa_congso.testing.site_digest`)."""
	import hashlib

	from vanhoa_congso.permissions.registry import app_doctypes

	tables = {}
	for doctype in (*app_doctypes(), *BACKED_UP_RECORDS):
		if frappe.get_meta(doctype).issingle:
			rows = sorted(frappe.db.get_singles_dict(doctype, cast=False).items())
		else:
			table = frappe.qb.DocType(doctype)
			rows = frappe.qb.from_(table).select("*").orderby(table.name).run(as_dict=True)
		tables[doctype] = {
			"rows": len(rows),
			"sha256": hashlib.sha256(frappe.as_json(rows).encode()).hexdigest(),
		}
	files = {}
	for file in frappe.get_all(
		"File", filters={"is_folder": 0, "file_url": ("like", "%/files/%")}, fields=["name", "file_url"]
	):
		path = frappe.get_doc("File", file.name).get_full_path()
		if os.path.exists(path):
			with open(path, "rb") as f:
				files[file.file_url] = hashlib.sha256(f.read()).hexdigest()
	return {"tables": tables, "files": files}


@contextlib.contextmanager
def serving(command: Callable[[int], list[str]], log_name: str, bench: str) -> Iterator[str]:
	"""Run `command(port)`, a web server of the site, on a free loopback port, from the bench's sites
	folder; yield its base URL once it answers a ping, and stop it afterwards."""
	import requests

	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		port = probe.getsockname()[1]
	log = open(os.path.join(bench, "logs", log_name), "w")
	process = subprocess.Popen(
		command(port), cwd=os.path.join(bench, "sites"), stdout=log, stderr=subprocess.STDOUT
	)
	try:
		base_url = f"http://127.0.0.1:{port}"
		deadline = time.time() + 90
		while time.time() < deadline:
			try:
				if requests.get(f"{base_url}/api/method/ping", timeout=10).status_code == 200:
					break
			except requests.RequestException:
				time.sleep(0.5)
		else:
			raise RuntimeError(f"The test web server did not start; see {log.name}")
		yield base_url
	finally:
		process.terminate()
		process.wait(timeout=30)
		log.close()
