"""The ERPNext integration's tests: they run on a site that has ERPNext installed beside the app
(scripts/test.sh builds one when VHCS_WITH_ERPNEXT=1); on a site without it each module is skipped
and says why (`require_erpnext` at its top)."""

import frappe
import pytest


@pytest.fixture(scope="session")
def books():
	"""A Company with its accounts, as the demo sets it up (ERPNext's setup wizard completed once and
	committed): its expense account for prizes, its cash account and cost center, and an income
	account the settings must refuse as an expense account."""
	from vanhoa_congso.integrations.erpnext import demo

	frappe.set_user("Administrator")
	demo.complete_setup()
	demo.ensure_company()
	demo.ensure_fiscal_years()
	expense, _created = demo.ensure_expense_account()
	company = frappe.get_doc("Company", demo.COMPANY)
	frappe.db.commit()
	return frappe._dict(
		company=company.name,
		expense=expense,
		cash=company.default_cash_account,
		cost_center=company.cost_center,
		income=frappe.db.get_value(
			"Account", {"company": company.name, "root_type": "Income", "is_group": 0}
		),
	)
