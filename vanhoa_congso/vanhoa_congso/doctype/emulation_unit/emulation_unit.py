# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from vanhoa_congso.controllers.app_document import AppNestedSet
from vanhoa_congso.rules import units


class EmulationUnit(AppNestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from vanhoa_congso.vanhoa_congso.doctype.emulation_unit_parent_history.emulation_unit_parent_history import (
			EmulationUnitParentHistory,
		)

		is_active: DF.Check
		is_demo: DF.Check
		is_group: DF.Check
		level: DF.Literal[
			"Provincial Federation",
			"District Federation",
			"District-Equivalent Union",
			"Commune Union",
			"Grassroots Union",
		]
		lft: DF.Int
		old_parent: DF.Link | None
		parent_emulation_unit: DF.Link | None
		parent_history: DF.Table[EmulationUnitParentHistory]
		rgt: DF.Int
		sector: DF.Link | None
		successor_unit: DF.Link | None
		union_kind: DF.Literal["", "Sector Union", "Public Employees Union", "Industrial Zone Union"]
		unit_code: DF.Data
		unit_name: DF.Data
		valid_from: DF.Date | None
		valid_to: DF.Date | None
	# end: auto-generated types

	nsm_parent_field = "parent_emulation_unit"

	def before_validate(self):
		self.unit_code = (self.unit_code or "").strip()
		self.unit_name = (self.unit_name or "").strip()
		self.is_group = int(units.can_have_children(self.level))
		if self.level != units.DISTRICT_EQUIVALENT:
			self.union_kind = None
		self.is_active = int(units.is_active_on(self.valid_from, self.valid_to, nowdate()))
		self.track_parent_history()

	def validate(self):
		self.validate_dates()
		units.validate_no_cycle(self.name, self.parent_emulation_unit)
		parent_level = (
			frappe.db.get_value("Emulation Unit", self.parent_emulation_unit, "level")
			if self.parent_emulation_unit
			else None
		)
		units.validate_level_order(self.level, parent_level)
		if self.parent_changed():
			units.validate_parent_open(self.parent_emulation_unit, self.parent_change_date())
		self.validate_children_fit_level()

	def on_update(self):
		super().on_update()
		units.clear_user_permission_cache()

	def on_trash(self):
		units.ensure_not_referenced(self.name)
		super().on_trash(allow_root_deletion=True)

	def parent_changed(self) -> bool:
		if self.is_new():
			return bool(self.parent_emulation_unit)
		return self.has_value_changed("parent_emulation_unit")

	def parent_change_date(self):
		if self.flags.parent_change_date:
			return getdate(self.flags.parent_change_date)
		if self.is_new() and self.valid_from:
			return getdate(self.valid_from)
		return getdate(nowdate())

	def track_parent_history(self):
		if not self.parent_changed():
			return
		units.record_parent_change(
			self,
			self.parent_emulation_unit,
			self.parent_change_date(),
			self.flags.parent_change_reason,
		)

	def validate_dates(self):
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid To ({0}) cannot be earlier than Valid From ({1}).").format(
					frappe.format(self.valid_to, "Date"), frappe.format(self.valid_from, "Date")
				)
			)

	def validate_children_fit_level(self):
		if self.is_new() or not self.has_value_changed("level"):
			return
		for child in frappe.get_all(
			"Emulation Unit", filters={"parent_emulation_unit": self.name}, fields=["name", "level"]
		):
			try:
				units.validate_level_order(child.level, self.level)
			except units.LevelOrderError:
				frappe.throw(
					_("Level {0} does not fit: unit {1} below it has level {2}.").format(
						_(self.level), child.name, _(child.level)
					),
					units.LevelOrderError,
				)


@frappe.whitelist()
def reorganise(unit: str, successor: str, effective_date: str, reason: str | None = None) -> list[str]:
	"""Close `unit` and move its units under `successor` from `effective_date` (one transaction)."""
	for name in (unit, successor):
		frappe.has_permission("Emulation Unit", "write", doc=name, throw=True)
	return units.reorganise(unit, successor, effective_date, reason)


@frappe.whitelist()
@frappe.read_only()
def get_parent_on(unit: str, on_date: str) -> str | None:
	"""Which parent `unit` had on `on_date`."""
	frappe.has_permission("Emulation Unit", "read", doc=unit, throw=True)
	return units.get_parent_on(unit, on_date)


def on_doctype_update():
	# subtree lookups (user scope, reports, imports) read units by their nested-set bounds
	frappe.db.add_index("Emulation Unit", ["lft", "rgt"])
