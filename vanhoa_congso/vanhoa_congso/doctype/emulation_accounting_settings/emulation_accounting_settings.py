# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from vanhoa_congso.controllers.app_document import AppDocument


class EmulationAccountingSettings(AppDocument):
	def validate(self):
		# the accounts are ERPNext's; without it the table holds only units and there is nothing to check
		from vanhoa_congso.integrations import erpnext_installed

		if erpnext_installed():
			from vanhoa_congso.integrations.erpnext import accounts

			accounts.validate_mappings(self)
