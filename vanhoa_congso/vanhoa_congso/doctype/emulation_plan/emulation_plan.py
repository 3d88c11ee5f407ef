# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt


import frappe

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import plans, register


class EmulationPlan(AppDocument):
	def before_validate(self):
		self.plan_number = register.normalise(self.plan_number)
		register.clear_unissued(self)

	def validate(self):
		plans.validate_period(self.period_from_year, self.period_to_year)
		plans.validate_unique_number(
			self.plan_number, self.issuing_unit, self.issue_date, None if self.is_new() else self.name
		)
		plans.validate_parent_plan(self.parent_plan, self.issuing_unit, self.issue_date, self.name)
		plans.validate_quotas(self.award_quotas)
		plans.validate_milestones(self.milestones, self.period_from_year, self.period_to_year)
		plans.validate_sections(self.sections)

	def before_submit(self):
		register.register(self)


def on_doctype_update():
	# the register's locking lookup of a number reads only the unit's documents of that number
	frappe.db.add_index("Emulation Plan", ["issuing_unit", "plan_number"])
