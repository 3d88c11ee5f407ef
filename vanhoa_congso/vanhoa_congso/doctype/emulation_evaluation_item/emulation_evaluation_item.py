# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from vanhoa_congso.controllers.app_document import AppChildDocument


class EmulationEvaluationItem(AppChildDocument):
	def db_insert(self, *args, **kwargs):
		# a new evaluation writes all its rows in one statement (EmulationEvaluation.db_insert)
		if self.flags.vhcs_inserted_with_parent:
			self.flags.vhcs_inserted_with_parent = False
			return
		super().db_insert(*args, **kwargs)
