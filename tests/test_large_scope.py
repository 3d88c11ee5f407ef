"""A user whose units number in the hundreds, as a provincial manager's do: the answers kept for such a
scope within a request (frappe's allowed values as a set, the app's unit sets and ancestors) are the
answers of a small one, and follow a changed User Permission at once."""

import frappe
import frappe.permissions

from vanhoa_congso.permissions import frappe_patches, scope
from vanhoa_congso.rules import units
from vanhoa_congso.testing import make_member, make_unit, make_user

EMAIL = "large-scope@vhcs.test"


def test_a_scope_of_many_units_is_checked_like_a_small_one():
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	province = make_unit(units.PROVINCE)
	district = make_unit(units.DISTRICT, province.name)
	other_district = make_unit(units.DISTRICT, province.name)
	grassroots = [make_unit(units.GRASSROOTS, district.name) for _ in range(frappe_patches.REMEMBERED_FROM)]
	outside = make_unit(units.GRASSROOTS, other_district.name)
	inside_member = make_member(grassroots[-1].name).name
	outside_member = make_member(outside.name).name
	make_user(EMAIL, ["Emulation Manager"], "Large-Scope-2026!", [district.name])

	permissions = get_user_permissions(EMAIL)[units.UNIT]
	assert len(permissions) > frappe_patches.REMEMBERED_FROM
	assert getattr(frappe.permissions.get_allowed_docs_for_doctype, "vhcs_scoped", False)
	allowed = frappe.permissions.get_allowed_docs_for_doctype(permissions, "Union Member")
	assert isinstance(allowed, frappe_patches.AllowedDocs)
	assert sorted(allowed) == sorted(
		frappe.permissions.filter_allowed_docs_for_doctype(
			permissions, "Union Member", with_default_doc=False
		)
	)
	assert grassroots[0].name in allowed and outside.name not in allowed
	assert frappe.permissions.get_allowed_docs_for_doctype(permissions, "Union Member") is allowed

	assert frappe.has_permission("Union Member", "read", doc=inside_member, user=EMAIL)
	assert not frappe.has_permission("Union Member", "read", doc=outside_member, user=EMAIL)
	assert scope.is_visible("Union Member", frappe.get_doc("Union Member", inside_member), EMAIL)
	assert not scope.is_visible("Union Member", frappe.get_doc("Union Member", outside_member), EMAIL)

	# a second User Permission clears frappe's cache of them: the next check in the same request sees it
	frappe.get_doc(
		{"doctype": "User Permission", "user": EMAIL, "allow": units.UNIT, "for_value": other_district.name}
	).insert(ignore_permissions=True)
	assert get_user_permissions(EMAIL)[units.UNIT] is not permissions
	assert frappe.has_permission("Union Member", "read", doc=outside_member, user=EMAIL)
	assert scope.is_visible("Union Member", frappe.get_doc("Union Member", outside_member), EMAIL)
	assert outside.name in scope.allowed_units(EMAIL, "Union Member")


WHOLE_TREE = "whole-tree-scope@vhcs.test"


def test_a_scope_of_the_whole_tree_is_said_without_its_units_until_a_unit_lies_outside_it():
	roots = frappe.get_all(units.UNIT, filters={"parent_emulation_unit": ("is", "not set")}, pluck="name")
	make_user(WHOLE_TREE, ["Emulation Manager"], "Whole-Tree-2026!", roots)
	inside = make_member(make_unit(units.GRASSROOTS, make_unit(units.DISTRICT, roots[0]).name).name).name

	frappe.set_user(WHOLE_TREE)
	condition = scope.query_conditions(WHOLE_TREE, "Union Member")
	assert condition == "(ifnull(`tabUnion Member`.`emulation_unit`, '') != '')"
	assert frappe.get_list("Union Member", filters={"name": inside}, pluck="name") == [inside]
	# the evaluations' own unit field leaves the scope to the app's condition: frappe adds no list
	listed = frappe.get_list("Emulation Evaluation", fields=["name"], limit=1, run=False)
	assert "`emulation_unit`, '')=''" not in listed

	# a province the user was not given: the scope is no longer the whole tree, in the same request
	frappe.set_user("Administrator")
	other = make_unit(units.PROVINCE)
	outside = make_member(make_unit(units.GRASSROOTS, make_unit(units.DISTRICT, other.name).name).name).name
	frappe.set_user(WHOLE_TREE)
	condition = scope.query_conditions(WHOLE_TREE, "Union Member")
	assert "ifnull" not in condition and frappe.db.escape(roots[0]) in condition
	assert frappe.db.escape(other.name) not in condition
	assert frappe.get_list("Union Member", filters={"name": ("in", [inside, outside])}, pluck="name") == [
		inside
	]
