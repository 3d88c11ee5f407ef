"""Frappe's own records about app documents follow the document they are about.

A comment, a version, a file, an alert, a share or an assignment on an evaluation tells as much as
the evaluation itself, so each is visible only to users who may see that evaluation, on every path
(lists and counts through `reference_conditions`, single records and file downloads through
`reference_has_permission`), and nobody creates one about a document outside their units.
"""

from __future__ import annotations

import frappe
from frappe import _

from vanhoa_congso.permissions import scope
from vanhoa_congso.permissions.registry import (
	DELETED_DOCUMENTS,
	PLATFORM_REFERENCES,
	PREPARED_REPORTS,
	app_doctypes,
)

# v15 reads None from a permission hook as "no opinion" and True as "allowed, skip the other hooks"
# (frappe's own hooks for File, ToDo and Communication among them); v16 denies on None.
NO_OPINION = None if int(frappe.__version__.split(".")[0]) < 16 else True


class ReferenceOutOfScopeError(frappe.PermissionError):
	pass


def restricted_doctypes() -> list[str]:
	"""App doctypes whose documents are not open to every app role."""
	return [doctype for doctype in app_doctypes() if scope.is_scoped(doctype)]


# --- lists and counts


def reference_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""`permission_query_conditions` for frappe's record doctypes: rows about app documents only where
	the document is within the user's scope."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	if doctype == DELETED_DOCUMENTS[0]:
		return deleted_document_conditions(user)
	if doctype == PREPARED_REPORTS:
		return prepared_report_conditions(user)
	doctype_field, name_field = PLATFORM_REFERENCES[doctype]
	table = f"`tab{doctype}`"
	restricted = [
		(app_doctype, condition)
		for app_doctype in restricted_doctypes()
		if (condition := scope.query_conditions(user, app_doctype))
	]
	if not restricted:
		return ""
	names = ", ".join(frappe.db.escape(app_doctype) for app_doctype, _condition in restricted)
	allowed = " or ".join(
		f"({table}.`{doctype_field}` = {frappe.db.escape(app_doctype)} and {table}.`{name_field}` in"
		f" (select `name` from `tab{app_doctype}` where {condition}))"
		for app_doctype, condition in restricted
	)
	return f"(ifnull({table}.`{doctype_field}`, '') not in ({names}) or {allowed})"


def deleted_document_conditions(user: str) -> str:
	"""A deleted document no longer says which unit it belonged to: only unrestricted users see it."""
	if scope.allowed_units(user) is None:
		return ""
	names = ", ".join(frappe.db.escape(doctype) for doctype in restricted_doctypes())
	return f"ifnull(`tabDeleted Document`.`{DELETED_DOCUMENTS[1]}`, '') not in ({names})"


def prepared_report_conditions(user: str) -> str:
	"""A prepared run of an app report holds what its owner may see, and only its owner sees it."""
	reports = app_reports()
	if not reports:
		return ""
	names = ", ".join(frappe.db.escape(report) for report in reports)
	return (
		f"(ifnull(`tabPrepared Report`.`report_name`, '') not in ({names})"
		f" or `tabPrepared Report`.`owner` = {frappe.db.escape(user)})"
	)


def app_reports() -> list[str]:
	return frappe.get_all(
		"Report", filters={"module": ("in", frappe.get_module_list("vanhoa_congso"))}, pluck="name"
	)


# --- one record


def reference_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False):
	"""`has_permission` for frappe's record doctypes: False when the record is about an app document
	outside the user's scope; otherwise no opinion, so frappe's own rules for the record decide."""
	user = user or frappe.session.user
	if user == "Administrator":
		return NO_OPINION
	if doc.doctype == DELETED_DOCUMENTS[0]:
		if doc.get(DELETED_DOCUMENTS[1]) in restricted_doctypes() and scope.allowed_units(user) is not None:
			return False
		return NO_OPINION
	if doc.doctype == PREPARED_REPORTS:
		if doc.get("report_name") in app_reports() and doc.get("owner") != user:
			return False
		return NO_OPINION
	return NO_OPINION if reference_visible(doc, user) else False


def reference_visible(doc, user: str) -> bool:
	doctype_field, name_field = PLATFORM_REFERENCES[doc.doctype]
	# a file is uploaded into a form before its document is first saved, and follows it from then on
	return document_visible(doc.get(doctype_field), doc.get(name_field), user, missing=doc.doctype == "File")


def document_visible(doctype: str | None, name: str | None, user: str, missing: bool = False) -> bool:
	"""Whether `user` may see app document `name` of `doctype` by the scope rule (True for documents
	that are not the app's). A record about a document that does not exist (deleted, or not saved yet)
	says no unit: it is open to unrestricted users, and to everyone where `missing` says so."""
	if not doctype or doctype not in app_doctypes() or user == "Administrator":
		return True
	if frappe.is_table(doctype):
		parent = frappe.db.get_value(doctype, name, ["parenttype", "parent"], as_dict=True) if name else None
		if parent:
			return scope.parent_visible(parent.parenttype, parent.parent, user, doctype)
	elif name and frappe.db.exists(doctype, name):
		return scope.parent_visible(doctype, name, user)
	return missing or scope.allowed_units(user) is None


# --- records being created


def check_new_reference(doc, method=None) -> None:
	"""`before_insert` of frappe's record doctypes: nobody comments on, assigns, follows, tags or
	attaches to an app document outside their units, nor makes someone else do so."""
	from vanhoa_congso.permissions.ownership import in_setup

	if in_setup() or frappe.session.user == "Administrator" or doc.flags.public_notice_comment:
		return
	doctype_field, name_field = PLATFORM_REFERENCES[doc.doctype]
	reference = (doc.get(doctype_field), doc.get(name_field))
	if reference[0] not in app_doctypes():
		return
	for user in {frappe.session.user, *people_given_access(doc)} - {None, "", "Guest", "Administrator"}:
		if not document_visible(*reference, user, missing=doc.doctype == "File"):
			frappe.throw(
				_(
					"{0} {1} is outside the units of {2}; it cannot be shared, assigned or followed there."
				).format(_(reference[0]), reference[1], user)
				if user != frappe.session.user
				else _("{0} {1} is outside the units you work for.").format(_(reference[0]), reference[1]),
				ReferenceOutOfScopeError,
				title=_("Not permitted"),
			)


def people_given_access(doc) -> list[str]:
	"""The users a new record lets into the document: the assignee, the follower, the share's user."""
	if doc.doctype == "ToDo":
		return [doc.allocated_to]
	if doc.doctype == "Document Follow":
		return [doc.user]
	if doc.doctype == "DocShare":
		if doc.everyone and doc.share_doctype in app_doctypes() and scope.is_scoped(doc.share_doctype):
			frappe.throw(
				_("{0} cannot be shared with everyone; share it with people of its unit.").format(
					_(doc.share_doctype)
				),
				ReferenceOutOfScopeError,
				title=_("Not permitted"),
			)
		return [doc.user]
	return []


def keep_private(doc) -> None:
	"""Before a File is saved (overrides/file.py): a file attached to an app document is private, whoever uploads it and
	however; frappe serves a public file to anyone who has its address, logged in or not."""
	if doc.attached_to_doctype in app_doctypes() and not doc.is_private:
		doc.is_private = 1


def check_file(doc) -> None:
	"""Before frappe inserts a File (overrides/file.py): a new File record must not make someone else's
	private file readable.

	Frappe serves /private/files/X to whoever may read any File record with that URL, and a record
	created with the URL of an existing file reuses its bytes; so the creator must already be able to
	read one of the existing records of that URL."""
	from vanhoa_congso.permissions.ownership import in_setup

	keep_private(doc)
	if in_setup() or frappe.session.user == "Administrator" or doc.flags.ignore_permissions:
		return
	check_new_reference(doc)
	if not doc.file_url or doc.content or not doc.file_url.startswith("/private/"):
		return
	existing = frappe.get_all("File", filters={"file_url": doc.file_url}, pluck="name")
	if existing and not any(frappe.get_doc("File", name).is_downloadable() for name in existing):
		frappe.throw(
			_("This file belongs to a document you cannot open. Upload the file itself instead."),
			ReferenceOutOfScopeError,
			title=_("Not permitted"),
		)


ATTACH_FIELDTYPES = ("Attach", "Attach Image")


def check_attachments(doc, before, user: str) -> None:
	"""After validate of an app document: every file address newly put in an Attach field must be a
	private file the user may already read.

	Frappe attaches the file behind an Attach field's address once the document is saved, creating a
	File record for it if the file is attached elsewhere (frappe.core.doctype.file.utils
	.attach_files_to_document, without permission checks); so an address copied from another unit's
	document would become readable through one's own. A public address is open to anyone, logged in or
	not, which no dossier document of the app may be."""
	stored = {row.name: row for row in (before, *before.get_all_children())} if before else {}
	for row in (doc, *doc.get_all_children()):
		old = stored.get(row.name)
		for df in row.meta.get("fields", {"fieldtype": ["in", ATTACH_FIELDTYPES]}):
			url = row.get(df.fieldname)
			if not url or (old is not None and old.get(df.fieldname) == url):
				continue
			if url.startswith("/files/"):
				frappe.throw(
					_(
						'The file {0} in {1} is public: anyone who has its address can open it. Upload it again with "Is Private" ticked.'
					).format(url.rsplit("/", 1)[-1], _(df.label)),
					ReferenceOutOfScopeError,
					title=_("Not permitted"),
				)
			if url.startswith("/private/files/") and not can_attach(url, doc, user):
				frappe.throw(
					_(
						"The file {0} in {1} belongs to a document you cannot open. Upload the file itself instead."
					).format(url.rsplit("/", 1)[-1], _(df.label)),
					ReferenceOutOfScopeError,
					title=_("Not permitted"),
				)


def can_attach(url: str, doc, user: str) -> bool:
	"""Whether one of the File records of `url` is the user's own upload, is attached to this document,
	or is one the user may download."""
	for record in frappe.get_all(
		"File",
		filters={"file_url": url},
		fields=["name", "owner", "attached_to_doctype", "attached_to_name"],
	):
		if record.attached_to_doctype == doc.doctype and record.attached_to_name == doc.name:
			return True
		if not record.attached_to_doctype and record.owner == user:
			return True
		if frappe.get_doc("File", record.name).is_downloadable():
			return True
	return False
