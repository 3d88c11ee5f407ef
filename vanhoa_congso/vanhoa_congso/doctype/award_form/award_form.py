# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt


from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import award_forms, prizes


class AwardForm(AppDocument):
	def before_validate(self):
		subject_types = self.subject_type
		if self.prize_basis != prizes.COEFFICIENT or subject_types == prizes.INDIVIDUAL:
			self.collective_coefficient = 0
		if self.prize_basis != prizes.COEFFICIENT or subject_types == prizes.COLLECTIVE:
			self.individual_coefficient = 0
		if self.prize_basis != prizes.FIXED or subject_types == prizes.INDIVIDUAL:
			self.collective_amount = 0
		if self.prize_basis != prizes.FIXED or subject_types == prizes.COLLECTIVE:
			self.individual_amount = 0

	def validate(self):
		prizes.validate_award_form(self)
		award_forms.validate_levels(self)
