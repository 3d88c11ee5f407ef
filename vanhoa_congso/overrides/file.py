"""Frappe's File, with the app's two rules about files (permissions/platform.py).

A subclass, not a doc_event: frappe's own `before_insert` reads the bytes of the URL it is given and
stores them, after which a record that borrows another's private file can no longer be told from a
fresh upload; the check has to run first.
"""

from frappe.core.doctype.file.file import File

from vanhoa_congso.permissions import platform


class AppFile(File):
	def before_insert(self):
		platform.check_file(self)
		super().before_insert()

	def validate(self):
		platform.keep_private(self)
		super().validate()
