"""Generated payloads thrown at every app doctype and every whitelisted method of the app, as users
restricted to one district: each call either succeeds with a valid result (everything it wrote is
within the user's units, and text is clean) or changes nothing.

The doctypes and methods are found, not listed: the app's doctype folders and frappe's register of
whitelisted functions. Calls run in-process inside a savepoint; a commit during a call would defeat
all-or-nothing and is itself a failure.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vanhoa_congso
from vanhoa_congso.demo import demo_email
from vanhoa_congso.permissions import ownership
from vanhoa_congso.permissions.registry import app_doctypes

USERS = ("canbo.thcsdoanket", "thamdinh.tplaichau", "thuky.hoidong")
EXAMPLES = settings(
	max_examples=12,
	deadline=None,
	derandomize=True,
	suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY_TEXT = st.sampled_from(
	[
		"<script>alert(1)</script>",
		'["<img src=x onerror=alert(1)>"]',
		'=HYPERLINK("http://x")',
		"Nguyễn\x0b Văn\x00 A\u202e",
		"A" * 3000,
		"",
		"   ",
		"DG-2024-00001' or '1'='1",
	]
)
TEXT = st.one_of(st.text(max_size=30), NASTY_TEXT)


def parents() -> list[str]:
	return [doctype for doctype in app_doctypes() if not frappe.get_meta(doctype).istable]


def listed() -> list[str]:
	"""Doctypes with a table of documents (a single doctype keeps one record in tabSingles)."""
	return [doctype for doctype in parents() if not frappe.get_meta(doctype).issingle]


def names_of(doctype: str) -> list[str]:
	return frappe.get_all(doctype, pluck="name", limit=50) or ["không-có"]


def field_strategy(df):
	fieldtype = df.fieldtype
	if fieldtype in ("Data", "Small Text", "Text", "Long Text", "Text Editor", "Read Only"):
		return TEXT
	if fieldtype in ("Int", "Check"):
		return st.one_of(st.integers(-(10**12), 10**12), st.sampled_from(["x", None, True]))
	if fieldtype in ("Float", "Currency", "Percent"):
		return st.one_of(
			st.floats(allow_nan=False, allow_infinity=False, width=32),
			st.integers(-(10**9), 10**9),
			st.just("x"),
		)
	if fieldtype == "Date":
		return st.one_of(st.dates().map(str), st.sampled_from(["2025-13-45", "x", None]))
	if fieldtype == "Select":
		return st.one_of(st.sampled_from((df.options or "").split("\n")), TEXT)
	if fieldtype in ("Link", "Dynamic Link"):
		return st.one_of(st.sampled_from(names_of(df.options) if fieldtype == "Link" else ["x"]), TEXT)
	if fieldtype in ("Attach", "Attach Image"):
		return st.sampled_from(["/private/files/x.txt", "/files/y.pdf", "http://evil.example/x", ""])
	return st.none()


def payload_strategy(doctype: str, depth: int = 0):
	meta = frappe.get_meta(doctype)
	optional = {}
	for df in meta.fields:
		if df.fieldtype in ("Table", "Table MultiSelect"):
			if depth == 0:
				optional[df.fieldname] = st.lists(payload_strategy(df.options, depth + 1), max_size=3)
		elif df.fieldtype not in ("Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading"):
			optional[df.fieldname] = field_strategy(df)
	if depth == 0:
		optional |= {
			"docstatus": st.sampled_from([0, 1, 2]),
			"owner": st.sampled_from(["Administrator", demo_email("canbo.thtamduong")]),
			"workflow_state": st.sampled_from(["Approved", "Forwarded to Council", "Draft"]),
		}
	return st.fixed_dictionaries({}, optional=optional)


def snapshot() -> dict[tuple[str, str], str]:
	state = {}
	for doctype in parents():
		if frappe.get_meta(doctype).issingle:
			state[(doctype, doctype)] = str(
				frappe.db.get_value(
					"Singles", {"doctype": doctype, "field": "modified"}, "value", order_by=None
				)
			)
			continue
		for row in frappe.get_all(doctype, fields=["name", "modified"]):
			state[(doctype, row.name)] = str(row.modified)
	return state


class CommitDuringCall(AssertionError):
	pass


def states() -> dict[tuple[str, str], tuple]:
	"""(workflow state, docstatus) of every document that has an approval state."""
	return {
		(doctype, row.name): (row.workflow_state, row.docstatus)
		for doctype in parents()
		if frappe.get_meta(doctype).has_field("workflow_state")
		for row in frappe.get_all(doctype, fields=["name", "workflow_state", "docstatus"])
	}


def attempt(user: str, call, approval_may_move: bool = False) -> None:
	"""Run `call` as `user`; check the outcome; undo everything."""
	frappe.db.savepoint("vhcs_property")
	before = snapshot()
	before_states = states()
	original_commit = frappe.db.commit
	frappe.db.commit = lambda *args, **kwargs: (_ for _ in ()).throw(CommitDuringCall("a call committed"))
	frappe.set_user(user)
	failed = None
	try:
		call()
	except CommitDuringCall:
		raise
	except Exception as error:  # any refusal is a valid answer; what matters is what it left behind
		failed = error
	finally:
		frappe.db.commit = original_commit
		frappe.set_user("Administrator")
		frappe.local.message_log = []
	try:
		after = snapshot()
		changed = [key for key, modified in after.items() if before.get(key) != modified]
		if failed is not None:
			assert not changed, f"refused ({type(failed).__name__}: {failed}) yet wrote {changed}"
		if not approval_may_move:
			moved = {
				key: value
				for key, value in states().items()
				if key in before_states and before_states[key] != value
			}
			assert not moved, f"an edit moved approval states: {moved}"
		for doctype, name in changed:
			assert frappe.has_permission(doctype, "read", doc=name, user=user), (
				f"{user} wrote {doctype} {name}, outside their units"
			)
			doc = frappe.get_doc(doctype, name)
			for row in (doc, *doc.get_all_children()):
				for df in row.meta.fields:
					value = row.get(df.fieldname)
					if isinstance(value, str) and df.fieldtype in ownership.TEXT_TYPES:
						assert not ownership.CONTROL_CHARACTERS.search(value), f"{doctype}.{df.fieldname}"
	finally:
		frappe.db.rollback(save_point="vhcs_property")


@pytest.mark.parametrize("login", USERS)
@pytest.mark.parametrize("doctype", parents())
def test_generated_documents_are_valid_or_refused(demo_data, doctype, login):
	user = demo_email(login)

	@EXAMPLES
	@given(payload=payload_strategy(doctype))
	def inserted(payload):
		attempt(user, lambda: frappe.get_doc({**payload, "doctype": doctype}).insert())

	inserted()


@pytest.mark.parametrize("login", USERS)
@pytest.mark.parametrize("doctype", listed())
def test_generated_changes_are_valid_or_refused(demo_data, doctype, login):
	user = demo_email(login)
	try:
		existing = frappe.get_list(doctype, pluck="name", limit=20, user=user)
	except frappe.PermissionError:
		existing = []
	# documents outside the user's reach are thrown at too
	existing = existing + frappe.get_all(doctype, pluck="name", limit=5)
	if not existing:
		pytest.skip(f"no {doctype} to change")

	@EXAMPLES
	@given(name=st.sampled_from(existing), payload=payload_strategy(doctype))
	def changed(name, payload):
		def save():
			doc = frappe.get_doc(doctype, name)
			doc.update(payload)
			doc.save()

		attempt(user, save)

	changed()


def app_methods() -> list:
	for module in pkgutil.walk_packages(vanhoa_congso.__path__, "vanhoa_congso."):
		if ".test" not in module.name and "benchmark" not in module.name and "demo" not in module.name:
			try:
				importlib.import_module(module.name)
			except Exception:
				continue
	return sorted(
		{function for function in frappe.whitelisted if function.__module__.startswith("vanhoa_congso.")},
		key=lambda function: f"{function.__module__}.{function.__name__}",
	)


def argument_strategy():
	names = st.sampled_from(
		[
			name
			for doctype in (
				"Emulation Evaluation",
				"Emulation Award",
				"Emulation Unit",
				"Emulation Plan",
				"Union Member",
			)
			for name in names_of(doctype)
		]
	)
	return st.one_of(
		names, TEXT, st.integers(-5, 3000), st.none(), st.lists(names, max_size=3).map(json.dumps)
	)


@pytest.mark.parametrize("login", USERS)
@pytest.mark.parametrize(
	"method", app_methods(), ids=lambda function: f"{function.__module__}.{function.__name__}"
)
def test_generated_calls_of_whitelisted_methods_are_valid_or_refused(demo_data, method, login):
	user = demo_email(login)
	parameters = [
		name
		for name, parameter in inspect.signature(inspect.unwrap(method)).parameters.items()
		if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
	]

	@EXAMPLES
	@given(arguments=st.fixed_dictionaries({name: argument_strategy() for name in parameters}))
	def called(arguments):
		# the workflow's own endpoints move states, within the rules the approval-chain tests check
		attempt(
			user,
			lambda: frappe.call(method, **arguments),
			approval_may_move=method.__module__ == "vanhoa_congso.workflow",
		)

	called()
