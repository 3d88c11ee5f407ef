# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import clusters


class EmulationCluster(AppDocument):
	def before_validate(self):
		clusters.fill_members(self.members)

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		clusters.validate_editor(plan)
		clusters.validate_members(self, plan)
		clusters.validate_one_cluster_per_kind(self)

	def on_trash(self):
		clusters.validate_editor(frappe.get_cached_doc("Emulation Plan", self.plan))
