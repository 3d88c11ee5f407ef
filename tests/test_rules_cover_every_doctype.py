"""The rules reach every app doctype by construction: a new doctype that is not declared, or whose
controller does not carry the rules, fails here before it can leak."""

import frappe
import pytest

from vanhoa_congso.controllers.app_document import AppChildDocument, AppRules
from vanhoa_congso.permissions import scope
from vanhoa_congso.permissions.registry import PLATFORM_REFERENCES, app_doctypes

DOCTYPES = app_doctypes()


def test_the_registry_lists_every_doctype_of_the_app():
	installed = set(
		frappe.get_all(
			"DocType", filters={"module": ("in", frappe.get_module_list("vanhoa_congso"))}, pluck="name"
		)
	)
	assert installed == set(DOCTYPES)


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_every_doctype_declares_its_place_in_the_unit_tree(doctype):
	if frappe.get_meta(doctype).istable:
		assert scope.parents_of(doctype), f"{doctype} is a table of no app doctype"
	else:
		assert scope.scope_of(doctype), f"declare the scope of {doctype} in permissions/scope.py SCOPES"


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_every_controller_carries_the_rules(doctype):
	controller = frappe.get_doc({"doctype": doctype}).__class__
	base = AppChildDocument if frappe.get_meta(doctype).istable else AppRules
	assert issubclass(controller, base), f"{controller.__name__} must inherit {base.__name__}"


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_every_doctype_has_both_permission_hooks(doctype):
	assert frappe.get_hooks("permission_query_conditions").get(doctype)
	assert frappe.get_hooks("has_permission").get(doctype)


@pytest.mark.parametrize("doctype", [*PLATFORM_REFERENCES, "Deleted Document", "Prepared Report"])
def test_frappes_records_about_documents_follow_them(doctype):
	assert "vanhoa_congso.permissions.platform.reference_conditions" in frappe.get_hooks(
		"permission_query_conditions"
	).get(doctype, [])
	assert "vanhoa_congso.permissions.platform.reference_has_permission" in frappe.get_hooks(
		"has_permission"
	).get(doctype, [])


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_no_scoped_doctype_is_indexed_for_global_search(doctype):
	"""Frappe's global search shows indexed text to every role that reads the doctype, ignoring units."""
	if scope.is_scoped(doctype):
		assert not [df.fieldname for df in frappe.get_meta(doctype).fields if df.in_global_search]


DERIVED = {
	"Emulation Evaluation": (
		"emulation_unit",
		"reviewing_unit",
		"direct_to_council",
		"sent_by",
		"forwarded_by",
		"approved_by",
		"self_percent",
		"final_percent",
		"classification",
	),
	"Emulation Award": (
		"status",
		"notice_start",
		"notice_end",
		"is_published",
		"total_amount",
		"issuing_body",
	),
	"Emulation Periodic Report": ("receiving_unit", "due_date", "submission_status", "submitted_on"),
	"Emulation Unit": ("is_active", "is_group", "successor_unit"),
	"Emulation Award Recipient": ("subject_name", "sector", "standard_amount", "revoked", "revoked_on"),
	"Emulation Evaluation Item": ("criterion_code", "criterion_text", "max_score", "weight"),
}


@pytest.mark.parametrize("doctype,fields", DERIVED.items())
def test_what_the_server_derives_is_server_owned(doctype, fields):
	"""The field-ownership rule reads the read_only mark; what the server derives must carry it."""
	from vanhoa_congso.permissions.ownership import server_owned_fields

	owned = {df.fieldname for df in server_owned_fields(frappe.get_meta(doctype))}
	assert set(fields) <= owned, sorted(set(fields) - owned)
