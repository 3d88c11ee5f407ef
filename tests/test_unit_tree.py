"""The tree of union units as it stood on a date, read level by level, against the whole tree."""

import frappe
import pytest

from vanhoa_congso.rules import units


def whole_tree_descendants(unit: str, on_date) -> list[str]:
	"""What `descendants_on` gives, from `parents_on`'s whole tree of the date."""
	children: dict[str | None, list[str]] = {}
	for name, parent in sorted(units.parents_on(on_date).items()):
		children.setdefault(parent, []).append(name)
	found, seen, stack = [], {unit}, list(reversed(children.get(unit, [])))
	while stack:
		current = stack.pop()
		if current in seen:
			continue
		seen.add(current)
		found.append(current)
		stack.extend(reversed(children.get(current, [])))
	return found


@pytest.mark.parametrize("on_date", ["2019-06-30", "2022-12-31", "2025-06-30", "2025-08-20", "2026-12-01"])
def test_descendants_on_a_date_are_those_of_the_whole_tree_of_that_date(demo_data, on_date):
	"""Before, during and after the 2025 reorganisation of the demo's districts, for every unit."""
	every_unit = frappe.get_all("Emulation Unit", pluck="name", order_by="lft")
	assert frappe.db.count(units.HISTORY) > 0, "the demo moves units between districts"
	nonempty = 0
	for unit in every_unit:
		expected = whole_tree_descendants(unit, on_date)
		assert units.descendants_on(unit, on_date) == expected, unit
		nonempty += bool(expected)
	assert nonempty >= 3


def test_descendants_follow_the_tree_at_once():
	"""The subtree of a date is kept in the cache under the state of the tree: a unit moved, its dated
	parent changed, a unit added or removed is seen by the next read, and a rolled-back change is
	forgotten."""
	from vanhoa_congso.testing import make_tree, make_unit

	tree = make_tree()
	other = make_unit(units.DISTRICT, tree.province.name)
	frappe.db.commit()
	moved = tree.grassroots.name
	try:
		assert moved in units.descendants_on(tree.district.name, "2025-06-30")
		assert units.descendants_on(other.name, "2025-06-30") == []

		# the unit's history row changed by hand, then rolled back
		history = frappe.get_all(units.HISTORY, filters={"parent": moved}, pluck="name")
		assert len(history) == 1
		frappe.db.set_value(units.HISTORY, history[0], "parent_unit", other.name)
		assert units.descendants_on(other.name, "2025-06-30") == [moved]
		frappe.db.rollback()
		assert units.descendants_on(other.name, "2025-06-30") == []
		assert moved in units.descendants_on(tree.district.name, "2025-06-30")

		# moved to the other district from 2025: under the district before, under the other after
		unit = frappe.get_doc(units.UNIT, moved)
		unit.flags.parent_change_date = "2025-01-01"
		unit.parent_emulation_unit = other.name
		unit.save(ignore_permissions=True)
		assert units.descendants_on(other.name, "2025-06-30") == [moved]
		assert units.descendants_on(other.name, "2024-06-30") == []
		assert moved in units.descendants_on(tree.district.name, "2024-06-30")
		assert moved not in units.descendants_on(tree.district.name, "2025-06-30")

		added = make_unit(units.GRASSROOTS, other.name)
		assert units.descendants_on(other.name, "2025-06-30") == sorted([moved, added.name])
		frappe.delete_doc(units.UNIT, added.name, force=True, ignore_permissions=True)
		assert units.descendants_on(other.name, "2025-06-30") == [moved]
	finally:
		frappe.db.rollback()
		for name in (tree.grassroots_2.name, tree.grassroots.name, other.name, tree.district.name):
			frappe.delete_doc(units.UNIT, name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_many_units_are_labelled_from_the_kept_tree_and_a_renamed_unit_at_once(monkeypatch):
	from vanhoa_congso import report_utils
	from vanhoa_congso.testing import make_tree

	tree = make_tree()
	names = frappe.get_all(units.UNIT, pluck="name")
	# a province's report labels thousands of units; the demo's few stand in for them here
	monkeypatch.setattr(report_utils, "MANY_UNITS", 0)
	assert report_utils.unit_labels(names) == report_utils.unit_values(names, "unit_name", "level")

	renamed = frappe.get_doc(units.UNIT, tree.grassroots.name)
	renamed.unit_name = "Công đoàn cơ sở đổi tên"
	renamed.save()
	assert report_utils.unit_labels([renamed.name, "no such unit"]) == {
		renamed.name: ("Công đoàn cơ sở đổi tên", units.GRASSROOTS)
	}
