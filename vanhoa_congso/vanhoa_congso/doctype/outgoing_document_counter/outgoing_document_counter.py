# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import register


class OutgoingDocumentCounter(AppDocument):
	def validate(self):
		register.validate_counter(self)
