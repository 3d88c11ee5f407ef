"""Either install order gives the integration's fields; either app leaving takes every trace of the
integration with it. (ERPNext's own uninstall fails at its last step on v15.53.4, so ERPNext leaving
is exercised through the hook frappe calls before it removes an app.)"""

import frappe
import pytest

from vanhoa_congso.integrations.erpnext.testing import map_unit, require_erpnext
from vanhoa_congso.testing import bench_run, collective, make_award, make_award_world

require_erpnext()

from vanhoa_congso import integrations  # noqa: E402
from vanhoa_congso.integrations.erpnext.setup import CUSTOM_FIELDS, has_column  # noqa: E402

APP_DOCTYPES = list(CUSTOM_FIELDS)


def integration_fields() -> set[tuple[str, str]]:
	return {
		(row.dt, row.fieldname)
		for row in frappe.get_all(
			"Custom Field", filters={"dt": ("in", APP_DOCTYPES)}, fields=["dt", "fieldname"]
		)
	}


EXPECTED = {(doctype, field["fieldname"]) for doctype, fields in CUSTOM_FIELDS.items() for field in fields}


def test_the_fields_are_there_and_the_hooks_registered():
	assert integration_fields() >= EXPECTED
	for doctype, fieldname in EXPECTED:
		assert has_column(doctype, fieldname), (doctype, fieldname)
	assert "vanhoa_congso.integrations.after_app_install" in frappe.get_hooks("after_app_install")
	assert "vanhoa_congso.integrations.before_app_uninstall" in frappe.get_hooks("before_app_uninstall")
	# the fields are on the app's doctypes only: ERPNext's own forms are left as they are
	assert not frappe.get_all(
		"Custom Field", filters={"module": ("like", "Vanhoa%"), "dt": ("not in", APP_DOCTYPES)}
	)


@pytest.mark.uninstall
def test_erpnext_leaving_takes_the_fields_and_their_columns_and_coming_back_restores_them():
	frappe.get_doc(
		{
			"doctype": "Property Setter",
			"doctype_or_field": "DocField",
			"doc_type": "Union Member",
			"field_name": "employee",
			"property": "label",
			"value": "Mã nhân viên",
			"property_type": "Data",
		}
	).insert()
	frappe.db.commit()
	try:
		integrations.before_app_uninstall("erpnext")
		frappe.db.commit()
		assert not integration_fields() & EXPECTED
		for doctype, fieldname in EXPECTED:
			assert not has_column(doctype, fieldname), (doctype, fieldname)
		assert not frappe.db.exists("Property Setter", {"doc_type": "Union Member", "field_name": "employee"})
		assert not frappe.get_meta("Union Member").has_field("employee")
		assert not frappe.get_all("Emulation Accounting Mapping")
	finally:
		integrations.after_app_install("erpnext")
		frappe.db.commit()
	assert integration_fields() >= EXPECTED
	assert frappe.get_meta("Union Member").has_field("employee")


@pytest.mark.uninstall
def test_uninstalling_the_app_leaves_no_trace_in_erpnext(books):
	site = frappe.local.site
	world = make_award_world(f"EU{frappe.generate_hash(length=4)}")
	map_unit(books, world.province)
	draft = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	draft.submit()
	booked = make_award(world.plan, world.province, [collective(world.others[0], world.form)])
	booked.submit()
	draft.reload(), booked.reload()
	frappe.get_doc("Journal Entry", booked.journal_entry).submit()
	frappe.get_doc("Journal Entry", draft.journal_entry).add_comment("Comment", "Chờ kế toán duyệt")
	frappe.db.commit()
	try:
		bench_run("--site", site, "uninstall-app", "vanhoa_congso", "--yes", "--no-backup", "--force")
		frappe.db.rollback()
		frappe.clear_cache()
		assert "vanhoa_congso" not in frappe.get_installed_apps()
		assert not frappe.get_all("Custom Field", filters={"dt": ("in", APP_DOCTYPES)})
		assert not frappe.get_all("Property Setter", filters={"doc_type": ("in", APP_DOCTYPES)})
		# the draft nobody posted goes, with what frappe kept about it; the submitted entry is the books
		assert not frappe.db.exists("Journal Entry", draft.journal_entry)
		assert not frappe.db.exists("Journal Entry Account", {"parent": draft.journal_entry})
		assert not frappe.db.exists("Comment", {"reference_name": draft.journal_entry})
		assert not frappe.db.exists("Deleted Document", {"deleted_name": draft.journal_entry})
		assert frappe.db.get_value("Journal Entry", booked.journal_entry, "docstatus") == 1
		# ERPNext's doctypes carry nothing of the app
		for doctype in ("Employee", "Journal Entry", "Company", "Department", "Account"):
			meta = frappe.get_meta(doctype)
			assert not [df.fieldname for df in meta.fields if (df.options or "").startswith("Emulation")]
	finally:
		frappe.db.rollback()
		if "vanhoa_congso" not in frappe.get_installed_apps():
			bench_run("--site", site, "install-app", "vanhoa_congso")
		frappe.db.rollback()
		frappe.clear_cache()
	# installed again beside ERPNext, the app's after_install brings the fields back
	assert integration_fields() >= EXPECTED
