"""The register of outgoing documents: a yearly sequence per unit and document type, given on issue,
never given twice, kept by concurrent issuers; the register report; signed copies of decisions."""

import os
import subprocess
import tempfile
import textwrap
import time

import frappe
import pytest

from vanhoa_congso.rules import register
from vanhoa_congso.rules.register import DuplicateNumberError, RegisterError
from vanhoa_congso.testing import (
	collective,
	count,
	delete_counters,
	make_award,
	make_award_world,
	make_plan,
	make_user,
)
from vanhoa_congso.vanhoa_congso.report.outgoing_document_register import outgoing_document_register

BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))


@pytest.fixture
def world():
	return make_award_world("RG")


def issue(world, unit_index=0, **fields):
	award = make_award(
		world.plan, world.province, [collective(world.others[unit_index], world.form)], **fields
	)
	award.submit()
	return award


def counter(world, document_type=register.DECISION, year=2025):
	return frappe.db.get_value(
		register.COUNTER, register.counter_name(world.province, document_type, year), "last_number"
	)


def test_two_decisions_of_one_issuer_are_numbered_in_sequence(world):
	first, second = issue(world, 0), issue(world, 1)
	assert (first.decision_number, second.decision_number) == ("01/QĐ-LĐLĐ", "02/QĐ-LĐLĐ")
	assert (first.register_year, first.register_sequence, second.register_sequence) == (2025, 1, 2)
	assert counter(world) == 2


def test_a_draft_has_no_number_until_it_is_issued(world):
	draft = make_award(world.plan, world.province, [collective(world.others[0], world.form)])
	assert not draft.decision_number and not draft.register_sequence


def test_the_sequence_is_per_year_and_per_document_type(world):
	issue(world, 0)
	next_year = issue(world, 1, decision_date="2026-01-05", phase="Full Year", phase_year=2025)
	assert next_year.decision_number == "01/QĐ-LĐLĐ"
	plan = make_plan(world.province, issue_date="2025-03-01")
	plan.submit()
	assert plan.plan_number == "01/KH-LĐLĐ"


def test_a_counter_set_by_the_unit_gives_the_next_number(world):
	frappe.get_doc(
		{
			"doctype": register.COUNTER,
			"issuing_unit": world.province,
			"document_type": register.DECISION,
			"register_year": 2025,
			"last_number": 4,
		}
	).insert()
	assert issue(world).decision_number == "05/QĐ-LĐLĐ"


def test_the_unit_symbol_comes_from_the_unit(world):
	frappe.db.set_value("Emulation Unit", world.province, "document_symbol", "BTV")
	assert issue(world).decision_number == "01/QĐ-BTV"


def test_a_cancelled_decision_keeps_its_number_and_its_amendment_takes_a_new_one(world):
	first = issue(world)
	first.cancel()
	# as the desk's Amend does: fields marked no_copy are left behind
	amended = frappe.copy_doc(first, ignore_no_copy=False)
	amended.docstatus = 0
	amended.amended_from = first.name
	amended.insert()
	assert not amended.decision_number
	amended.submit()
	assert amended.decision_number == "02/QĐ-LĐLĐ"
	assert frappe.db.get_value("Emulation Award", first.name, "decision_number") == "01/QĐ-LĐLĐ"


def test_a_duplicate_number_is_refused_and_nothing_is_issued(world):
	issue(world)
	# someone lowered the counter behind the register's back
	frappe.db.set_value(
		register.COUNTER, register.counter_name(world.province, register.DECISION, 2025), "last_number", 0
	)
	draft = make_award(world.plan, world.province, [collective(world.others[1], world.form)])
	with pytest.raises(DuplicateNumberError, match="already in the register"):
		draft.submit()
	assert frappe.db.get_value("Emulation Award", draft.name, ["docstatus", "decision_number"]) == (0, None)
	assert count("Emulation Award", {"plan": world.plan, "docstatus": 1}) == 1


def test_a_typed_number_is_recorded_and_the_register_moves_past_it(world):
	typed = issue(world, 0, decision_number="07/QĐ-LĐLĐ")
	assert (typed.decision_number, typed.register_sequence) == ("07/QĐ-LĐLĐ", 7)
	assert issue(world, 1).decision_number == "08/QĐ-LĐLĐ"


def test_a_typed_number_already_given_is_refused(world):
	issue(world, 0)
	draft = make_award(
		world.plan, world.province, [collective(world.others[1], world.form)], decision_number="01/QĐ-LĐLĐ"
	)
	with pytest.raises(DuplicateNumberError, match="Clear the number"):
		draft.submit()
	assert frappe.db.get_value("Emulation Award", draft.name, "docstatus") == 0


def test_the_counter_cannot_go_below_a_number_given(world):
	issue(world, 0)
	issue(world, 1)
	doc = frappe.get_doc(register.COUNTER, register.counter_name(world.province, register.DECISION, 2025))
	doc.last_number = 1
	with pytest.raises(DuplicateNumberError, match="cannot go below"):
		doc.save()
	assert counter(world) == 2


def test_plans_take_their_numbers_from_the_register(world):
	numbered = []
	for issue_date in ("2019-11-01", "2019-12-01"):
		plan = make_plan(world.province, issue_date=issue_date)
		plan.submit()
		numbered.append(plan.plan_number)
	# the world's own plan was typed as RG/KH-LĐLĐ, which holds no place in the sequence
	assert numbered == ["01/KH-LĐLĐ", "02/KH-LĐLĐ"]


def test_certificates_are_numbered_in_their_own_register(world):
	award = make_award(
		world.plan, world.province, [collective(unit, world.form) for unit in world.others[:2]]
	)
	award.submit()
	assert [row.certificate_number for row in award.recipients] == ["01/BK", "02/BK"]
	third = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	third.submit()
	assert third.recipients[0].certificate_number == "03/BK"


def test_the_register_report_lists_issued_and_cancelled_documents_in_order(world):
	first = issue(world, 0)
	issue(world, 1)
	first.cancel()
	_columns, rows = outgoing_document_register.execute({"unit": world.province, "year": 2025})
	assert [row["number"] for row in rows] == ["01/QĐ-LĐLĐ", "02/QĐ-LĐLĐ"]
	assert rows[0]["note"] == "Cancelled" and rows[1]["note"] == ""
	assert rows[1]["summary"].startswith("Quyết định Về việc khen thưởng thử")
	_columns, plans = outgoing_document_register.execute(
		{"unit": world.province, "year": 2019, "document_type": register.PLAN}
	)
	assert [row["number"] for row in plans] == ["RG/KH-LĐLĐ"]


def test_the_register_report_shows_a_user_only_their_units(world):
	issue(world)
	other = make_award_world("RH")
	issue(other)
	user = make_user(
		"register.reader@vhcs.test", ["Emulation Manager"], "Vhcs-register-2026!", [other.province]
	)
	frappe.set_user(user.name)
	_columns, rows = outgoing_document_register.execute({"year": 2025})
	assert {row["issuing_unit"] for row in rows} == {other.province}


# --- signed copies


def attach(award, file_name, content=b"%PDF-1.4 signed decision"):
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": "Emulation Award",
			"attached_to_name": award.name,
			"is_private": 1,
			"content": content,
		}
	).insert()


def test_a_signed_pdf_can_be_filed_after_issue(world):
	award = issue(world)
	file = attach(award, "quyet-dinh-da-ky.pdf")
	award.append("signed_copies", {"file": file.file_url, "copy_kind": "Scanned Signed Copy"})
	award.save()
	assert frappe.db.count("Emulation Award Signed Copy", {"parent": award.name}) == 1


def test_a_signed_copy_must_be_a_pdf_attached_to_the_decision(world):
	award = issue(world)
	not_pdf = attach(award, "quyet-dinh.docx", b"not a pdf")
	award.append("signed_copies", {"file": not_pdf.file_url, "copy_kind": "Scanned Signed Copy"})
	with pytest.raises(RegisterError, match="not a PDF"):
		award.save()
	other = issue(world, 1)
	elsewhere = attach(other, "quyet-dinh-khac.pdf", b"%PDF-1.4 another decision")
	award.reload()
	award.append("signed_copies", {"file": elsewhere.file_url, "copy_kind": "Digitally Signed PDF"})
	with pytest.raises(RegisterError, match="not attached to it"):
		award.save()
	assert frappe.db.count("Emulation Award Signed Copy", {"parent": award.name}) == 0


# --- two issuers at the same moment

SUBMITTER = textwrap.dedent(
	"""
	import sys, time, os
	import frappe
	site, role, plan, province, form, unit, flag, others = sys.argv[1:9]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from vanhoa_congso.testing import collective, make_award

	award = make_award(plan, province, [collective(unit, form)])
	frappe.db.commit()
	open(f"{flag}.{role}-ready", "w").close()
	waits_for = [f"{flag}.{other}-ready" for other in others.split(",")] if role == "first" else [flag]
	while not all(os.path.exists(path) for path in waits_for):
		time.sleep(0.05)
	started = time.monotonic()
	award.submit()
	if role == "first":
		open(flag, "w").close()  # holds the register's counter while the other process issues
		time.sleep(4)
	frappe.db.commit()
	print(award.decision_number, round(time.monotonic() - started, 2))
	frappe.destroy()
	"""
)


@pytest.fixture
def three_plans():
	"""One province with three issued plans: decisions on different plans do not wait for each other's
	plan, only for the register."""
	world = make_award_world("RR")
	others = []
	for _i in range(2):
		other = make_plan(world.province, allow_early_decision=1)
		other.submit()
		others.append(other.name)
	frappe.db.commit()
	yield world, others
	frappe.db.rollback()
	plans = [world.plan, *others]
	awards = frappe.get_all("Emulation Award", filters={"plan": ("in", plans)}, pluck="name") or [""]
	for child in ("Emulation Award Recipient", "Emulation Award Total", "Emulation Plan Recipient"):
		frappe.db.delete(child, {"parent": ("in", awards)})
	frappe.db.delete("Emulation Award", {"plan": ("in", plans)})
	frappe.db.delete("Emulation Quota Counter", {"plan": ("in", plans)})
	frappe.db.delete("Emulation Plan Quota", {"parent": ("in", plans)})
	frappe.db.delete("Emulation Plan", {"name": ("in", plans)})
	frappe.db.delete("Award Form", {"name": world.form})
	delete_counters([world.province])
	for unit in [*world.education, *world.others, world.district, world.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_concurrent_issuers_take_different_numbers(three_plans):
	"""The first issuer of the year creates the register's counter and holds it; two more wait for it.
	When it commits, both find the counter and take the next numbers in turn (with a get, an insert and
	a locking read, the two held shared locks on the new row and one died in a deadlock)."""
	world, other_plans = three_plans
	flag = os.path.join(tempfile.mkdtemp(), "first-issued")
	python = os.path.join(BENCH, "env", "bin", "python")
	roles = {"first": world.plan, "second": other_plans[0], "third": other_plans[1]}

	def start(role, plan, unit):
		args = [frappe.local.site, role, plan, world.province, world.form, unit, flag, "second,third"]
		return subprocess.Popen(
			[python, "-c", SUBMITTER, *args],
			cwd=os.path.join(BENCH, "sites"),
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
			text=True,
		)

	processes = {role: start(role, plan, world.others[i]) for i, (role, plan) in enumerate(roles.items())}
	deadline = time.monotonic() + 120
	while time.monotonic() < deadline and any(p.poll() is None for p in processes.values()):
		if any(p.poll() for p in processes.values()):
			break
		time.sleep(0.1)
	outputs, failed = {}, {}
	for role, process in processes.items():
		if process.poll() is None:
			process.kill()
		out, err = process.communicate()
		outputs[role] = out.split()[-2:]
		if process.returncode:
			failed[role] = (process.returncode, err[-1500:])
	assert not failed, failed
	assert outputs["first"][0] == "01/QĐ-LĐLĐ"
	assert sorted([outputs["second"][0], outputs["third"][0]]) == ["02/QĐ-LĐLĐ", "03/QĐ-LĐLĐ"]
	# the others waited for the counter the first one held
	assert min(float(outputs["second"][1]), float(outputs["third"][1])) >= 2
