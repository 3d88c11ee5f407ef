"""The integration's fields, added when both apps are on the site and removed when either leaves.

Every field lives on one of this app's doctypes (none on ERPNext's), so ERPNext's own forms and
tables are left as they are; the only ERPNext records the integration writes are Journal Entries.
"""

from __future__ import annotations

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

MAPPING = "Emulation Accounting Mapping"

# The unit tree's User Permissions restrict app doctypes only, yet frappe would test these links
# against any User Permission a site gives on Company, Department or Employee (ERPNext's own
# restrictions of accountants and HR users); the unit's officers must still see whom a record
# stands for, so the links ignore them. Reading the records themselves stays with ERPNext's roles.
CUSTOM_FIELDS: dict[str, list[dict]] = {
	"Union Member": [
		{
			"fieldname": "employee",
			"label": "Employee",
			"fieldtype": "Link",
			"options": "Employee",
			"insert_after": "user",
			"unique": 1,
			"ignore_user_permissions": 1,
			"no_copy": 1,
			"description": "The ERPNext Employee this member is; the unit's sync keeps name, gender, date of birth and unit in step.",
		},
	],
	"Emulation Unit": [
		{
			"fieldname": "erpnext_company",
			"label": "ERPNext Company",
			"fieldtype": "Link",
			"options": "Company",
			"insert_after": "sector",
			"ignore_user_permissions": 1,
		},
		{
			"fieldname": "erpnext_department",
			"label": "ERPNext Department",
			"fieldtype": "Link",
			"options": "Department",
			"insert_after": "erpnext_company",
			"ignore_user_permissions": 1,
			"depends_on": "erpnext_company",
		},
	],
	"Emulation Award": [
		{
			"fieldname": "journal_entry",
			"label": "Journal Entry",
			"fieldtype": "Link",
			"options": "Journal Entry",
			"insert_after": "total_amount",
			# money, like the prize amounts: for those who prepare and issue decisions
			"permlevel": 1,
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"ignore_user_permissions": 1,
		},
	],
	MAPPING: [
		{
			"fieldname": "company",
			"label": "Company",
			"fieldtype": "Link",
			"options": "Company",
			"insert_after": "issuing_unit",
			"reqd": 1,
			"in_list_view": 1,
			"ignore_user_permissions": 1,
		},
		{
			"fieldname": "expense_account",
			"label": "Expense Account",
			"fieldtype": "Link",
			"options": "Account",
			"insert_after": "company",
			"reqd": 1,
			"in_list_view": 1,
			"ignore_user_permissions": 1,
		},
		{
			"fieldname": "paying_account",
			"label": "Paying Account",
			"fieldtype": "Link",
			"options": "Account",
			"insert_after": "expense_account",
			"reqd": 1,
			"in_list_view": 1,
			"ignore_user_permissions": 1,
		},
		{
			"fieldname": "cost_center",
			"label": "Cost Center",
			"fieldtype": "Link",
			"options": "Cost Center",
			"insert_after": "paying_account",
			"in_list_view": 1,
			"ignore_user_permissions": 1,
		},
	],
}


def install() -> None:
	for doctype in CUSTOM_FIELDS:
		forget_columns(doctype)
	create_custom_fields(CUSTOM_FIELDS, update=True)


def uninstall() -> None:
	"""Drop the fields (and their columns, which frappe leaves in the table), the property setters made
	on them, the settings' rows, and the draft Journal Entries nobody has posted yet. Journal Entries an accountant has
	submitted are the books and stay."""
	delete_draft_entries()
	# a unit's row names nothing once its Company and accounts are gone
	frappe.db.delete(MAPPING)
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
			frappe.db.delete("Property Setter", {"doc_type": doctype, "field_name": field["fieldname"]})
			if has_column(doctype, field["fieldname"]):
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop column `{field['fieldname']}`")
		forget_columns(doctype)
		frappe.clear_cache(doctype=doctype)


def has_column(doctype: str, fieldname: str) -> bool:
	"""Asked of the database itself: frappe's cache of table columns outlives a dropped column."""
	return bool(
		frappe.db.sql(
			"""select 1 from information_schema.columns
			where table_schema = database() and table_name = %s and column_name = %s""",
			(f"tab{doctype}", fieldname),
		)
	)


def forget_columns(doctype: str) -> None:
	# frappe's clear_cache drops this entry under the doctype's name, but it is kept under the table's,
	# and a stale list would keep frappe from adding the columns back when ERPNext returns
	frappe.cache.hdel("table_columns", f"tab{doctype}")


def integration_entries() -> list[str]:
	"""Journal Entries the integration made: each decision's own and the reversals of them."""
	if not has_column("Emulation Award", "journal_entry"):
		return []
	originals = frappe.get_all(
		"Emulation Award", filters={"journal_entry": ("is", "set")}, pluck="journal_entry"
	)
	if not originals:
		return []
	reversals = frappe.get_all("Journal Entry", filters={"reversal_of": ("in", originals)}, pluck="name")
	return [*originals, *reversals]


def delete_draft_entries() -> None:
	drafts = frappe.get_all(
		"Journal Entry", filters={"name": ("in", integration_entries() or [""]), "docstatus": 0}, pluck="name"
	)
	if not drafts:
		return
	# removed as rows, not through delete_doc: a draft has no ledger entries, and delete_doc would
	# leave a Deleted Document copy of each behind
	frappe.db.delete("Journal Entry Account", {"parent": ("in", drafts), "parenttype": "Journal Entry"})
	frappe.db.delete("Journal Entry", {"name": ("in", drafts)})
	for doctype, field_doctype, field_name in (
		("Comment", "reference_doctype", "reference_name"),
		("Version", "ref_doctype", "docname"),
	):
		frappe.db.delete(doctype, {field_doctype: "Journal Entry", field_name: ("in", drafts)})
