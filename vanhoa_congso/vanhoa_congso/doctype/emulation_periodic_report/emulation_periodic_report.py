# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import cint, nowdate

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import reporting, units
from vanhoa_congso.rules.reporting import ReportingError


class EmulationPeriodicReport(AppDocument):
	def before_validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.due_date = reporting.due_date(plan, self.period_type, self.period_year)
		self.receiving_unit = units.get_parent_on(
			self.reporting_unit, reporting.period_end(self.period_type, self.period_year)
		)

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		if plan.docstatus != 1:
			frappe.throw(_("Plan {0} is not issued (submitted) yet.").format(plan.name), ReportingError)
		reporting.validate_period(plan, self.period_type, self.period_year)
		end = reporting.period_end(self.period_type, self.period_year)
		if self.reporting_unit not in reporting.reporting_units(plan, end):
			frappe.throw(
				_("Unit {0} does not report under plan {1} for this period.").format(
					self.reporting_unit, plan.name
				),
				ReportingError,
			)
		existing = frappe.db.exists(
			"Emulation Periodic Report",
			{
				"plan": self.plan,
				"reporting_unit": self.reporting_unit,
				"period_type": self.period_type,
				"period_year": cint(self.period_year),
				"docstatus": ("<", 2),
				"name": ("!=", self.name),
			},
		)
		if existing:
			frappe.throw(
				_("{0} already has report {1} for this period; open that one.").format(
					self.reporting_unit, existing
				),
				ReportingError,
			)

	def before_submit(self):
		self.submitted_on = nowdate()
		self.submission_status = reporting.submission_status(self.due_date, self.submitted_on)
