"""Frappe endpoints that read past the permission hooks, made to follow the scope rule.

Each override below (hooks.py `override_whitelisted_methods`) answers as frappe does, except where
frappe would read with `frappe.get_all`, the query builder or a client-chosen user and so skip the
`permission_query_conditions` and `has_permission` hooks that carry the rule (see scope.py). The
request gate (gate.py) keeps the originals from being reached by other names.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from vanhoa_congso.permissions import scope
from vanhoa_congso.permissions.registry import (
	DELETED_DOCUMENTS,
	PLATFORM_REFERENCES,
	PREPARED_REPORTS,
	app_doctypes,
)


def guarded(doctype: str | None) -> bool:
	"""Doctypes whose rows the app's hooks restrict: the app's own and frappe's records about them."""
	return bool(doctype) and (
		doctype in app_doctypes()
		or doctype in PLATFORM_REFERENCES
		or doctype in (DELETED_DOCUMENTS[0], PREPARED_REPORTS)
	)


# --- counts


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""`frappe.client.get_count` with permissions: frappe v15 counts with `frappe.db.count`, which checks
	nothing, so a like-filter on any column answered questions about any record. The desk's own list
	count (`frappe.desk.reportview.get_count`) applies roles, User Permissions and the hooks."""
	from frappe.desk.reportview import get_count as counted_with_permissions

	frappe.local.form_dict.update({"doctype": doctype, "filters": filters})
	frappe.local.form_dict.pop("debug", None)
	return counted_with_permissions()


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts; frappe counts "Assigned To" over every document of the doctype, so the
	app's doctypes count only the documents the user may see."""
	from frappe.desk.listview import get_group_by_count as frappe_group_by_count

	if field != "assigned_to" or not guarded(doctype):
		return frappe_group_by_count(doctype, current_filters, field)
	names = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), pluck="name")
	if not names:
		return []
	todo = frappe.qb.DocType("ToDo")
	count = frappe.query_builder.functions.Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (todo.reference_type == doctype)
			& (todo.reference_name.isin(names))
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=frappe.qb.desc)
		.limit(50)
		.run(as_dict=True)
	)


# --- link search


def standard_queries() -> set[str]:
	"""Search queries the app's forms name; another `query` could list an app doctype unscoped."""
	from vanhoa_congso.permissions import queries

	return {f"{queries.__name__}.{name}" for name in queries.QUERIES}


def scoped_search_arguments(doctype: str, query: str | None, ignore_user_permissions) -> bool:
	"""Frappe turns `ignore_user_permissions` into `ignore_permissions` for the whole search, which
	drops every rule; for the app's doctypes and frappe's records about them it is never honoured, and a
	custom query must be one of the app's own."""
	if not guarded(doctype):
		return bool(ignore_user_permissions)
	if query and query not in standard_queries():
		frappe.throw(_("This search is not available for {0}.").format(_(doctype)), frappe.PermissionError)
	return False


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import search_link as frappe_search_link

	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=scoped_search_arguments(doctype, query, ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import search_widget as frappe_search_widget

	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=scoped_search_arguments(doctype, query, ignore_user_permissions),
	)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""A link's title; frappe reads it for any document, the app's only for documents the user sees."""
	from frappe.desk.search import get_link_title as frappe_link_title

	if guarded(doctype) and not readable(doctype, docname):
		return docname
	return frappe_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Whether a typed link value exists; for the app's doctypes, only among the documents the user sees,
	so the answer does not reveal what other units hold."""
	from frappe.client import validate_link as frappe_validate_link

	if guarded(doctype) and isinstance(docname, str) and not readable(doctype, docname):
		return frappe._dict()
	return frappe_validate_link(doctype, docname, fields)


def readable(doctype: str, name: str) -> bool:
	if not frappe.db.exists(doctype, name):
		return False
	return bool(frappe.has_permission(doctype, "read", doc=name))


# --- forms


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""The desk's form load, with the document's history cut to the fields the user may read."""
	from frappe.desk.form.load import getdoc as frappe_getdoc

	frappe_getdoc(doctype, name)
	hide_unreadable_history(doctype)


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	from frappe.desk.form.load import get_docinfo as frappe_get_docinfo

	frappe_get_docinfo(doc, doctype, name)
	hide_unreadable_history(doctype or (doc.doctype if doc else None))


def hide_unreadable_history(doctype: str | None) -> None:
	"""Frappe shows every version of a document to whoever reads it, with the old and new value of each
	field; drop the changes of fields at permission levels the user cannot read (prize amounts)."""
	docinfo = frappe.response.get("docinfo")
	if not docinfo or not doctype or doctype not in app_doctypes():
		return
	hidden = unreadable_fields(doctype)
	if not hidden:
		return
	for version in docinfo.get("versions") or []:
		data = json.loads(version.get("data") or "{}")
		data["changed"] = [row for row in data.get("changed") or [] if row[0] not in hidden[doctype]]
		for row in data.get("row_changed") or []:
			table, fields = row[0], row[3]
			child = table_doctype(doctype, table)
			row[3] = [change for change in fields if change[0] not in hidden.get(child, set())]
		for key in ("added", "removed"):
			for _table, values in data.get(key) or []:
				for fieldname in hidden.get(table_doctype(doctype, _table), set()):
					values.pop(fieldname, None)
		version["data"] = json.dumps(data)


def unreadable_fields(doctype: str) -> dict[str, set[str]]:
	"""{doctype or child doctype: fields at a permission level the user cannot read}."""
	meta = frappe.get_meta(doctype)
	levels = set(meta.get_permlevel_access("read"))
	hidden = {doctype: {df.fieldname for df in meta.fields if df.permlevel and df.permlevel not in levels}}
	for table in meta.get_table_fields():
		child = frappe.get_meta(table.options)
		hidden[table.options] = {
			df.fieldname for df in child.fields if df.permlevel and df.permlevel not in levels
		}
	return {key: value for key, value in hidden.items() if value}


def table_doctype(doctype: str, table_field: str) -> str | None:
	df = frappe.get_meta(doctype).get_field(table_field)
	return df.options if df else None


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	"""Documents to cancel along with this one; frappe lists them whoever may see them."""
	from frappe.desk.form.linked_with import get_submitted_linked_docs as frappe_linked

	frappe.has_permission(doctype, doc=name, throw=True)
	result = frappe_linked(doctype, name, ignore_doctypes_on_cancel_all)
	docs = [
		row for row in result["docs"] if not guarded(row["doctype"]) or readable(row["doctype"], row["name"])
	]
	return {"docs": docs, "count": len(docs)}


# --- tags, charts, reports


@frappe.whitelist()
def get_tagged_docs(doctype, tag):
	from frappe.desk.doctype.tag.tag import get_tagged_docs as frappe_tagged

	if not guarded(doctype):
		return frappe_tagged(doctype, tag)
	return [(name,) for name in frappe.get_list(doctype, filters={"_user_tags": ("like", tag)}, pluck="name")]


@frappe.whitelist()
def dashboard_chart(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""Dashboard chart data. Frappe also draws a chart sent by the client, and reads heatmaps with
	`frappe.get_all`; only saved charts the user may open are drawn, and no heatmap over the app's data."""
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as frappe_chart

	if chart and not chart_name and "System Manager" not in frappe.get_roles():
		frappe.throw(_("Only saved dashboard charts can be shown."), frappe.PermissionError)
	if chart_name:
		frappe.has_permission("Dashboard Chart", doc=chart_name, throw=True)
	definition = (
		frappe.get_doc("Dashboard Chart", chart_name)
		if chart_name
		else frappe._dict(frappe.parse_json(chart))
	)
	if definition.get("type") == "Heatmap" and guarded(definition.get("document_type")):
		frappe.throw(
			_("A heatmap cannot be drawn over {0}; use a count or group-by chart.").format(
				_(definition.get("document_type"))
			),
			frappe.PermissionError,
		)
	return frappe_chart(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)


@frappe.whitelist()
@frappe.read_only()
def run_report(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""A report run as the session user: frappe filters a report's rows for a `user` the client names,
	and opens any prepared result by its name."""
	from frappe.desk.query_report import run as frappe_run

	parsed = frappe.parse_json(filters) if isinstance(filters, str) else filters
	prepared = (parsed or {}).get("prepared_report_name") if isinstance(parsed, dict) else None
	if prepared and frappe.db.get_value(PREPARED_REPORTS, prepared, "owner") != frappe.session.user:
		frappe.throw(_("This prepared report belongs to another user."), frappe.PermissionError)
	return frappe_run(
		report_name,
		filters=filters,
		user=frappe.session.user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)
