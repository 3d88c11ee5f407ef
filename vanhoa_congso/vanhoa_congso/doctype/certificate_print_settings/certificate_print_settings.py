# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt

from vanhoa_congso.controllers.app_document import AppDocument

# Beyond this the text would leave an A4 sheet.
MAX_OFFSET_MM = 50


class CertificatePrintSettings(AppDocument):
	def validate(self):
		for field in ("offset_top_mm", "offset_left_mm"):
			if abs(flt(self.get(field))) > MAX_OFFSET_MM:
				frappe.throw(
					_("{0} of {1} mm would move the text off the sheet; keep it within {2} mm.").format(
						_(self.meta.get_label(field)), self.get(field), MAX_OFFSET_MM
					)
				)
