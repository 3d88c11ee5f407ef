"""Factories for the ERPNext integration's tests (tests/erpnext)."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import random_string


def require_erpnext() -> None:
	"""Called at the top of each test module of tests/erpnext: without ERPNext the module is skipped."""
	if "erpnext" not in frappe.get_installed_apps():
		pytest.skip(
			"ERPNext is not installed on the test site; these tests run on the second CI site (VHCS_WITH_ERPNEXT=1).",
			allow_module_level=True,
		)


def map_unit(books, unit: str, **fields) -> None:
	settings = frappe.get_single("Emulation Accounting Settings")
	settings.append(
		"mappings",
		{
			"issuing_unit": unit,
			"company": books.company,
			"expense_account": books.expense,
			"paying_account": books.cash,
			"cost_center": books.cost_center,
			**fields,
		},
	)
	settings.save()


def make_department(books, name: str | None = None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": name or f"Phòng thử {random_string(6)}",
				"company": books.company,
				"parent_department": "All Departments",
			}
		)
		.insert()
		.name
	)


def make_employee(books, full_name: str, department: str | None = None, **fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": full_name,
				"gender": fields.pop("gender", "Female"),
				"date_of_birth": fields.pop("date_of_birth", "1985-05-05"),
				"date_of_joining": fields.pop("date_of_joining", "2012-01-02"),
				"company": books.company,
				"department": department,
				"status": fields.pop("status", "Active"),
				**fields,
			}
		)
		.insert()
		.name
	)
