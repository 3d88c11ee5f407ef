"""Two decisions submitted at the same moment by two processes never exceed a quota together."""

import os
import subprocess
import tempfile
import textwrap
import time

import frappe
import pytest

from vanhoa_congso.testing import delete_counters, make_award_world

BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))

SUBMITTER = textwrap.dedent(
	"""
	import sys, time, os
	import frappe
	site, role, plan, province, form, units, flag = sys.argv[1:8]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from vanhoa_congso.rules.awards import QuotaExceededError
	from vanhoa_congso.testing import collective, make_award

	award = make_award(plan, province, [collective(u, form) for u in units.split(",")], decision_number=f"{role}/QĐ-RACE")
	frappe.db.commit()
	# both drafts exist before either submits; the second submits while the first holds its lock
	open(f"{flag}.{role}-ready", "w").close()
	wait_for = f"{flag}.second-ready" if role == "first" else flag
	while not os.path.exists(wait_for):
		time.sleep(0.05)
	started = time.monotonic()
	try:
		award.submit()
		if role == "first":
			open(flag, "w").close()  # holds the plan lock while the other process tries
			time.sleep(4)
		frappe.db.commit()
		print("ISSUED", round(time.monotonic() - started, 2))
	except QuotaExceededError:
		frappe.db.rollback()
		print("REFUSED", round(time.monotonic() - started, 2))
	frappe.destroy()
	"""
)


@pytest.fixture
def race_world():
	world = make_award_world("RC")
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	awards = frappe.get_all("Emulation Award", filters={"plan": world.plan}, pluck="name")
	frappe.db.delete("Emulation Award Recipient", {"parent": ("in", awards or [""])})
	frappe.db.delete("Emulation Award Total", {"parent": ("in", awards or [""])})
	frappe.db.delete("Emulation Award", {"plan": world.plan})
	frappe.db.delete("Emulation Plan Quota", {"parent": world.plan})
	frappe.db.delete("Emulation Quota Counter", {"plan": world.plan})
	frappe.db.delete("Emulation Plan", {"name": world.plan})
	frappe.db.delete("Award Form", {"name": world.form})
	delete_counters([world.province])
	for unit in [*world.education, *world.others, world.district, world.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_concurrent_decisions_cannot_exceed_a_quota_together(race_world):
	world = race_world
	flag = os.path.join(tempfile.mkdtemp(), "first-submitted")
	python = os.path.join(BENCH, "env", "bin", "python")

	def start(role, units):
		args = [frappe.local.site, role, world.plan, world.province, world.form, ",".join(units), flag]
		return subprocess.Popen(
			[python, "-c", SUBMITTER, *args],
			cwd=os.path.join(BENCH, "sites"),
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
			text=True,
		)

	# each decision fits the quota of 3 alone (2 awards); together they would make 4
	first = start("first", world.education[:2])
	second = start("second", world.education[2:4])
	# each process waits for a flag of the other's, so when one fails the other is stopped at once
	deadline = time.monotonic() + 120
	while time.monotonic() < deadline and None in (first.poll(), second.poll()):
		if first.poll() or second.poll():
			break
		time.sleep(0.1)
	for process in (first, second):
		if process.poll() is None:
			process.kill()
	out_first, err_first = first.communicate()
	out_second, err_second = second.communicate()
	assert first.returncode == 0, err_first[-2000:]
	assert second.returncode == 0, err_second[-2000:]

	first_result, _first_time = out_first.split()[-2:]
	second_result, second_time = out_second.split()[-2:]
	assert first_result == "ISSUED"
	assert second_result == "REFUSED"
	# the second process waited for the first one's lock instead of reading around it
	assert float(second_time) >= 2

	frappe.db.rollback()
	issued = frappe.db.count("Emulation Award", {"plan": world.plan, "docstatus": 1})
	assert issued == 1
	live = frappe.db.count(
		"Emulation Award Recipient",
		{
			"parent": (
				"in",
				frappe.get_all("Emulation Award", {"plan": world.plan, "docstatus": 1}, pluck="name"),
			)
		},
	)
	assert live == 2
