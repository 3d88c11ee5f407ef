"""Who may write which field: one rule for every path that saves an app document.

Frappe writes a document through many doors: insert, save, update after submit, cancel,
`frappe.client.set_value`, the Data Import tool, bulk edits from the list. All of them run
`Document.run_before_save_methods`, where `AppDocument` calls `before_save` (before the controller
derives anything) and `after_validate` (once it has). So the rule below holds on every door:

- Server-owned fields (every `read_only` field that frappe does not fetch itself, in the document and
  its child rows) are never taken from the client: they are put back to their stored value (a new
  document: to their default) and the controller derives them again. Server code that sets one in an
  action before saving says so with `allow_server_value`.
- The fields a user may change depend on the document's state and the user's roles: a draft accepts
  every editable field from whoever may write it, unless the controller narrows that with
  `editable_fields(before, roles)`; a submitted document accepts only what the controller's
  `editable_fields_after_submit` names, and a cancelled one none (actions pass their intent through
  `doc.flags` and the controller applies it). `editable_fields` names parent
  fields, ``table`` (rows may be added, removed and filled freely), ``table[]`` (rows may be added or
  removed) and ``table.field`` (that field may change in any row).
- Text loses its control characters, which break exports and can hide text on screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model import default_fields, no_value_fields, table_fields
from frappe.utils import cint, cstr, flt, get_datetime, getdate

SERVER_SET_FLAG = "vhcs_server_set"
ANY = None  # `editable_fields` returns ANY when the draft is open to every editable field

# Fields frappe itself maintains on an app document: it sets them during amend, naming and the tree.
FRAPPE_OWNED = {"amended_from", "workflow_state", "lft", "rgt", "old_parent"}
TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor", "Markdown Editor", "Read Only")
# C0 controls but tab and line breaks, DEL, C1 controls, and the bidirectional overrides that can
# make text read differently on screen than it is stored
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class FieldOwnershipError(frappe.ValidationError):
	pass


def allow_server_value(doc, *fieldnames: str) -> None:
	"""Server code sets these server-owned fields of `doc` in this save; keep its values."""
	doc.flags.setdefault(SERVER_SET_FLAG, set()).update(fieldnames)


@contextmanager
def server_values(*fieldnames: str):
	"""Within this block server code sets these server-owned fields of every document it saves (the
	demo marks what it invents as demo data)."""
	previous = frappe.flags.vhcs_server_values
	frappe.flags.vhcs_server_values = set(previous or ()) | set(fieldnames)
	try:
		yield
	finally:
		frappe.flags.vhcs_server_values = previous


def strip_control_characters(value: str) -> str:
	return CONTROL_CHARACTERS.sub("", value)


def is_trusted() -> bool:
	return frappe.session.user == "Administrator"


def in_setup() -> bool:
	return bool(frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch)


def server_owned_fields(meta) -> list:
	return [
		df
		for df in meta.fields
		if df.read_only
		and df.fieldtype not in no_value_fields
		and not df.fetch_from
		and df.fieldname not in FRAPPE_OWNED
	]


def server_owned_tables(meta) -> list[str]:
	return [df.fieldname for df in meta.fields if df.fieldtype in table_fields and df.read_only]


def editable_value_fields(meta) -> list:
	owned = {df.fieldname for df in server_owned_fields(meta)}
	return [
		df
		for df in meta.fields
		if df.fieldtype not in no_value_fields
		and df.fieldname not in owned
		and df.fieldname not in FRAPPE_OWNED
	]


# --- the rule, at the start of each save


def before_save(doc) -> None:
	clean_text(doc)
	if in_setup():
		return
	before = doc.get_doc_before_save()
	restore_server_owned(doc, before)
	# what a state allows holds for everyone, Administrator included (frappe's roles give them every
	# role); only server code that says so with ignore_permissions passes
	if not doc.flags.ignore_permissions:
		check_editable(doc, before)


def clean_text(doc) -> None:
	text_fields: dict[str, list[str]] = {}
	for row in (doc, *doc.get_all_children()):
		if row.doctype not in text_fields:
			text_fields[row.doctype] = [df.fieldname for df in row.meta.fields if df.fieldtype in TEXT_TYPES]
		for fieldname in text_fields[row.doctype]:
			value = row.get(fieldname)
			if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
				row.set(fieldname, strip_control_characters(value))


def restore_server_owned(doc, before) -> None:
	kept = (doc.flags.get(SERVER_SET_FLAG) or set()) | (frappe.flags.vhcs_server_values or set())
	for df in server_owned_fields(doc.meta):
		if df.fieldname not in kept:
			doc.set(df.fieldname, before.get(df.fieldname) if before else initial_value(df))
	for fieldname in server_owned_tables(doc.meta):
		if fieldname not in kept:
			doc.set(fieldname, [row.as_dict() for row in before.get(fieldname)] if before else [])
	for table in doc.meta.get_table_fields():
		if table.fieldname in kept:
			continue
		stored = {row.name: row for row in before.get(table.fieldname)} if before else {}
		owned = server_owned_fields(frappe.get_meta(table.options))
		for row in doc.get(table.fieldname):
			old = stored.get(row.name)
			for df in owned:
				if f"{table.fieldname}.{df.fieldname}" not in kept:
					row.set(df.fieldname, old.get(df.fieldname) if old else initial_value(df))


def initial_value(df):
	if df.default not in (None, ""):
		return frappe.utils.cast(df.fieldtype, df.default) if df.fieldtype != "Select" else df.default
	return 0 if df.fieldtype == "Check" else None


def check_editable(doc, before) -> None:
	changed = changed_fields(doc, before)
	if not changed:
		return
	allowed = allowed_fields(doc, before)
	if allowed is ANY:
		return
	forbidden = sorted(field for field in changed if not is_allowed(field, set(allowed)))
	if forbidden:
		raise_forbidden(doc, before, forbidden)


def is_allowed(field: str, allowed: set[str]) -> bool:
	table, dot, _child = field.partition(".")
	if field in allowed:
		return True
	if dot:
		return table in allowed
	return f"{field}[]" in allowed


def allowed_fields(doc, before) -> Iterable[str] | None:
	roles = set(frappe.get_roles())
	if before is not None and before.docstatus == 2:
		return set()
	if before is not None and before.docstatus == 1:
		# a submitted document changes only through its actions, and what the controller names
		if hasattr(doc, "editable_fields_after_submit"):
			return doc.editable_fields_after_submit(before, roles)
		return set()
	if hasattr(doc, "editable_fields"):
		return doc.editable_fields(before, roles)
	return ANY


def raise_forbidden(doc, before, forbidden: list[str]) -> None:
	labels = ", ".join(field_label(doc.meta, field) for field in forbidden)
	if before is not None and before.docstatus == 1:
		message = _("{0} {1} is issued; it changes only through its actions, so {2} cannot be edited.")
	elif before is not None and before.docstatus == 2:
		message = _("{0} {1} is cancelled and cannot be edited ({2}).")
	else:
		message = _("In its current state you may not change these fields of {0} {1}: {2}.")
	frappe.throw(
		message.format(_(doc.doctype), doc.name if before is not None else "", labels),
		FieldOwnershipError,
		title=_("Not allowed"),
	)


def field_label(meta, field: str) -> str:
	table, _dot, child_field = field.partition(".")
	df = meta.get_field(table)
	if not df:
		return field
	if not child_field:
		return _(df.label or df.fieldname)
	child_df = frappe.get_meta(df.options).get_field(child_field)
	return f"{_(df.label)}: {_(child_df.label) if child_df else child_field}"


# --- what changed


def changed_fields(doc, before) -> set[str]:
	"""Fieldnames (and `table.field` for child rows, `table` for added or removed rows) whose value differs
	from the stored document; for a new document, the fields it sets."""
	changed = {
		df.fieldname
		for df in editable_value_fields(doc.meta)
		if normalise(df, doc.get(df.fieldname)) != normalise(df, before.get(df.fieldname) if before else None)
	}
	for table in doc.meta.get_table_fields():
		editable = editable_value_fields(frappe.get_meta(table.options))
		stored = {row.name: row for row in before.get(table.fieldname)} if before else {}
		rows = doc.get(table.fieldname)
		current = {row.name for row in rows if row.name}
		if set(stored) - current or any(not row.name or row.name not in stored for row in rows):
			changed.add(table.fieldname)
		for row in rows:
			old = stored.get(row.name)
			for df in editable:
				if normalise(df, row.get(df.fieldname)) != normalise(
					df, old.get(df.fieldname) if old else None
				):
					changed.add(f"{table.fieldname}.{df.fieldname}")
	return changed - set(default_fields)


def normalise(df, value):
	if value in (None, ""):
		return None
	fieldtype = df.fieldtype
	if fieldtype in ("Int", "Check", "Long Int"):
		return cint(value) or None
	if fieldtype in ("Float", "Currency", "Percent"):
		return flt(value) or None
	if fieldtype == "Date":
		return getdate(value)
	if fieldtype == "Datetime":
		return get_datetime(value)
	return cstr(value)
