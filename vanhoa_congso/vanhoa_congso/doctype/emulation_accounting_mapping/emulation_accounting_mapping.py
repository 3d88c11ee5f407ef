# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from vanhoa_congso.controllers.app_document import AppChildDocument


class EmulationAccountingMapping(AppChildDocument):
	pass
