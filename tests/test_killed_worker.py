"""Killed work (issue 11): a background import whose RQ worker is killed half-way leaves no rows, tells
its user that it failed and why, and succeeds when it is run again.

The test needs the job to be caught in the middle: it holds a row lock on the open draft of a unit
half-way down the workbook, so the worker writes the rows before it (uncommitted, as a second
connection reading uncommitted data sees) and then waits; only then is the worker killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import frappe
import psutil
import pymysql
import pytest

from vanhoa_congso import assessment_import
from vanhoa_congso.excel import workbook_bytes
from vanhoa_congso.rules import units
from vanhoa_congso.testing import (
	BENCH,
	RestClient,
	delete_counters,
	delete_plan_with_documents,
	make_criteria_set,
	make_plan,
	make_unit,
	make_user,
)

PREFIX = "KW"
ROWS = assessment_import.BACKGROUND_ROWS + 20
OFFICER, PASSWORD = "kw.officer@vhcs.test", "Vhcs-killed-2026!"
PHASE, YEAR = "Full Year", 2024
IMPORT = "/api/method/vanhoa_congso.assessment_import.import_assessments"
STATUS = "/api/method/vanhoa_congso.assessment_import.import_status"


def remove_world() -> None:
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for plan in frappe.get_all("Emulation Plan", filters={"plan_number": f"{PREFIX}/KH-LĐLĐ"}, pluck="name"):
		delete_plan_with_documents(plan)
	frappe.db.delete("Emulation Criterion", {"criteria_set": f"{PREFIX}-SET"})
	frappe.db.delete("Emulation Criteria Set", {"name": f"{PREFIX}-SET"})
	for file in frappe.get_all("File", filters={"owner": OFFICER}, pluck="name"):
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)
	if frappe.db.exists("User", OFFICER):
		frappe.delete_doc("User", OFFICER, force=True, ignore_permissions=True)
	frappe.db.delete("User Permission", {"user": OFFICER})
	codes = frappe.get_all("Emulation Unit", filters={"unit_code": ("like", f"{PREFIX}-%")}, pluck="name")
	delete_counters(codes)
	frappe.db.delete("Emulation Unit", {"name": ("in", codes or [""])})
	frappe.db.commit()


@pytest.fixture(scope="module")
def world(web_server):
	"""A district with more grassroots unions than an import runs inline, its officer, an issued plan
	and one open draft half-way down the workbook; committed for the web server and the worker."""
	remove_world()  # what a run killed before its teardown left behind
	province = make_unit(units.PROVINCE, unit_code=f"{PREFIX}-P").name
	district = make_unit(units.DISTRICT, province, unit_code=f"{PREFIX}-D").name
	for i in range(ROWS):
		make_unit(units.GRASSROOTS, district, unit_code=f"{PREFIX}-G{i:03d}")
	plan = make_plan(province, plan_number=f"{PREFIX}/KH-LĐLĐ", criteria_set=make_criteria_set(PREFIX))
	plan.submit()
	make_user(OFFICER, ["Grassroots Union Officer"], PASSWORD, [district])

	workbook = assessment_import.template(plan.name)
	sheet = workbook[assessment_import.SHEETS["Collective"]]
	subjects = [sheet.cell(row=line, column=1).value for line in range(3, sheet.max_row + 1)]
	assert len(subjects) == ROWS
	for line in range(3, sheet.max_row + 1):
		for column in range(3, sheet.max_column + 1):
			sheet.cell(row=line, column=column).value = "Đạt"
	held = subjects[ROWS // 2]
	draft = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": plan.name,
			"phase": PHASE,
			"phase_year": YEAR,
			"subject_type": "Collective",
			"subject_unit": held,
		}
	).insert()
	frappe.db.commit()
	yield frappe._dict(
		plan=plan.name,
		content=workbook_bytes(workbook),
		draft=draft.name,
		written_before_held=ROWS // 2,
		client=RestClient(web_server, OFFICER, PASSWORD),
	)
	remove_world()


def clear_orphaned_jobs() -> None:
	"""Take out of the long queue's registries the jobs of sites that no longer exist. A killed job stays
	"started" in RQ's registry; once a test site is dropped, the next worker's cleanup of that registry
	runs frappe's failure callback for it, which cannot find the site, and the worker quits."""
	from frappe.utils.background_jobs import get_queue
	from rq.job import Job
	from rq.registry import FailedJobRegistry, StartedJobRegistry

	queue = get_queue("long")
	sites = os.path.join(BENCH, "sites")
	for registry in (StartedJobRegistry(queue=queue), FailedJobRegistry(queue=queue)):
		for job_id in registry.get_job_ids():
			job = (
				Job.fetch(job_id, connection=queue.connection)
				if Job.exists(job_id, queue.connection)
				else None
			)
			site = (job.kwargs or {}).get("site") if job else None
			if job is None or not site or not os.path.isdir(os.path.join(sites, site)):
				registry.remove(job_id, delete_job=job is not None)


def forget(job_id: str) -> None:
	"""The test's own jobs leave RQ with the test, the killed one above all (see clear_orphaned_jobs)."""
	from frappe.utils.background_jobs import get_job

	job = get_job(job_id)
	if job:
		job.delete()


def start_worker() -> subprocess.Popen:
	"""An RQ worker of this bench for the long queue."""
	clear_orphaned_jobs()
	log = open(os.path.join(BENCH, "logs", "vhcs-test-worker.log"), "a")
	return subprocess.Popen(
		[os.path.join(BENCH, "env", "bin", "python"), "-m", "frappe.utils.bench_helper", "frappe"]
		+ ["worker", "--queue", "long"],
		cwd=os.path.join(BENCH, "sites"),
		stdout=log,
		stderr=subprocess.STDOUT,
	)


def kill(worker: subprocess.Popen) -> None:
	"""SIGKILL for the worker and the work horse it forked for the job (RQ gives the horse a session
	of its own), as the kernel's OOM killer or a lost machine would stop them: no handler runs."""
	try:
		processes = [psutil.Process(worker.pid), *psutil.Process(worker.pid).children(recursive=True)]
	except psutil.NoSuchProcess:
		processes = []
	for process in processes:
		try:
			process.send_signal(signal.SIGKILL)
		except psutil.NoSuchProcess:
			pass
	psutil.wait_procs(processes, timeout=30)
	worker.wait(timeout=30)


def uncommitted_evaluations(plan: str) -> int:
	"""Evaluations of the plan including those another transaction has written and not committed."""
	connection = pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1",
		port=int(frappe.conf.db_port or 3306),
		user=frappe.conf.db_name,
		password=frappe.conf.db_password,
		database=frappe.conf.db_name,
	)
	try:
		with connection.cursor() as cursor:
			cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")
			cursor.execute("SELECT COUNT(*) FROM `tabEmulation Evaluation` WHERE plan = %s", (plan,))
			return cursor.fetchone()[0]
	finally:
		connection.close()


def wait_for(condition, seconds: float, what: str):
	deadline = time.time() + seconds
	while time.time() < deadline:
		value = condition()
		if value:
			return value
		time.sleep(0.5)
	raise AssertionError(f"gave up waiting for {what}")


def start_import(world) -> str:
	client = world.client
	response = client.post(
		"/api/method/upload_file",
		files={"file": ("tu-danh-gia.xlsx", world.content)},
		data={"is_private": 1},
	)
	assert response.status_code == 200, response.text[:300]
	response = client.post(
		IMPORT,
		data={
			"plan": world.plan,
			"phase": PHASE,
			"phase_year": YEAR,
			"file_url": response.json()["message"]["file_url"],
		},
	)
	assert response.status_code == 200, response.text[:500]
	result = response.json()["message"]
	assert result.get("queued"), result
	return result["job"]


def status(world, job: str) -> dict:
	response = world.client.get(STATUS, params={"job": job})
	assert response.status_code == 200, response.text[:500]
	return response.json()["message"]


def test_an_import_whose_worker_is_killed_leaves_nothing_and_runs_again(world):
	# the test's transaction holds the draft half-way down the sheet: the job waits on it
	frappe.db.rollback()
	frappe.db.sql("SELECT name FROM `tabEmulation Evaluation` WHERE name = %s FOR UPDATE", world.draft)
	worker = start_worker()
	try:
		job = start_import(world)
		written = wait_for(
			lambda: uncommitted_evaluations(world.plan) > world.written_before_held,
			240,
			"the job to write the rows before the held draft",
		)
		assert written
		assert status(world, job)["status"] == "started"
		kill(worker)
		# the server rolls back the dead connection's transaction
		wait_for(lambda: uncommitted_evaluations(world.plan) == 1, 60, "the killed job's rows to go")
	finally:
		kill(worker)
		frappe.db.rollback()

	assert frappe.db.count("Emulation Evaluation", {"plan": world.plan}) == 1
	outcome = status(world, job)
	assert outcome["status"] == "failed", outcome
	assert outcome["imported"] == 0
	# the officer reads Vietnamese
	expected = frappe._(
		"The background worker stopped while importing (the server was restarted or ran out of memory).",
		lang="vi",
	)
	assert (
		expected
		!= "The background worker stopped while importing (the server was restarted or ran out of memory)."
	)
	assert outcome["reason"] == expected, outcome
	assert any(expected in error for error in outcome["errors"])
	forget(job)

	worker = start_worker()
	try:
		job = start_import(world)
		outcome = wait_for(
			lambda: (current := status(world, job))["status"] in ("finished", "failed") and current,
			300,
			"the second import to end",
		)
	finally:
		kill(worker)
		forget(job)
	assert outcome["status"] == "finished" and not outcome["errors"], outcome
	assert outcome["imported"] == ROWS
	frappe.db.rollback()
	assert frappe.db.count("Emulation Evaluation", {"plan": world.plan}) == ROWS
	assert not frappe.get_all(
		"Emulation Evaluation Item",
		filters={"parent": world.draft, "self_result": ("in", ("", None))},
		pluck="name",
	), "the held draft was assessed by the second run"
