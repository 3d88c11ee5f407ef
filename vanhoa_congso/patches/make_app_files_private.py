"""Files attached to app documents become private (earlier versions let an upload be public)."""

import frappe

from vanhoa_congso.permissions.registry import app_doctypes


def execute():
	for name in frappe.get_all(
		"File", filters={"attached_to_doctype": ("in", list(app_doctypes())), "is_private": 0}, pluck="name"
	):
		file = frappe.get_doc("File", name)
		file.is_private = 1
		# frappe moves the file from public/files to private/files when the flag changes
		file.save(ignore_permissions=True)
