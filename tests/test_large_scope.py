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
