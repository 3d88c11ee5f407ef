# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _

from vanhoa_congso.controllers.app_document import AppDocument


class EmulationCouncilSession(AppDocument):
	def before_validate(self):
		self.present_count = len(self.members_present)

	def validate(self):
		if not self.members_present:
			frappe.throw(_("List the council members present at the session."))
		names = [row.member_name.strip() for row in self.members_present]
		if len(set(names)) != len(names):
			frappe.throw(_("A council member is listed twice among those present."))
