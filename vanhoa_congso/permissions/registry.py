"""The app's doctypes, read from its module folders, so hooks and tests cover a new doctype without
anyone listing it. Plain Python: hooks.py imports it before frappe has a site."""

from __future__ import annotations

import functools
import glob
import json
import os

APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.cache
def app_doctypes() -> tuple[str, ...]:
	"""Every DocType the app ships (parents and child tables), from `<module>/doctype/*/*.json`; read once
	per process, since only a new release changes them."""
	names = []
	for path in sorted(glob.glob(os.path.join(APP_DIR, "*", "doctype", "*", "*.json"))):
		if os.path.basename(path)[:-5] != os.path.basename(os.path.dirname(path)):
			continue
		with open(path, encoding="utf-8") as f:
			definition = json.load(f)
		if definition.get("doctype") == "DocType":
			names.append(definition["name"])
	return tuple(names)


# Frappe's own doctypes that hold records about other documents: doctype -> (field naming the doctype,
# field naming the document). A record about an app document is as visible as the document itself.
PLATFORM_REFERENCES: dict[str, tuple[str, str]] = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Version": ("ref_doctype", "docname"),
	"Notification Log": ("document_type", "document_name"),
	"ToDo": ("reference_type", "reference_name"),
	"DocShare": ("share_doctype", "share_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Energy Point Log": ("reference_doctype", "reference_name"),
	"Tag Link": ("document_type", "document_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"Milestone": ("reference_type", "reference_name"),
	"Submission Queue": ("ref_doctype", "ref_docname"),
	"Error Log": ("reference_doctype", "reference_name"),
	"Access Log": ("export_from", "reference_document"),
}
# Records that keep a deleted document's data or a report's output, which no longer say which unit
# they are about: open only to users who are not restricted to units (or to their owner).
DELETED_DOCUMENTS = ("Deleted Document", "deleted_doctype")
PREPARED_REPORTS = "Prepared Report"
