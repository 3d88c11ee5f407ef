"""The request gate: frappe's overridden endpoints are reached only by their own names.

`override_whitelisted_methods` replaces a method only when it is called by the exact name it is
registered under. Frappe reaches the original function by other roads too: another module that
imported it (an alias path), a test module, and the dispatchers that take a method name as an
argument (the tree's `tree_method`, the mapper's `method`, the upload's `method`, the link search's
`query`). Each request naming an overridden original any of those ways is refused here, before it runs.
The gate also makes sure the patches of frappe_patches.py are in place in this process.
"""

from __future__ import annotations

import functools
import inspect

import frappe
from frappe import _

from vanhoa_congso.permissions import frappe_patches

# dispatcher -> the request fields that name a method it will call
DISPATCHERS = {
	"frappe.desk.treeview.get_all_nodes": ("tree_method",),
	"frappe.model.mapper.map_docs": ("method",),
	"frappe.model.mapper.make_mapped_doc": ("method",),
	"frappe.handler.upload_file": ("method",),
	"upload_file": ("method",),
	"frappe.handler.uploadfile": ("method",),
	"uploadfile": ("method",),
	"frappe.desk.search.search_widget": ("query",),
	"frappe.desk.search.search_link": ("query",),
}


class GateRefused(frappe.PermissionError):
	pass


def before_request() -> None:
	frappe_patches.install()
	method = requested_method()
	if method:
		check_method(method)
		for field in DISPATCHERS.get(method, ()):
			named = frappe.form_dict.get(field)
			if isinstance(named, str) and named:
				check_dispatched(named)


def before_job() -> None:
	frappe_patches.install()


def requested_method() -> str | None:
	"""The method a request calls: `/api/method/<m>`, `/api/v2/method/<m>` (or `.../<doctype>/<m>`), `?cmd=`."""
	if frappe.form_dict.get("cmd"):
		return frappe.form_dict.cmd
	request = getattr(frappe.local, "request", None)
	path = request.path if request else ""
	for prefix in ("/api/method/", "/api/v1/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			return path[len(prefix) :].strip("/").split("/")[-1] or None
	return None


@functools.cache
def overridden_originals() -> dict[int, str]:
	"""{id of the original function: the name it may be called by} for every override of the app."""
	from vanhoa_congso.hooks import override_whitelisted_methods

	originals = {}
	for name in override_whitelisted_methods:
		try:
			originals[id(unwrap(frappe.get_attr(name)))] = name
		except Exception:
			continue
	return originals


def unwrap(function):
	return inspect.unwrap(function)


def resolve(name: str):
	try:
		return frappe.get_attr(name)
	except Exception:
		return None


def check_method(name: str) -> None:
	if ".test_" in name or ".tests." in name:
		refuse(name)
	function = resolve(name)
	if function is None:
		return
	canonical = overridden_originals().get(id(unwrap(function)))
	if canonical and canonical != name:
		refuse(name)


def check_dispatched(name: str) -> None:
	if ".test_" in name or ".tests." in name:
		refuse(name)
	function = resolve(name)
	if function is not None and id(unwrap(function)) in overridden_originals():
		refuse(name)


def refuse(name: str) -> None:
	frappe.throw(
		_("{0} cannot be called this way; call it by its own name.").format(name),
		GateRefused,
		title=_("Not permitted"),
	)
