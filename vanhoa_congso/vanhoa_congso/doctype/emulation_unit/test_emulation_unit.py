import frappe
import pytest

from vanhoa_congso.rules import units
from vanhoa_congso.rules.units import (
	ClosedUnitError,
	LevelOrderError,
	ReorganisationError,
	UnitCycleError,
	UnitReferencedError,
)
from vanhoa_congso.testing import count, make_member, make_tree, make_unit


def test_grassroots_union_cannot_have_children():
	tree = make_tree()
	before = count("Emulation Unit")
	with pytest.raises(LevelOrderError, match="cannot have units under it"):
		make_unit(units.GRASSROOTS, tree.grassroots.name)
	assert count("Emulation Unit") == before
	assert tree.grassroots.is_group == 0
	assert tree.district.is_group == 1


def test_levels_must_descend():
	tree = make_tree()
	before = count("Emulation Unit")
	with pytest.raises(LevelOrderError, match="levels must descend"):
		make_unit(units.DISTRICT, tree.district.name)
	with pytest.raises(LevelOrderError, match="must have a parent"):
		make_unit(units.GRASSROOTS)
	with pytest.raises(LevelOrderError):
		make_unit(units.PROVINCE, tree.province.name)
	assert count("Emulation Unit") == before


def test_grassroots_directly_under_province_is_allowed():
	tree = make_tree()
	unit = make_unit(units.GRASSROOTS, tree.province.name)
	assert unit.parent_emulation_unit == tree.province.name


def test_cycle_is_refused_and_nothing_changes():
	tree = make_tree()
	other_district = make_unit(units.DISTRICT, tree.province.name)
	province = frappe.get_doc("Emulation Unit", tree.province.name)
	# A province under a district would be both a level error and a cycle; move a district under
	# itself through a sibling to hit the cycle check alone.
	district = frappe.get_doc("Emulation Unit", tree.district.name)
	district.parent_emulation_unit = district.name
	with pytest.raises(UnitCycleError):
		district.save()
	assert frappe.db.get_value("Emulation Unit", tree.district.name, "parent_emulation_unit") == province.name

	with pytest.raises(UnitCycleError):
		units.validate_no_cycle(tree.province.name, tree.grassroots.name)
	units.validate_no_cycle(tree.grassroots.name, other_district.name)


def test_parent_history_answers_parent_on_date():
	tree = make_tree()
	assert units.get_parent_on(tree.grassroots.name, "2020-05-01") == tree.district.name
	assert units.get_parent_on(tree.grassroots.name, "2018-05-01") is None
	assert units.get_ancestors_on(tree.grassroots.name, "2020-05-01") == [
		tree.district.name,
		tree.province.name,
	]


def test_reorganisation_moves_children_and_keeps_history():
	tree = make_tree()
	commune = make_unit(units.COMMUNE, tree.province.name, valid_from="2025-07-01")
	closed_child = make_unit(units.GRASSROOTS, tree.district.name, valid_to="2024-12-31")

	moved = units.reorganise(tree.district.name, tree.province.name, "2025-07-01", "QĐ giải thể")

	assert sorted(moved) == sorted([tree.grassroots.name, tree.grassroots_2.name])
	district = frappe.get_doc("Emulation Unit", tree.district.name)
	assert str(district.valid_to) == "2025-06-30"
	assert district.successor_unit == tree.province.name
	assert district.is_active == 0
	grassroots = frappe.get_doc("Emulation Unit", tree.grassroots.name)
	assert grassroots.parent_emulation_unit == tree.province.name
	assert units.get_parent_on(tree.grassroots.name, "2025-06-30") == tree.district.name
	assert units.get_parent_on(tree.grassroots.name, "2025-07-01") == tree.province.name
	assert units.get_ancestors_on(tree.grassroots.name, "2024-01-01") == [
		tree.district.name,
		tree.province.name,
	]
	# a unit already closed before the date stays where it was
	assert (
		frappe.db.get_value("Emulation Unit", closed_child.name, "parent_emulation_unit")
		== tree.district.name
	)
	# the nested set follows the move
	province = frappe.get_doc("Emulation Unit", tree.province.name)
	assert province.lft < grassroots.lft < grassroots.rgt < province.rgt
	assert commune.is_active == 1


def test_reorganisation_into_a_commune_union():
	tree = make_tree()
	commune = make_unit(units.COMMUNE, tree.province.name, valid_from="2025-07-01")
	units.reorganise(tree.district.name, commune.name, "2025-07-01")
	assert units.get_parent_on(tree.grassroots_2.name, "2025-08-01") == commune.name
	assert units.get_ancestors_on(tree.grassroots_2.name, "2025-08-01") == [commune.name, tree.province.name]


def test_reorganisation_refuses_bad_successor_and_writes_nothing():
	tree = make_tree()
	before = frappe.get_doc("Emulation Unit", tree.grassroots.name).parent_emulation_unit
	with pytest.raises(ReorganisationError, match="grassroots union"):
		units.reorganise(tree.district.name, tree.grassroots_2.name, "2025-07-01")
	with pytest.raises(ReorganisationError, match="own successor"):
		units.reorganise(tree.district.name, tree.district.name, "2025-07-01")
	late_commune = make_unit(units.COMMUNE, tree.province.name, valid_from="2026-01-01")
	with pytest.raises(ReorganisationError, match="does not exist on"):
		units.reorganise(tree.district.name, late_commune.name, "2025-07-01")
	assert frappe.db.get_value("Emulation Unit", tree.grassroots.name, "parent_emulation_unit") == before
	assert not frappe.db.get_value("Emulation Unit", tree.district.name, "valid_to")


def test_reorganisation_is_all_or_nothing():
	tree = make_tree()
	sector_union = make_unit(units.DISTRICT_EQUIVALENT, tree.province.name)
	# A district-level child cannot go under another district-level successor: the second move
	# fails after the first child would already have moved.
	make_unit(units.GRASSROOTS, tree.province.name)
	commune = make_unit(units.COMMUNE, tree.province.name)
	frappe.db.set_value("Emulation Unit", sector_union.name, "parent_emulation_unit", tree.district.name)
	with pytest.raises(LevelOrderError):
		units.reorganise(tree.district.name, commune.name, "2025-07-01")
	assert (
		frappe.db.get_value("Emulation Unit", tree.grassroots.name, "parent_emulation_unit")
		== tree.district.name
	)
	assert not frappe.db.get_value("Emulation Unit", tree.district.name, "valid_to")


def test_cannot_attach_to_a_closed_unit():
	tree = make_tree()
	closed = make_unit(units.DISTRICT, tree.province.name, valid_to="2020-12-31")
	with pytest.raises(ClosedUnitError):
		make_unit(units.GRASSROOTS, closed.name, valid_from="2021-03-01")


def test_referenced_unit_cannot_be_deleted_but_can_be_closed():
	tree = make_tree()
	make_member(tree.grassroots.name)
	with pytest.raises(UnitReferencedError, match="Close the unit instead"):
		frappe.delete_doc("Emulation Unit", tree.grassroots.name)
	assert frappe.db.exists("Emulation Unit", tree.grassroots.name)
	with pytest.raises(UnitReferencedError):
		frappe.delete_doc("Emulation Unit", tree.district.name)

	unit = frappe.get_doc("Emulation Unit", tree.grassroots.name)
	unit.valid_to = "2025-06-30"
	unit.save()
	assert unit.is_active == 0


def test_unreferenced_leaf_can_be_deleted():
	tree = make_tree()
	frappe.delete_doc("Emulation Unit", tree.grassroots_2.name)
	assert not frappe.db.exists("Emulation Unit", tree.grassroots_2.name)


def test_valid_to_before_valid_from_is_refused():
	tree = make_tree()
	with pytest.raises(frappe.ValidationError, match="cannot be earlier"):
		make_unit(units.GRASSROOTS, tree.district.name, valid_from="2020-01-01", valid_to="2019-01-01")
