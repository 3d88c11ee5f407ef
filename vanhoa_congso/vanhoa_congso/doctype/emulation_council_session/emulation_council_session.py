# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import council


class EmulationCouncilSession(AppDocument):
	def before_validate(self):
		quorum = frappe.db.get_value("Emulation Plan", self.plan, "council_quorum") if self.plan else None
		council.count_session(self, quorum)

	def validate(self):
		council.validate_session(self)
