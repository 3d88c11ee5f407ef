"""Places inside frappe where the scope rule must be consulted and no hook exists, and one where
frappe's own User Permission check is too slow for a province.

- A child row checked on its own (`frappe.client.get` of a criterion row, the REST resource of a
  dossier row, printing one) is judged by frappe on the parent doctype's roles alone, never on the
  parent document (`frappe.permissions.has_child_permission`); here the parent document decides.
- The form's "Connections" counts linked documents with `frappe.get_all`
  (`frappe.desk.notifications.get_doc_count`); here the app's doctypes count only what the user sees.
- Frappe checks each link of a document against the user's User Permissions by building the list of
  allowed values again and searching it (`frappe.permissions.get_allowed_docs_for_doctype`): for a
  provincial manager, thousands of units, twice per evaluation saved, which was a fifth of an
  import's time at scale 10. Here the list is built once per request and searched through a set;
  the values and the answers are frappe's.

`install` is idempotent; the request gate and the job hook call it, so every web and background
process has both in place before it serves anything.
"""

from __future__ import annotations

import functools

import frappe

from vanhoa_congso import bulk_cache
from vanhoa_congso.permissions.registry import app_doctypes


def install() -> None:
	import frappe.desk.notifications as notifications
	import frappe.permissions as permissions

	if not getattr(permissions.has_child_permission, "vhcs_scoped", False):
		permissions.has_child_permission = scoped_child_permission(permissions.has_child_permission)
	if not getattr(notifications.get_doc_count, "vhcs_scoped", False):
		notifications.get_doc_count = scoped_doc_count(notifications.get_doc_count)
	if not getattr(permissions.get_allowed_docs_for_doctype, "vhcs_scoped", False):
		permissions.get_allowed_docs_for_doctype = remembered_allowed_docs(
			permissions.get_allowed_docs_for_doctype
		)


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


class AllowedDocs(list):
	"""The list frappe builds, searched through a set."""

	def __init__(self, docs):
		super().__init__(docs)
		self.members = frozenset(docs)

	def __contains__(self, value) -> bool:
		return value in self.members


# below this many permissions the list is cheaper to build again than to remember
REMEMBERED_FROM = 50


def remembered_allowed_docs(original):
	@functools.wraps(original)
	def get_allowed_docs_for_doctype(user_permissions, doctype):
		if len(user_permissions) < REMEMBERED_FROM:
			return original(user_permissions, doctype)
		# frappe hands out the same list object for a user until its cache of User Permissions is
		# cleared, and the request's memory goes with the request
		memo = bulk_cache.request_memo("vhcs_allowed_docs")
		kept = memo.get((id(user_permissions), doctype))
		if kept is None or kept[0] is not user_permissions:
			kept = (user_permissions, AllowedDocs(original(user_permissions, doctype)))
			memo[(id(user_permissions), doctype)] = kept
		return kept[1]

	get_allowed_docs_for_doctype.vhcs_scoped = True
	return get_allowed_docs_for_doctype
