"""Union Members from ERPNext Employees.

A grassroots union that names its Company (and Department) takes its members from that Company's
Employees: an action shows what would change, and applying it changes all of it or nothing.

- One member per Employee (`Union Member.employee` is unique). An Employee is matched to the member
  linked to it, or else to an unlinked member of the unit with the same name (and birth date, where
  both have one), who is then linked.
- HR's record decides the member's name and unit. Gender, date of birth and position are taken from
  the Employee only where the member has none: where the union keeps its own record (a corrected
  birth date), it wins. What only the union knows (ethnic group, party membership, category, leader,
  user) is never touched.
- An Employee who left (status Left, or a relieving date) marks the member as left the union on the
  relieving date; no member is ever deleted, and none is created for someone who already left.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from vanhoa_congso.integrations import require_erpnext
from vanhoa_congso.integrations.erpnext.posting import MANAGING_ROLES
from vanhoa_congso.rules import members, units

EMPLOYEE = "Employee"
MEMBER = "Union Member"
GENDERS = {"Male": "Male", "Female": "Female"}


class EmployeeSyncError(frappe.ValidationError):
	pass


def check_permission(unit: str | None = None) -> None:
	require_erpnext()
	if not set(MANAGING_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Syncing members from Employees needs the Emulation Manager role."), frappe.PermissionError
		)
	if not frappe.has_permission(EMPLOYEE, "read"):
		frappe.throw(
			_(
				"Syncing members from Employees needs ERPNext's permission to read Employees (e.g. the HR User role)."
			),
			frappe.PermissionError,
		)
	if unit:
		frappe.has_permission("Emulation Unit", "read", doc=unit, throw=True)


def unit_mapping(unit: str) -> frappe._dict:
	details = frappe.db.get_value(
		"Emulation Unit",
		unit,
		["name", "unit_name", "level", "erpnext_company", "erpnext_department"],
		as_dict=True,
	)
	if not details:
		frappe.throw(_("Unit {0} does not exist.").format(unit), EmployeeSyncError)
	if details.level != units.GRASSROOTS:
		frappe.throw(
			_("{0} is not a grassroots union; only grassroots unions have members to sync.").format(
				details.unit_name
			),
			EmployeeSyncError,
		)
	if not details.erpnext_company:
		frappe.throw(
			_("{0} names no ERPNext Company; set its Company (and Department) on the unit first.").format(
				details.unit_name
			),
			EmployeeSyncError,
		)
	return details


def employees_of(unit: frappe._dict) -> list[frappe._dict]:
	"""The unit's Employees, as the user may read them: those of its Department (and the departments
	under it), or, for a unit that names only its Company, those of the Company's departments that no
	other unit names."""
	filters: list = [["company", "=", unit.erpnext_company]]
	if unit.erpnext_department:
		filters.append(["department", "descendants of (inclusive)", unit.erpnext_department])
	else:
		others = frappe.get_all(
			"Emulation Unit",
			filters={
				"erpnext_company": unit.erpnext_company,
				"erpnext_department": ("is", "set"),
				"name": ("!=", unit.name),
			},
			pluck="erpnext_department",
		)
		if others:
			filters.append(["department", "not in", others])
	return frappe.get_list(
		EMPLOYEE,
		filters=filters,
		fields=[
			"name",
			"employee_name",
			"gender",
			"date_of_birth",
			"designation",
			"status",
			"relieving_date",
		],
		order_by="employee_name asc",
	)


def left(employee) -> bool:
	return employee.status == "Left" or bool(employee.relieving_date)


def plan(unit: frappe._dict) -> list[dict]:
	"""What syncing the unit would do: one entry per Employee that changes something, as
	{"employee", "employee_name", "action" (create / update / leave), "member", "changes": {field: [old, new]}}."""
	staff = employees_of(unit)
	linked = {
		row.employee: row
		for row in frappe.get_all(
			MEMBER,
			filters={"employee": ("in", [e.name for e in staff] or [""])},
			fields=[
				"name",
				"employee",
				"full_name",
				"gender",
				"date_of_birth",
				"position",
				"emulation_unit",
				"status",
				"left_on",
			],
		)
	}
	unlinked = frappe.get_all(
		MEMBER,
		filters={"emulation_unit": unit.name, "employee": ("is", "not set")},
		fields=[
			"name",
			"employee",
			"full_name",
			"gender",
			"date_of_birth",
			"position",
			"emulation_unit",
			"status",
			"left_on",
		],
	)
	entries = []
	for employee in staff:
		member = linked.get(employee.name) or same_person(employee, unlinked)
		if member and member in unlinked:
			unlinked.remove(member)
		if not member:
			if left(employee) or employee.status != "Active":
				continue
			entries.append(
				{
					"employee": employee.name,
					"employee_name": employee.employee_name,
					"action": "create",
					"member": None,
					"changes": {
						field: [None, value] for field, value in wanted(employee, unit, None).items() if value
					},
				}
			)
			continue
		changes = {
			field: [member.get(field), value]
			for field, value in wanted(employee, unit, member).items()
			if value is not None and str(member.get(field) or "") != str(value)
		}
		if not changes:
			continue
		entries.append(
			{
				"employee": employee.name,
				"employee_name": employee.employee_name,
				"action": "leave" if "status" in changes else "update",
				"member": member.name,
				"changes": changes,
			}
		)
	return entries


def same_person(employee, candidates: list) -> frappe._dict | None:
	def key(name):
		return " ".join((name or "").split()).casefold()

	for member in candidates:
		if key(member.full_name) != key(employee.employee_name):
			continue
		if (
			member.date_of_birth
			and employee.date_of_birth
			and getdate(member.date_of_birth) != getdate(employee.date_of_birth)
		):
			continue
		return member
	return None


def wanted(employee, unit, member) -> dict:
	"""The member's fields as the Employee has them (see the module's rule on who wins)."""
	values = {
		"employee": employee.name,
		"full_name": " ".join((employee.employee_name or "").split()),
		"emulation_unit": unit.name,
	}
	for field, value in (
		("gender", GENDERS.get(employee.gender)),
		("date_of_birth", str(employee.date_of_birth) if employee.date_of_birth else None),
		("position", employee.designation),
	):
		if value and not (member and member.get(field)):
			values[field] = value
	if left(employee) and (not member or member.status != members.LEFT):
		values["status"] = members.LEFT
		values["left_on"] = str(employee.relieving_date or nowdate())
	return values


def apply(unit: frappe._dict, entries: list[dict]) -> dict[str, int]:
	done = {"create": 0, "update": 0, "leave": 0}
	for entry in entries:
		if entry["action"] == "create":
			doc = frappe.new_doc(MEMBER)
		else:
			doc = frappe.get_doc(MEMBER, entry["member"])
		doc.update({field: new for field, (_old, new) in entry["changes"].items()})
		if entry["action"] == "create":
			doc.status = members.ACTIVE
			doc.insert()
		else:
			doc.save()
		done[entry["action"]] += 1
	return done


def run_all_or_nothing(fn):
	frappe.db.savepoint("vhcs_employee_sync")
	try:
		return fn()
	except Exception:
		frappe.db.rollback(save_point="vhcs_employee_sync")
		raise


@frappe.whitelist()
def preview_employee_sync(unit: str) -> list[dict]:
	check_permission(unit)
	return plan(unit_mapping(unit))


@frappe.whitelist()
def sync_employees(unit: str) -> dict[str, int]:
	"""Create and update the unit's members from its Employees; everything or, on any error, nothing."""
	check_permission(unit)
	details = unit_mapping(unit)
	return run_all_or_nothing(lambda: apply(details, plan(details)))


def company_units(company: str) -> list[str]:
	return frappe.get_list(
		"Emulation Unit",
		filters={"erpnext_company": company, "level": units.GRASSROOTS, "is_active": 1},
		pluck="name",
		order_by="lft asc",
	)


@frappe.whitelist()
def preview_company_sync(company: str) -> dict[str, list[dict]]:
	check_permission()
	return {unit: plan(unit_mapping(unit)) for unit in company_units(company)}


@frappe.whitelist()
def sync_company(company: str) -> dict[str, dict[str, int]]:
	"""Every grassroots union of the Company, in one all-or-nothing step."""
	check_permission()
	targets = company_units(company)
	if not targets:
		frappe.throw(
			_("No grassroots union names Company {0}; set the Company on the units first.").format(company),
			EmployeeSyncError,
		)

	def run():
		return {unit: apply(unit_mapping(unit), plan(unit_mapping(unit))) for unit in targets}

	return run_all_or_nothing(run)


def validate_member(doc) -> None:
	"""One member per Employee, said plainly before the database's unique index says it in English."""
	employee = doc.get("employee")
	if not employee:
		return
	other = frappe.db.get_value(MEMBER, {"employee": employee, "name": ("!=", doc.name)}, "full_name")
	if other:
		frappe.throw(
			_("Employee {0} is already member {1}; an Employee is one member only.").format(employee, other),
			EmployeeSyncError,
		)
