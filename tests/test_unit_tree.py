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
