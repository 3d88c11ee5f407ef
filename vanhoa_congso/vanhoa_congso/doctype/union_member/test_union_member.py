import frappe
import pytest

from vanhoa_congso.rules.members import LEFT, MemberUnitError
from vanhoa_congso.testing import count, make_member, make_tree


def test_member_must_belong_to_a_grassroots_union():
	tree = make_tree()
	before = count("Union Member")
	with pytest.raises(MemberUnitError, match="not a grassroots union"):
		make_member(tree.district.name)
	assert count("Union Member") == before


def test_member_in_grassroots_union_is_saved():
	tree = make_tree()
	member = make_member(tree.grassroots.name, full_name="  Nguyễn   Văn  An ")
	assert member.full_name == "Nguyễn Văn An"
	assert member.name.startswith("UM-")


def test_left_member_needs_a_date():
	tree = make_tree()
	with pytest.raises(frappe.ValidationError, match="date the member left"):
		make_member(tree.grassroots.name, status=LEFT)
	member = make_member(tree.grassroots.name, status=LEFT, left_on="2024-06-30", date_of_birth="1980-01-01")
	assert str(member.left_on) == "2024-06-30"
