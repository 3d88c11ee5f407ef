"""Two places inside frappe where the scope rule must be consulted and no hook exists.

- A child row checked on its own (`frappe.client.get` of a criterion row, the REST resource of a
  dossier row, printing one) is judged by frappe on the parent doctype's roles alone, never on the
  parent document (`frappe.permissions.has_child_permission`); here the parent document decides.
- The form's "Connections" counts linked documents with `frappe.get_all`
  (`frappe.desk.notifications.get_doc_count`); here the app's doctypes count only what the user sees.

`install` is idempotent; the request gate and the job hook call it, so every web and background
process has both in place before it serves anything.
"""

from __future__ import annotations

import functools

import frappe

from vanhoa_congso.permissions.registry import app_doctypes


def install() -> None:
	import frappe.desk.notifications as notifications
	import frappe.permissions as permissions

	if not getattr(permissions.has_child_permission, "vhcs_scoped", False):
		permissions.has_child_permission = scoped_child_permission(permissions.has_child_permission)
	if not getattr(notifications.get_doc_count, "vhcs_scoped", False):
		notifications.get_doc_count = scoped_doc_count(notifications.get_doc_count)


def scoped_child_permission(original):
	@functools.wraps(original)
	def has_child_permission(
		child_doctype,
		ptype="read",
		child_doc=None,
		user=None,
		raise_exception=True,
		parent_doctype=None,
		*,
		debug=False,
	):
		allowed = original(
			child_doctype, ptype, child_doc, user, raise_exception, parent_doctype, debug=debug
		)
		if not allowed or not child_doc or child_doctype not in app_doctypes():
			return allowed
		from vanhoa_congso.permissions import scope

		if isinstance(child_doc, str):
			child_doc = frappe.db.get_value(child_doctype, child_doc, ["parenttype", "parent"], as_dict=True)
			if not child_doc:
				return False
		return scope.parent_visible(
			child_doc.get("parenttype"),
			child_doc.get("parent"),
			user or frappe.session.user,
			child_doctype,
			ptype,
		)

	has_child_permission.vhcs_scoped = True
	return has_child_permission


def scoped_doc_count(original):
	@functools.wraps(original)
	def get_doc_count(doctype, filters):
		if doctype not in app_doctypes():
			return original(doctype, filters)
		return len(frappe.get_list(doctype, filters=filters, pluck="name", limit=100, distinct=True))

	get_doc_count.vhcs_scoped = True
	return get_doc_count
