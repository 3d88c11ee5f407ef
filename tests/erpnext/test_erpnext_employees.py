"""Union Members from Employees: preview, apply, all or nothing, who wins, leavers, the bulk step."""

import frappe
import pytest

from vanhoa_congso.integrations.erpnext.testing import make_department, make_employee, require_erpnext
from vanhoa_congso.rules import units
from vanhoa_congso.testing import make_member, make_unit

require_erpnext()

from vanhoa_congso.integrations.erpnext import employees  # noqa: E402


@pytest.fixture
def unit(books):
	district = make_unit(units.DISTRICT, make_unit(units.PROVINCE).name)
	department = make_department(books)
	grassroots = make_unit(
		units.GRASSROOTS, district.name, erpnext_company=books.company, erpnext_department=department
	)
	return frappe._dict(name=grassroots.name, department=department, district=district.name, books=books)


def members_of(unit):
	return {
		row.employee or row.full_name: row
		for row in frappe.get_all(
			"Union Member",
			filters={"emulation_unit": unit.name},
			fields=[
				"name",
				"employee",
				"full_name",
				"gender",
				"date_of_birth",
				"position",
				"status",
				"left_on",
			],
		)
	}


def test_preview_shows_the_changes_and_writes_nothing(unit):
	hoa = make_employee(unit.books, "Nguyễn Thị Hoa", unit.department, gender="Female")
	make_employee(unit.books, "Trần Văn Bình", unit.department, gender="Male")
	before = frappe.db.count("Union Member")
	entries = employees.preview_employee_sync(unit.name)
	assert frappe.db.count("Union Member") == before
	assert sorted((e["employee_name"], e["action"]) for e in entries) == [
		("Nguyễn Thị Hoa", "create"),
		("Trần Văn Bình", "create"),
	]
	hoa_entry = next(e for e in entries if e["employee"] == hoa)
	assert hoa_entry["changes"]["gender"] == [None, "Female"]
	assert hoa_entry["changes"]["emulation_unit"] == [None, unit.name]


def test_sync_creates_and_links_one_member_per_employee(unit):
	hoa = make_employee(unit.books, "Nguyễn Thị Hoa", unit.department, date_of_birth="1990-02-03")
	# someone of another department is not the unit's
	make_employee(unit.books, "Người Phòng Khác", make_department(unit.books))
	done = employees.sync_employees(unit.name)
	assert done == {"create": 1, "update": 0, "leave": 0}
	member = members_of(unit)[hoa]
	assert (member.full_name, str(member.date_of_birth), member.status) == (
		"Nguyễn Thị Hoa",
		"1990-02-03",
		"Active Member",
	)
	# a second run finds nothing to do, and a second member for the same Employee is refused
	assert employees.preview_employee_sync(unit.name) == []
	with pytest.raises(employees.EmployeeSyncError, match="already member"):
		make_member(unit.name, full_name="Bản sao", employee=hoa)


def test_an_unlinked_member_of_the_same_name_is_linked_not_duplicated(unit):
	member = make_member(unit.name, full_name="Lường Văn Tú", gender="Male")
	tu = make_employee(unit.books, "Lường  Văn Tú", unit.department, gender="Male")
	employees.sync_employees(unit.name)
	assert frappe.db.get_value("Union Member", member.name, "employee") == tu
	assert frappe.db.count("Union Member", {"emulation_unit": unit.name}) == 1


def test_the_unions_own_record_wins_where_it_keeps_one(unit):
	lan = make_employee(
		unit.books, "Đỗ Thị Lan", unit.department, gender="Female", date_of_birth="1988-03-28"
	)
	member = make_member(
		unit.name,
		full_name="Đỗ Thị Lan (cũ)",
		employee=lan,
		date_of_birth="1988-03-27",
		ethnic_group="Thái",
		position="Tổ trưởng công đoàn",
	)
	employees.sync_employees(unit.name)
	member.reload()
	# HR decides the name; the union's birth date, position and ethnic group stay; an empty gender is filled
	assert member.full_name == "Đỗ Thị Lan"
	assert str(member.date_of_birth) == "1988-03-27"
	assert (member.position, member.ethnic_group, member.gender) == ("Tổ trưởng công đoàn", "Thái", "Female")


def test_an_employee_who_left_marks_the_member_left_and_keeps_them(unit):
	son = make_employee(unit.books, "Phạm Văn Sơn", unit.department, gender="Male")
	employees.sync_employees(unit.name)
	employee = frappe.get_doc("Employee", son)
	employee.update({"status": "Left", "relieving_date": "2025-06-30"})
	employee.save()
	entries = employees.preview_employee_sync(unit.name)
	assert [(e["employee"], e["action"]) for e in entries] == [(son, "leave")]
	assert employees.sync_employees(unit.name)["leave"] == 1
	member = members_of(unit)[son]
	assert (member.status, str(member.left_on)) == ("Left the Union", "2025-06-30")
	# no member is made for someone who already left
	gone = make_employee(unit.books, "Đã Nghỉ", unit.department, status="Left", relieving_date="2024-01-31")
	employees.sync_employees(unit.name)
	assert gone not in members_of(unit)


def test_sync_is_all_or_nothing(unit, monkeypatch):
	make_employee(unit.books, "Một Người", unit.department)
	make_employee(unit.books, "Hai Người", unit.department)
	from vanhoa_congso.rules import members

	original = members.validate_member_dates

	def refuse_second(date_of_birth, status, left_on):
		if frappe.db.count("Union Member", {"emulation_unit": unit.name}):
			frappe.throw("lỗi giả lập ở người thứ hai")
		return original(date_of_birth, status, left_on)

	monkeypatch.setattr(members, "validate_member_dates", refuse_second)
	with pytest.raises(frappe.ValidationError, match="lỗi giả lập"):
		employees.sync_employees(unit.name)
	assert frappe.db.count("Union Member", {"emulation_unit": unit.name}) == 0


def test_the_bulk_step_syncs_every_union_of_the_company(unit):
	other_department = make_department(unit.books)
	other = make_unit(
		units.GRASSROOTS,
		unit.district,
		erpnext_company=unit.books.company,
		erpnext_department=other_department,
	)
	first = make_employee(unit.books, "Người Đơn Vị Một", unit.department)
	second = make_employee(unit.books, "Người Đơn Vị Hai", other_department)
	preview = employees.preview_company_sync(unit.books.company)
	assert [e["employee"] for e in preview[unit.name]] == [first]
	assert [e["employee"] for e in preview[other.name]] == [second]
	employees.sync_company(unit.books.company)
	assert frappe.db.get_value("Union Member", {"employee": first}, "emulation_unit") == unit.name
	assert frappe.db.get_value("Union Member", {"employee": second}, "emulation_unit") == other.name


def test_a_unit_that_cannot_take_members_is_refused_clearly(unit):
	with pytest.raises(employees.EmployeeSyncError, match="not a grassroots union"):
		employees.preview_employee_sync(unit.district)
	bare = make_unit(units.GRASSROOTS, unit.district)
	with pytest.raises(employees.EmployeeSyncError, match="names no ERPNext Company"):
		employees.sync_employees(bare.name)
