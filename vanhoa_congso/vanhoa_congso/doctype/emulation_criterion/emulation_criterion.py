# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from frappe.utils import cstr

from vanhoa_congso.controllers.app_document import AppNestedSet
from vanhoa_congso.rules import criteria


class EmulationCriterion(AppNestedSet):
	nsm_parent_field = "parent_emulation_criterion"

	def before_validate(self):
		self.code = cstr(self.code).strip()
		if self.is_group:
			self.assessment_type = None
			self.max_score = 0

	def validate(self):
		criteria.validate_unique_code(self.criteria_set, self.code, None if self.is_new() else self.name)
		criteria.validate_parent(self.criteria_set, self.subject_type, self.parent_emulation_criterion)
		criteria.validate_assessment(bool(self.is_group), self.assessment_type, self.max_score, self.weight)
