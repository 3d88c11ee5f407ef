# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe

from vanhoa_congso.controllers.sent_up import SentUpDocument
from vanhoa_congso.rules import registration, sending

OFFICER, REVIEWER, MANAGER = "Grassroots Union Officer", "Upper-Level Reviewer", "Emulation Manager"


class EmulationRegistration(SentUpDocument):
	# a grassroots union registers through its officer, a district through its own people; the level
	# above acknowledges (the district's reviewers, the province's grassroots affairs department)
	SPEC = sending.Spec(
		unit_field="emulation_unit",
		sender_roles=(OFFICER, REVIEWER, MANAGER),
		receiver_roles=(REVIEWER, MANAGER),
	)

	def before_validate(self):
		if self.subject_type == registration.COLLECTIVE:
			self.union_member = None
		else:
			self.subject_unit = None
		self.subject_name, self.emulation_unit = registration.subject_details(
			self.subject_type, self.subject_unit, self.union_member
		)
		self.apply_sent_up_action()

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.validate_sent_up_rights()
		registration.validate_plan(plan)
		registration.validate_subject(
			plan, self.subject_type, self.emulation_unit, self.union_member, self.registered_on
		)
		registration.validate_targets(self.targets, self.subject_type)
		registration.validate_unique(
			self.plan,
			self.subject_type,
			self.subject_unit or self.union_member,
			None if self.is_new() else self.name,
		)

	def on_update(self):
		self.record_sent_up_action()

	def set_receiving_unit(self):
		self.receiving_unit = registration.receiving_unit(self.emulation_unit, self.registered_on)

	def validate_ready_to_send(self):
		registration.validate_ready_to_send(self)


def on_doctype_update():
	# who has registered for a plan: the status report and the check before evaluating
	frappe.db.add_index("Emulation Registration", ["plan", "subject_unit"])
	frappe.db.add_index("Emulation Registration", ["plan", "union_member"])
