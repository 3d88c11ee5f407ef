# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class BaseSalaryRate(Document):
	def validate(self):
		if flt(self.amount) <= 0:
			frappe.throw(_("The base salary must be greater than 0."))
