"""Quota counters: issuing, revoking and cancelling keep them equal to the awards; quota lines count per
year, per review or per campaign; twenty decisions submitted at once over HTTP, to a multi-worker
server, never exceed a quota."""

import json
import os
import tempfile
import textwrap
import threading
import time

import frappe
import pytest

from vanhoa_congso.rules import quotas, units
from vanhoa_congso.rules.awards import QuotaExceededError
from vanhoa_congso.testing import (
	RestClient,
	collective,
	delete_counters,
	make_award,
	make_award_form,
	make_award_world,
	make_member,
	make_plan,
	make_unit,
	make_user,
	serving,
)

BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))
MAXIMUM = "{0} for {1}: {2} awards would exceed the plan's maximum of {3} ({4} already issued)."


def issue(world, unit_names, **fields):
	award = make_award(world.plan, world.province, [collective(u, world.form) for u in unit_names], **fields)
	award.submit()
	return award


def counted(world, scope=quotas.CAMPAIGN, year=0, sector=""):
	key = quotas.Key(world.form, "Collective", scope, year, sector, 0 if sector else 1)
	return quotas.stored(world.plan).get(key, 0)


def test_counters_follow_issue_revoke_cancel_and_amend():
	world = make_award_world("QC", [{"subject_type": "Collective", "max_count": 5}])
	first = issue(world, world.education[:2], phase="Full Year", phase_year=2023)
	second = issue(world, world.others[:2], phase="Final Review", phase_year=2025)
	assert counted(world) == 4
	assert counted(world, quotas.YEAR, 2023) == 2
	assert counted(world, quotas.YEAR, 2025) == 2
	assert counted(world, quotas.FINAL) == 2
	assert counted(world, quotas.CAMPAIGN, sector="Giáo dục") == 2
	assert quotas.check_counters(world.plan) == {}

	from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import revoke_recipient

	revoke_recipient(first.name, first.recipients[0].name, "Vi phạm kỷ luật")
	assert counted(world) == 3
	assert counted(world, quotas.YEAR, 2023) == 1
	assert counted(world, quotas.CAMPAIGN, sector="Giáo dục") == 1
	assert quotas.check_counters(world.plan) == {}

	second.reload()
	second.cancel()
	assert counted(world) == 1
	assert counted(world, quotas.FINAL) == 0
	assert quotas.check_counters(world.plan) == {}

	amended = frappe.copy_doc(second)
	amended.amended_from = second.name
	amended.docstatus = 0
	amended.decision_number = None
	amended.insert()
	amended.submit()
	assert counted(world) == 3
	assert counted(world, quotas.FINAL) == 2
	assert quotas.check_counters(world.plan) == {}


def test_the_check_reports_drift_and_repairs_it():
	world = make_award_world("QD", [{"subject_type": "Collective", "max_count": 5}])
	issue(world, world.education[:3])
	name = quotas.counter_name(world.plan, quotas.Key(world.form, "Collective", quotas.CAMPAIGN, 0, "", 1))
	frappe.db.set_value(quotas.COUNTER, name, "issued_count", 7, update_modified=False)
	frappe.db.delete(quotas.COUNTER, {"plan": world.plan, "quota_scope": quotas.YEAR, "all_sectors": 0})
	report = quotas.check_counters(world.plan)
	drifted = {(row["key"]["quota_scope"], row["key"]["all_sectors"]): row for row in report[world.plan]}
	assert drifted[(quotas.CAMPAIGN, 1)]["stored"] == 7
	assert drifted[(quotas.CAMPAIGN, 1)]["counted"] == 3
	assert drifted[(quotas.YEAR, 0)]["stored"] == 0
	assert drifted[(quotas.YEAR, 0)]["counted"] == 3
	assert quotas.check_counters(world.plan, repair=1)
	assert quotas.check_counters(world.plan) == {}
	assert counted(world) == 3
	# the repaired counters are the ones the quota check reads
	with pytest.raises(QuotaExceededError, match="maximum of 5"):
		issue(world, world.others[:3])


def test_a_quota_counted_per_year_starts_again_each_year():
	world = make_award_world("QY", [{"subject_type": "Collective", "max_count": 3}])
	issue(world, world.units[:3], phase="Full Year", phase_year=2023)
	issue(world, world.units[3:6], phase="Full Year", phase_year=2024)
	with pytest.raises(QuotaExceededError, match=r"maximum of 3 \(3 already issued\)"):
		issue(world, world.units[6:7], phase="First Half-Year", phase_year=2024)


def test_a_quota_for_the_whole_campaign_counts_every_year():
	world = make_award_world(
		"QW", [{"subject_type": "Collective", "max_count": 3, "quota_scope": quotas.CAMPAIGN}]
	)
	issue(world, world.units[:2], phase="Full Year", phase_year=2023)
	with pytest.raises(QuotaExceededError, match=r"maximum of 3 \(2 already issued\)"):
		issue(world, world.units[2:4], phase="Full Year", phase_year=2024)


def test_a_quota_of_the_final_review_limits_only_that_review():
	world = make_award_world(
		"QF", [{"subject_type": "Collective", "max_count": 2, "quota_scope": quotas.FINAL}]
	)
	# a yearly decision of the review's year is not limited by the review's quota
	issue(world, world.units[:3], phase="Full Year", phase_year=2025)
	issue(world, world.units[3:5], phase="Final Review", phase_year=2025)
	with pytest.raises(QuotaExceededError, match=r"maximum of 2 \(2 already issued\)"):
		issue(world, world.units[5:6], phase="Final Review", phase_year=2025)


def test_a_form_may_be_limited_per_year_and_for_the_campaign_together():
	world = make_award_world(
		"QB",
		[
			{"subject_type": "Collective", "max_count": 2},
			{"subject_type": "Collective", "max_count": 3, "quota_scope": quotas.CAMPAIGN},
		],
	)
	issue(world, world.units[:2], phase="Full Year", phase_year=2023)
	with pytest.raises(QuotaExceededError, match="maximum of 2"):
		issue(world, world.units[2:5], phase="Full Year", phase_year=2024)
	with pytest.raises(QuotaExceededError, match="maximum of 3"):
		issue(world, world.units[2:4], phase="Full Year", phase_year=2024)
	issue(world, world.units[2:3], phase="Full Year", phase_year=2024)


def test_the_quota_usage_report_counts_each_line_in_its_period():
	from vanhoa_congso.vanhoa_congso.report.award_quota_usage import award_quota_usage

	world = make_award_world(
		"QR",
		[
			{"subject_type": "Collective", "max_count": 4},
			{"subject_type": "Collective", "max_count": 6, "quota_scope": quotas.CAMPAIGN},
		],
	)
	issue(world, world.units[:3], phase="Full Year", phase_year=2023)
	issue(world, world.units[3:4], phase="Full Year", phase_year=2024)
	_columns, rows, *_ = award_quota_usage.execute({"plan": world.plan})
	assert [(r["period_year"], r["issued"], r["remaining"]) for r in rows] == [(2024, 1, 3), (None, 4, 2)]
	_columns, rows, *_ = award_quota_usage.execute({"plan": world.plan, "phase_year": 2023})
	assert [(r["period_year"], r["issued"]) for r in rows] == [(2023, 3), (None, 4)]


# --- twenty decisions at once over HTTP

WSGI = textwrap.dedent(
	"""
	import frappe.app

	frappe.app._site = {site!r}
	application = frappe.app.application
	"""
)


@pytest.fixture(scope="module")
def gunicorn_server():
	"""The site served as production serves it: gunicorn with several worker processes, each with its
	own database connection, so that submits really run at the same time."""
	folder = tempfile.mkdtemp()
	with open(os.path.join(folder, "vhcs_test_wsgi.py"), "w") as f:
		f.write(WSGI.format(site=frappe.local.site))
	gunicorn = os.path.join(BENCH, "env", "bin", "gunicorn")

	def command(port: int) -> list[str]:
		return [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "4", "--timeout", "120"] + [
			"--pythonpath",
			folder,
			"vhcs_test_wsgi:application",
		]

	with serving(command, "vhcs-test-gunicorn.log", BENCH) as base_url:
		yield base_url


@pytest.fixture
def http_world():
	world = make_award_world("QH", [{"subject_type": "Collective", "max_count": 5}])
	managers = [
		make_user(f"qh-manager-{i}@vhcs.test", ["Emulation Manager"], "Qh-Pass-2026!", [world.province]).name
		for i in range(20)
	]
	units_list = [
		make_unit(units.GRASSROOTS, world.district, unit_code=f"QH-G{i:02d}").name for i in range(20)
	]
	drafts = [
		make_award(
			world.plan, world.province, [collective(unit, world.form)], decision_number=f"{i + 1}/QĐ-QH"
		).name
		for i, unit in enumerate(units_list)
	]
	frappe.db.commit()
	yield frappe._dict(world, managers=managers, drafts=drafts, grassroots=units_list)
	frappe.db.rollback()
	awards = frappe.get_all("Emulation Award", filters={"plan": world.plan}, pluck="name")
	for doctype in ("Emulation Award Recipient", "Emulation Award Total"):
		frappe.db.delete(doctype, {"parent": ("in", awards or [""])})
	for table, field in (("Version", "docname"), ("Comment", "reference_name")):
		frappe.db.delete(table, {field: ("in", awards or [""])})
	frappe.db.delete("Emulation Award", {"plan": world.plan})
	frappe.db.delete(quotas.COUNTER, {"plan": world.plan})
	frappe.db.delete("Emulation Plan Quota", {"parent": world.plan})
	frappe.db.delete("Emulation Plan Milestone", {"parent": world.plan})
	frappe.db.delete("Emulation Plan", {"name": world.plan})
	frappe.db.delete("Award Form", {"name": world.form})
	for user in managers:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	delete_counters([world.province])
	for unit in [*units_list, *world.units, world.district, world.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_twenty_concurrent_decision_submits_over_http_never_exceed_a_quota(gunicorn_server, http_world):
	world = http_world
	clients = [RestClient(gunicorn_server, user, "Qh-Pass-2026!") for user in world.managers]
	documents = []
	for client, name in zip(clients, world.drafts, strict=True):
		response = client.get(f"/api/resource/Emulation Award/{name}")
		assert response.status_code == 200, response.text[:300]
		documents.append(response.json()["data"])

	start = threading.Barrier(len(clients))
	results: list = [None] * len(clients)

	def submit(index):
		start.wait()
		results[index] = clients[index].post(
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(documents[index]), "action": "Submit"},
		)

	threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(clients))]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=300)

	issued = [r for r in results if r is not None and r.status_code == 200]
	refused = [r for r in results if r is not None and r.status_code != 200]
	assert len(issued) + len(refused) == 20
	assert len(issued) == 5, [r.text[:300] for r in refused if "QuotaExceededError" not in r.text]
	vietnamese = frappe._(MAXIMUM, lang="vi").split("{2}")[1].split("{3}")[0].strip()
	assert vietnamese and vietnamese != "awards would exceed the plan's maximum of"
	for response in refused:
		body = response.json()
		assert body.get("exc_type") == "QuotaExceededError", response.text[:500]
		messages = " ".join(json.loads(m).get("message", "") for m in json.loads(body["_server_messages"]))
		assert vietnamese in messages, messages

	frappe.db.rollback()
	assert frappe.db.count("Emulation Award", {"plan": world.plan, "docstatus": 1}) == 5
	assert counted(world) == 5
	assert quotas.check_counters(world.plan) == {}


@pytest.mark.parametrize("on_date", ["2022-12-31", "2025-06-30", "2025-08-20"])
def test_the_decisions_branch_check_agrees_with_the_whole_tree(demo_data, on_date):
	"""A decision checks its recipients' units against the tree by their branches only; the answer is
	the one the whole tree of that date gives, before and after the 2025 reorganisation."""
	every_unit = frappe.get_all("Emulation Unit", pluck="name")
	issuers = frappe.get_all("Emulation Unit", filters={"level": ("!=", units.GRASSROOTS)}, pluck="name")
	assert len(issuers) > 3
	for issuer in issuers:
		assert units.under_on(every_unit, issuer, on_date) == set(units.descendants_on(issuer, on_date)), (
			issuer
		)
