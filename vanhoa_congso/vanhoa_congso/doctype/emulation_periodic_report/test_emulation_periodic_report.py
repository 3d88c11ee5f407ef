import frappe
import pytest
from frappe.utils import nowdate

from vanhoa_congso.rules import reporting, units
from vanhoa_congso.rules.reporting import ReportingError
from vanhoa_congso.testing import make_plan, make_tree, make_unit


@pytest.fixture
def world():
	tree = make_tree()
	plan = make_plan(tree.province.name, report_six_monthly=0, report_yearly=1, report_grace_days=15)
	plan.submit()
	return frappe._dict(tree=tree, plan=plan.name)


def report(world, unit, period_type="Yearly", year=2024):
	return frappe.get_doc(
		{
			"doctype": "Emulation Periodic Report",
			"plan": world.plan,
			"reporting_unit": unit,
			"period_type": period_type,
			"period_year": year,
		}
	).insert()


def test_deadline_and_receiver_come_from_the_plan_and_the_tree(world):
	doc = report(world, world.tree.grassroots.name)
	assert str(doc.due_date) == "2025-01-15"
	assert doc.receiving_unit == world.tree.district.name
	doc.submit()
	assert doc.submission_status == "Late" and str(doc.submitted_on) == nowdate()
	assert reporting.submission_status("2025-01-15", "2025-01-15") == "On Time"


def test_period_outside_the_cadence_is_refused(world):
	before = frappe.db.count("Emulation Periodic Report")
	with pytest.raises(ReportingError, match="does not ask for"):
		report(world, world.tree.grassroots.name, "Six-Monthly")
	with pytest.raises(ReportingError, match="does not ask for"):
		report(world, world.tree.grassroots.name, year=2030)
	assert frappe.db.count("Emulation Periodic Report") == before


def test_one_report_per_unit_and_period(world):
	report(world, world.tree.district.name)
	with pytest.raises(ReportingError, match="already has report"):
		report(world, world.tree.district.name)


def test_unit_outside_the_plan_is_refused(world):
	stranger = make_unit(units.PROVINCE)
	with pytest.raises(ReportingError, match="does not report"):
		report(world, stranger.name)
	with pytest.raises(ReportingError, match="does not report"):
		report(world, world.tree.province.name)
