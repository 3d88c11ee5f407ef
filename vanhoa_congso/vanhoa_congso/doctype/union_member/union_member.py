# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt


from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import members


class UnionMember(AppDocument):
	def before_validate(self):
		self.full_name = " ".join((self.full_name or "").split())
		if self.status != members.LEFT:
			self.left_on = None

	def validate(self):
		members.validate_member_unit(self.emulation_unit)
		members.validate_member_dates(self.date_of_birth, self.status, self.left_on)

	def on_update(self):
		members.copy_profile_to_evaluations(self)
