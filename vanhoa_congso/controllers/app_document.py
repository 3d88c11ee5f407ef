"""The base of every app controller: the field-ownership and scope rules on every save.

Every path that writes a document (insert, save, submit, cancel, update after submit, set_value, the
Data Import tool, bulk edits) runs `run_before_save_methods`; hooking the rules in there, instead of in
each controller's validate, means a controller cannot forget them and no path can skip them.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.nestedset import NestedSet

from vanhoa_congso.permissions import ownership, scope


class AppRules:
	def run_before_save_methods(self):
		ownership.before_save(self)
		super().run_before_save_methods()
		scope.check_document(self)

	def before_print(self, settings=None):
		# a print format is a template over the whole document; fields at a permission level the
		# reader may not see (prize amounts) are emptied first, whatever the format prints
		self.apply_fieldlevel_read_permissions()


class AppDocument(AppRules, Document):
	pass


class AppNestedSet(AppRules, NestedSet):
	pass


class StandaloneRowError(frappe.PermissionError):
	pass


class AppChildDocument(Document):
	"""A row of an app document's table. Saved with its parent, a row runs none of these methods; saved,
	inserted or deleted on its own (frappe's REST resource, `frappe.client.save`, bulk edits), it would
	skip the parent's rules, so that is refused."""

	def before_insert(self):
		refuse_standalone(self)

	def validate(self):
		refuse_standalone(self)

	def on_trash(self):
		refuse_standalone(self)


def refuse_standalone(row) -> None:
	frappe.throw(
		_("Rows of {0} are changed only through the {0} itself; open it and edit the row there.").format(
			_(row.parenttype or row.doctype)
		),
		StandaloneRowError,
		title=_("Not permitted"),
	)
