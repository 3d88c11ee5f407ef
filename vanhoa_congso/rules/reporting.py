"""Periodic reports upward: periods and deadlines from the plan's cadence, compliance, reminders."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, nowdate

from vanhoa_congso.rules import units

REPORT = "Emulation Periodic Report"
SIX_MONTHLY, YEARLY = "Six-Monthly", "Yearly"
ON_TIME, LATE, MISSING, NOT_DUE = "On Time", "Late", "Missing", "Not Due"


class ReportingError(frappe.ValidationError):
	pass


def period_end(period_type: str, year: int) -> datetime.date:
	return (
		datetime.date(cint(year), 6, 30) if period_type == SIX_MONTHLY else datetime.date(cint(year), 12, 31)
	)


def due_date(plan, period_type: str, year: int) -> datetime.date:
	return add_days(period_end(period_type, year), cint(plan.report_grace_days))


def periods(plan) -> list[tuple[str, int]]:
	"""Every (period type, year) the plan's cadence asks for, in order.

	Reporting starts with the plan: a period that ended on or before the issue date asks for nothing
	(plan 117, issued 13/9/2019, first asks for the 2019 yearly report)."""
	issued_on = getdate(plan.issue_date) if plan.issue_date else None
	result = []
	for year in range(cint(plan.period_from_year), cint(plan.period_to_year) + 1):
		for period_type, asked in ((SIX_MONTHLY, plan.report_six_monthly), (YEARLY, plan.report_yearly)):
			if asked and (not issued_on or period_end(period_type, year) > issued_on):
				result.append((period_type, year))
	return result


def validate_period(plan, period_type: str, year: int) -> None:
	if (period_type, cint(year)) not in periods(plan):
		frappe.throw(
			_("Plan {0} does not ask for a {1} report for {2}.").format(plan.name, _(period_type), year),
			ReportingError,
		)


def reporting_units(plan, on_date) -> list[str]:
	"""Units below the plan's issuing unit that exist on `on_date`; each reports to the level above."""
	unit = frappe.qb.DocType(units.UNIT)
	root = frappe.db.get_value(units.UNIT, plan.issuing_unit, ["lft", "rgt"], as_dict=True)
	if not root:
		return []
	rows = (
		frappe.qb.from_(unit)
		.select(unit.name, unit.valid_from, unit.valid_to)
		.where((unit.lft > root.lft) & (unit.rgt < root.rgt))
		.orderby(unit.lft)
		.run(as_dict=True)
	)
	return [row.name for row in rows if units.is_active_on(row.valid_from, row.valid_to, on_date)]


def submitted_reports(plan: str) -> dict[tuple[str, str, int], dict]:
	rows = frappe.get_all(
		REPORT,
		filters={"plan": plan, "docstatus": 1},
		fields=["reporting_unit", "period_type", "period_year", "submission_status", "submitted_on"],
	)
	return {(row.reporting_unit, row.period_type, cint(row.period_year)): row for row in rows}


def compliance_status(report: dict | None, due: datetime.date, today: datetime.date) -> str:
	if report:
		return report.submission_status or ON_TIME
	return MISSING if today > due else NOT_DUE


def submission_status(due: datetime.date, submitted_on) -> str:
	return ON_TIME if getdate(submitted_on) <= getdate(due) else LATE


def unit_users(unit: str) -> list[str]:
	"""Enabled users tied to exactly this unit by a User Permission."""
	permission = frappe.qb.DocType("User Permission")
	user = frappe.qb.DocType("User")
	return [
		row[0]
		for row in frappe.qb.from_(permission)
		.join(user)
		.on(user.name == permission.user)
		.select(permission.user)
		.distinct()
		.where((permission.allow == units.UNIT) & (permission.for_value == unit) & (user.enabled == 1))
		.run()
	]


def send_reminders(today=None) -> list[tuple[str, str, int, str]]:
	"""Daily job: remind units whose report falls due soon, and flag those past the deadline.

	Returns (unit, period type, year, "reminder" | "late") for every unit told today. Each unit is told
	once per period and kind, however often the job runs. A plan or a unit that fails (a broken plan, a
	unit without users' records) is logged and skipped; the others are still told.
	"""
	today = getdate(today or nowdate())
	flagged = []
	for name in frappe.get_all("Emulation Plan", filters={"docstatus": 1}, pluck="name"):
		isolated(lambda name=name: remind_plan(name, today, flagged), "Emulation Plan", name)
	return flagged


def remind_plan(name: str, today, flagged: list) -> None:
	plan = frappe.get_doc("Emulation Plan", name)
	done = submitted_reports(plan.name)
	for period_type, year in periods(plan):
		end = period_end(period_type, year)
		due = due_date(plan, period_type, year)
		if today < add_days(due, -cint(plan.reminder_days)) or today > add_days(due, 366):
			continue
		kind = "late" if today > due else "reminder"
		for unit in reporting_units(plan, end):
			if (unit, period_type, year) in done:
				continue

			def tell(unit=unit, period_type=period_type, year=year, due=due, kind=kind):
				if notify_unit(plan, unit, period_type, year, due, kind):
					flagged.append((unit, period_type, year, kind))

			isolated(tell, "Emulation Unit", unit)


def isolated(step, doctype: str, name: str) -> None:
	"""Run one step of the daily job on its own: what it wrote is kept or undone alone."""
	# steps nest (a plan, then each of its units), so each has a savepoint of its own
	savepoint = f"vhcs_reminder_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		step()
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(
			title=_("Report reminders: {0} {1} skipped").format(_(doctype), name),
			reference_doctype=doctype,
			reference_name=name,
		)
	else:
		frappe.db.release_savepoint(savepoint)


def notify_unit(plan, unit: str, period_type: str, year: int, due, kind: str) -> bool:
	if kind == "late":
		subject = _("Late: the {0} report {1} of {2} for plan {3} was due on {4}.")
	else:
		subject = _("Reminder: the {0} report {1} of {2} for plan {3} is due on {4}.")
	subject = subject.format(_(period_type), year, unit, plan.plan_number, frappe.format(due, "Date"))
	told = False
	for user in unit_users(unit):
		if frappe.db.exists("Notification Log", {"for_user": user, "subject": subject}):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Emulation Plan",
				"document_name": plan.name,
				"subject": subject,
			}
		).insert(ignore_permissions=True)
		told = True
	return told
