"""The demo with ERPNext: the province federation as a Company with its accounts, the demo units
mapped to it, a few members linked to Employees, and the issued demo decision in the books.

Run by `vanhoa_congso.demo.load` when ERPNext is installed; loading twice changes nothing.
"""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

from vanhoa_congso.integrations.erpnext import accounts, employees, posting

COMPANY = "LĐLĐ tỉnh Lai Châu"
ABBR = "LDLDLC"
EXPENSE_ACCOUNT = "Chi khen thưởng"
DEMO_START_YEAR = 2019
# issuing units whose prizes the province federation's books pay
MAPPED_UNITS = ("LC", "LC-TP", "LC-TD", "LC-PT")
# (department, grassroots union it stands for, its Employees: name, gender, date of birth, designation)
DEPARTMENTS = (
	(
		"Cơ quan LĐLĐ tỉnh",
		"LC-CQ",
		(("Lò Văn Minh", "Male", "1980-04-12", "Chuyên viên Ban công tác cơ sở"),),
	),
	(
		"Trường THPT Chuyên Lê Quý Đôn",
		"LC-GD-01",
		(
			("Hoàng Văn Thắng", "Male", "1977-05-19", "Giáo viên"),
			("Lù Thị Dung", "Female", "1991-04-09", "Giáo viên"),
		),
	),
)


def setup_args() -> dict:
	year = getdate(nowdate()).year
	return {
		"language": "English",
		"country": "Vietnam",
		"timezone": "Asia/Ho_Chi_Minh",
		"currency": "VND",
		"company_name": COMPANY,
		"company_abbr": ABBR,
		"chart_of_accounts": "Standard",
		"fy_start_date": f"{year}-01-01",
		"fy_end_date": f"{year}-12-31",
	}


def complete_setup() -> None:
	"""ERPNext's setup wizard, answered for the demo site as a Vietnamese federation would; then the
	language and formats the app's own demo sets."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	setup_complete(setup_args())
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"language": "vi",
			"date_format": "dd/mm/yyyy",
			"number_format": "#.###,##",
			"currency_precision": "0",
		}
	)
	settings.save(ignore_permissions=True)


def load() -> dict[str, int]:
	created = {"Company": int(ensure_company())}
	ensure_fiscal_years()
	account = ensure_expense_account()
	created["Account"] = int(account[1])
	created["Emulation Accounting Mapping"] = ensure_mappings(account[0])
	created["Employee"] = 0
	for department, unit, staff in DEPARTMENTS:
		name = ensure_department(department)
		set_unit(unit, name)
		for row in staff:
			created["Employee"] += int(ensure_employee(name, *row))
		employees.sync_employees(unit)
	for unit in MAPPED_UNITS:
		set_unit(unit, None)
	created["Journal Entry"] = post_issued_decisions()
	return created


def ensure_company() -> bool:
	if frappe.db.exists("Company", COMPANY):
		return False
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": ABBR,
			"default_currency": "VND",
			"country": "Vietnam",
			"chart_of_accounts": "Standard",
		}
	).insert()
	return True


def ensure_fiscal_years() -> None:
	"""The demo's decisions are dated from 2019: each year needs its fiscal year to be posted."""
	from erpnext.accounts.utils import get_fiscal_year

	for year in range(DEMO_START_YEAR, getdate(nowdate()).year + 1):
		try:
			get_fiscal_year(f"{year}-06-30", company=COMPANY)
		except Exception:
			frappe.get_doc(
				{
					"doctype": "Fiscal Year",
					"year": str(year),
					"year_start_date": f"{year}-01-01",
					"year_end_date": f"{year}-12-31",
				}
			).insert()


def ensure_expense_account() -> tuple[str, bool]:
	existing = frappe.db.get_value("Account", {"account_name": EXPENSE_ACCOUNT, "company": COMPANY})
	if existing:
		return existing, False
	parent = frappe.db.get_value(
		"Account",
		{"company": COMPANY, "root_type": "Expense", "is_group": 1, "account_name": "Indirect Expenses"},
	) or frappe.db.get_value("Account", {"company": COMPANY, "root_type": "Expense", "is_group": 1})
	account = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": EXPENSE_ACCOUNT,
			"parent_account": parent,
			"company": COMPANY,
			"account_type": "Expense Account",
		}
	).insert()
	return account.name, True


def ensure_mappings(expense_account: str) -> int:
	settings = frappe.get_single(accounts.SETTINGS)
	mapped = {row.issuing_unit for row in settings.mappings}
	company = frappe.get_cached_doc("Company", COMPANY)
	added = 0
	for unit in MAPPED_UNITS:
		if unit in mapped or not frappe.db.exists("Emulation Unit", unit):
			continue
		settings.append(
			"mappings",
			{
				"issuing_unit": unit,
				"company": COMPANY,
				"expense_account": expense_account,
				"paying_account": company.default_cash_account,
				"cost_center": company.cost_center,
			},
		)
		added += 1
	if added:
		settings.save()
	return added


def ensure_department(department_name: str) -> str:
	name = frappe.db.get_value("Department", {"department_name": department_name, "company": COMPANY})
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": department_name,
				"company": COMPANY,
				"parent_department": frappe.db.get_value(
					"Department", {"is_group": 1, "parent_department": ("is", "not set")}
				),
			}
		)
		.insert()
		.name
	)


def set_unit(unit: str, department: str | None) -> None:
	values = {"erpnext_company": COMPANY}
	if department:
		values["erpnext_department"] = department
	current = frappe.db.get_value("Emulation Unit", unit, list(values), as_dict=True)
	if current and any(current.get(field) != value for field, value in values.items()):
		doc = frappe.get_doc("Emulation Unit", unit)
		doc.update(values)
		doc.save()


def ensure_employee(
	department: str, full_name: str, gender: str, date_of_birth: str, designation: str
) -> bool:
	if frappe.db.exists("Employee", {"employee_name": full_name, "company": COMPANY}):
		return False
	if not frappe.db.exists("Designation", designation):
		frappe.get_doc({"doctype": "Designation", "designation_name": designation}).insert()
	frappe.get_doc(
		{
			"doctype": "Employee",
			# a Vietnamese name is written family name first; kept whole, as ERPNext shows it
			"first_name": full_name,
			"gender": gender,
			"date_of_birth": date_of_birth,
			"date_of_joining": "2015-08-01",
			"company": COMPANY,
			"department": department,
			"designation": designation,
			"status": "Active",
		}
	).insert()
	return True


def post_issued_decisions() -> int:
	posted = 0
	for name in frappe.get_all(
		"Emulation Award",
		filters={"docstatus": 1, "issuing_unit": ("in", MAPPED_UNITS), "journal_entry": ("is", "not set")},
		pluck="name",
	):
		award = frappe.get_doc("Emulation Award", name)
		mapping = accounts.mapping_for(award.issuing_unit)
		if posting.cash_rows(award) and mapping:
			posting.post(award, mapping)
			posted += 1
	return posted
