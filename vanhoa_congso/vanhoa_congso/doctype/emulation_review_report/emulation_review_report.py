# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe

from vanhoa_congso.controllers.sent_up import SentUpDocument
from vanhoa_congso.rules import reviews, sending

OFFICER, REVIEWER, MANAGER = "Grassroots Union Officer", "Upper-Level Reviewer", "Emulation Manager"


class EmulationReviewReport(SentUpDocument):
	# each level writes its own sơ kết / tổng kết report and sends it to the level above
	SPEC = sending.Spec(
		unit_field="reporting_unit",
		sender_roles=(OFFICER, REVIEWER, MANAGER),
		receiver_roles=(REVIEWER, MANAGER),
	)

	def before_validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.review_date = reviews.review_date(plan, self.review_type, self.review_year)
		if (self.status or sending.DRAFT) in sending.OPEN:
			reviews.compute(self, plan)
			reviews.fill_awards_presented(self)
		self.apply_sent_up_action()

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.validate_sent_up_rights()
		reviews.validate_review_phase(plan, self.review_type, self.review_year, reviews.ReviewReportError)
		reviews.validate_reporting_unit(plan, self.reporting_unit, self.review_date)
		reviews.validate_unique(self)
		reviews.validate_good_models(self)
		reviews.validate_awards_presented(self)

	def on_update(self):
		self.record_sent_up_action()

	def set_receiving_unit(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.receiving_unit = reviews.receiving_unit(plan, self.reporting_unit, self.review_date)

	def validate_ready_to_send(self):
		reviews.validate_ready_to_send(self)
