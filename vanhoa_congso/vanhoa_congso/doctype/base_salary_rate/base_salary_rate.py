# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt

from vanhoa_congso.controllers.app_document import AppDocument


class BaseSalaryRate(AppDocument):
	def validate(self):
		if flt(self.amount) <= 0:
			frappe.throw(_("The base salary must be greater than 0."))
