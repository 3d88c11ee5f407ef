"""The union hierarchy: level order, validity by date, and reorganisation."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Max
from frappe.utils import add_days, getdate

from vanhoa_congso import bulk_cache
from vanhoa_congso.permissions.ownership import allow_server_value

UNIT = "Emulation Unit"
HISTORY = "Emulation Unit Parent History"

PROVINCE = "Provincial Federation"
DISTRICT = "District Federation"
DISTRICT_EQUIVALENT = "District-Equivalent Union"
COMMUNE = "Commune Union"
GRASSROOTS = "Grassroots Union"

# Lower rank sits higher in the tree. District federations, district-equivalent unions and the
# commune/ward unions created in 2025 are all "direct upper-level" unions of grassroots unions.
LEVEL_RANK: dict[str, int] = {
	PROVINCE: 0,
	DISTRICT: 1,
	DISTRICT_EQUIVALENT: 1,
	COMMUNE: 1,
	GRASSROOTS: 2,
}


class LevelOrderError(frappe.ValidationError):
	pass


class UnitCycleError(frappe.ValidationError):
	pass


class ClosedUnitError(frappe.ValidationError):
	pass


class UnitReferencedError(frappe.ValidationError):
	pass


class ReorganisationError(frappe.ValidationError):
	pass


def can_have_children(level: str) -> bool:
	return level != GRASSROOTS


def validate_level_order(level: str, parent_level: str | None) -> None:
	"""Refuse a unit whose level does not sit strictly below its parent's."""
	if level not in LEVEL_RANK:
		frappe.throw(_("Unknown unit level {0}.").format(level), LevelOrderError)

	if not parent_level:
		if level != PROVINCE:
			frappe.throw(
				_("A unit of level {0} must have a parent unit. Choose the unit directly above it.").format(
					_(level)
				),
				LevelOrderError,
			)
		return

	if not can_have_children(parent_level):
		frappe.throw(
			_("A grassroots union cannot have units under it. Choose a higher-level unit as the parent."),
			LevelOrderError,
		)

	if LEVEL_RANK[level] <= LEVEL_RANK[parent_level]:
		frappe.throw(
			_("A unit of level {0} cannot be placed under a unit of level {1}: levels must descend.").format(
				_(level), _(parent_level)
			),
			LevelOrderError,
		)


def validate_no_cycle(unit: str, new_parent: str | None) -> None:
	"""Refuse a parent that is the unit itself or one of its descendants."""
	if not new_parent or not unit:
		return
	if new_parent == unit:
		frappe.throw(_("A unit cannot be its own parent."), UnitCycleError)

	seen = {unit}
	current = new_parent
	while current:
		if current in seen:
			frappe.throw(
				_("Unit {0} is below {1} in the tree, so it cannot become its parent.").format(
					new_parent, unit
				),
				UnitCycleError,
			)
		seen.add(current)
		current = frappe.db.get_value(UNIT, current, "parent_emulation_unit")


def is_active_on(valid_from, valid_to, on_date) -> bool:
	on_date = getdate(on_date)
	if valid_from and getdate(valid_from) > on_date:
		return False
	return not (valid_to and getdate(valid_to) < on_date)


def unit_is_active_on(unit: str, on_date) -> bool:
	values = frappe.db.get_value(UNIT, unit, ["valid_from", "valid_to"], as_dict=True)
	return bool(values) and is_active_on(values.valid_from, values.valid_to, on_date)


def validate_parent_open(parent: str, on_date) -> None:
	if parent and not unit_is_active_on(parent, on_date):
		frappe.throw(
			_("Unit {0} is closed on {1}; choose a unit that exists on that date as the parent.").format(
				parent, frappe.format(getdate(on_date), "Date")
			),
			ClosedUnitError,
		)


def get_parent_on(unit: str, on_date) -> str | None:
	"""The parent that `unit` had on `on_date`, read from its parent history.

	Units created before history was kept fall back to the current parent.
	"""
	on_date = getdate(on_date)
	history = frappe.qb.DocType(HISTORY)
	rows = (
		frappe.qb.from_(history)
		.select(history.parent_unit, history.from_date, history.to_date)
		.where((history.parent == unit) & (history.parenttype == UNIT))
		.orderby(history.from_date)
		.run(as_dict=True)
	)
	if not rows:
		return frappe.db.get_value(UNIT, unit, "parent_emulation_unit")
	return parent_in_history(rows, on_date)


def parent_in_history(rows, on_date: datetime.date) -> str | None:
	"""The parent of the first of a unit's history `rows` (by start date) that covers `on_date`."""
	for row in rows:
		starts = getdate(row.from_date) if row.from_date else datetime.date.min
		ends = getdate(row.to_date) if row.to_date else datetime.date.max
		if starts <= on_date <= ends:
			return row.parent_unit
	return None


def get_parents_on(names, on_date) -> dict[str, str | None]:
	"""{unit: `get_parent_on(unit, on_date)`} for those of `names` found under exactly that name, in
	two queries."""
	names = tuple(sorted(set(filter(None, names))))
	if not names:
		return {}
	on_date = getdate(on_date)
	current = dict(
		frappe.db.sql(
			f"select name, parent_emulation_unit from `tab{UNIT}` where name in %(names)s", {"names": names}
		)
	)
	history: dict[str, list] = {}
	for row in frappe.db.sql(
		f"""select parent, parent_unit, from_date, to_date from `tab{HISTORY}`
		where parenttype = %(unit)s and parent in %(names)s order by from_date""",
		{"unit": UNIT, "names": names},
		as_dict=True,
	):
		history.setdefault(row.parent, []).append(row)
	return {
		name: parent_in_history(history[name], on_date) if name in history else current[name]
		for name in names
		if name in current
	}


def get_ancestors_on(unit: str, on_date) -> list[str]:
	"""Ancestors of `unit` as the tree stood on `on_date`, nearest first."""
	ancestors: list[str] = []
	current = get_parent_on(unit, on_date)
	while current and current not in ancestors:
		ancestors.append(current)
		current = get_parent_on(current, on_date)
	return ancestors


def parents_on(on_date) -> dict[str, str | None]:
	"""{unit: its parent} for every unit that exists on `on_date`, as the tree stood then (two queries).

	Reports and roll-ups of past years read the tree of their own date: after the 2025 reorganisation
	the current tree no longer shows which district a grassroots union belonged to in 2022."""
	on_date = getdate(on_date)
	history = frappe.qb.DocType(HISTORY)
	dated: dict[str, str | None] = {}
	with_history: set[str] = set()
	for row in (
		frappe.qb.from_(history)
		.select(history.parent, history.parent_unit, history.from_date, history.to_date)
		.where(history.parenttype == UNIT)
		.run(as_dict=True)
	):
		with_history.add(row.parent)
		starts = getdate(row.from_date) if row.from_date else datetime.date.min
		ends = getdate(row.to_date) if row.to_date else datetime.date.max
		if starts <= on_date <= ends:
			dated[row.parent] = row.parent_unit
	table = frappe.qb.DocType(UNIT)
	parents: dict[str, str | None] = {}
	for name, parent, valid_from, valid_to in (
		frappe.qb.from_(table)
		.select(table.name, table.parent_emulation_unit, table.valid_from, table.valid_to)
		.run()
	):
		if is_active_on(valid_from, valid_to, on_date):
			parents[name] = dated.get(name) if name in with_history else parent
	return parents


def dated_parents(names, on_date) -> dict[str, tuple[str | None, bool]]:
	"""{unit: (its parent on `on_date`, whether it exists then)} for `names`, as `parents_on` reads the
	tree, in one query over these units only (each with its rows of history: a decision asks level by
	level up the tree, a report down it)."""
	names = tuple(sorted(set(names)))
	if not names:
		return {}
	on_date = getdate(on_date)
	found: dict[str, tuple[str | None, bool]] = {}
	dated: dict[str, str | None] = {}
	with_history: set[str] = set()
	# parameterised SQL rather than the query builder: a province's level holds thousands of names,
	# and building the IN list term by term cost more than the query
	for name, parent, valid_from, valid_to, history_row, parent_unit, from_date, to_date in frappe.db.sql(
		f"""select unit.name, unit.parent_emulation_unit, unit.valid_from, unit.valid_to,
			history.name, history.parent_unit, history.from_date, history.to_date
		from `tab{UNIT}` unit left join `tab{HISTORY}` history
			on history.parent = unit.name and history.parenttype = %(unit)s
		where unit.name in %(names)s""",
		{"unit": UNIT, "names": names},
	):
		found[name] = (parent, is_active_on(valid_from, valid_to, on_date))
		if history_row is None:
			continue
		with_history.add(name)
		starts = getdate(from_date) if from_date else datetime.date.min
		ends = getdate(to_date) if to_date else datetime.date.max
		if starts <= on_date <= ends:
			dated[name] = parent_unit
	return {
		name: (dated.get(name) if name in with_history else parent, active)
		for name, (parent, active) in found.items()
	}


def under_on(names, ancestor: str, on_date) -> set[str]:
	"""Those of `names` that are below `ancestor` on `on_date` (as `descendants_on` would find them),
	reading only their branches of the tree: a decision's handful of units, not the province's
	thousands."""
	names = {name for name in names if name}
	info: dict[str, tuple[str | None, bool]] = {}
	frontier = set(names)
	while frontier:
		info.update(dated_parents(frontier, on_date))
		frontier = {
			parent
			for name in frontier
			for parent, _active in [info.get(name, (None, False))]
			if parent and parent != ancestor and parent not in info
		}

	def below(name: str) -> bool:
		seen: set[str] = set()
		node = name
		while node not in seen:
			seen.add(node)
			parent, active = info.get(node, (None, False))
			if not active or not parent:
				return False
			if parent == ancestor:
				return True
			node = parent
		return False

	return {name for name in names if name != ancestor and below(name)}


def tree_state() -> str:
	"""A key that changes whenever a unit or a row of parent history is added, changed or removed,
	within the transaction that changes it as well as after."""
	state: list = []
	for doctype in (UNIT, HISTORY):
		table = frappe.qb.DocType(doctype)
		state += frappe.qb.from_(table).select(Count("*"), Max(table.modified)).run()[0]
	return ":".join(str(value) for value in state)


# long enough to serve a working day's reports, short enough that keys of past trees do not pile up
TREE_ANSWERS_KEPT = 6 * 3600


def kept_for_tree(name: str, args: tuple, compute: Callable[[], list]) -> list:
	"""`compute()`, kept in the site's cache under the state of the tree: every report and permission
	check of a province asks the same questions of a tree that changes a few times a year. A
	transaction that changed the tree has a state of its own, so it computes its own answer."""
	digest = hashlib.sha1(repr(args).encode()).hexdigest()
	key = f"vhcs_{name}:{tree_state()}:{digest}"
	memo = bulk_cache.request_memo("vhcs_tree_answers")
	found = memo.get(key)
	if found is None:
		# `expires`: frappe would otherwise remember the first miss for the rest of the request
		found = frappe.cache.get_value(key, expires=True)
	if found is None:
		found = compute()
		frappe.cache.set_value(key, found, expires_in_sec=TREE_ANSWERS_KEPT)
	memo[key] = found
	return list(found)


def descendants_on(unit: str, on_date) -> list[str]:
	"""Units below `unit` on `on_date` (not `unit` itself), in tree order: each unit followed by the
	units under it, children by name (kept for the state of the tree, see `kept_for_tree`).

	The tree of the date is read level by level from `unit` down, as `parents_on` reads it but only
	for the units that may be under it: a district's few hundred unions, not the province's tens of
	thousands with every row of their history (at the size of the largest province, reading the whole
	tree was most of the time of a district's Scoreboard)."""
	on_date = getdate(on_date)
	return kept_for_tree("descendants_on", (unit, str(on_date)), lambda: read_descendants(unit, on_date))


def read_descendants(unit: str, on_date: datetime.date) -> list[str]:
	children: dict[str, list[str]] = {}
	seen = {unit}
	frontier = {unit}
	while frontier:
		found = dated_parents(child_candidates(frontier), on_date)
		level = sorted(
			name
			for name, (parent, active) in found.items()
			if active and parent in frontier and name not in seen
		)
		for name in level:
			children.setdefault(found[name][0], []).append(name)
		seen.update(level)
		frontier = set(level)
	ordered: list[str] = []
	stack = list(reversed(children.get(unit, [])))
	while stack:
		current = stack.pop()
		ordered.append(current)
		stack.extend(reversed(children.get(current, [])))
	return ordered


def child_candidates(parents: set[str]) -> set[str]:
	"""Units that are or were under one of `parents`: by the parent they have now, or by a row of their
	parent history (`dated_parents` then says which are under it on a date)."""
	chosen = tuple(sorted(parents))
	return set(
		frappe.db.sql_list(
			f"select name from `tab{UNIT}` where parent_emulation_unit in %(chosen)s",
			{"chosen": chosen},
		)
	) | set(
		frappe.db.sql_list(
			f"""select distinct parent from `tab{HISTORY}`
			where parenttype = %(unit)s and parent_unit in %(chosen)s""",
			{"unit": UNIT, "chosen": chosen},
		)
	)


def current_descendants(unit: str) -> list[str]:
	"""Units below `unit` in the tree as it is now (closed units stay where they were closed)."""
	bounds = frappe.db.get_value(UNIT, unit, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	table = frappe.qb.DocType(UNIT)
	return [
		row[0]
		for row in frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft > bounds.lft) & (table.rgt < bounds.rgt))
		.orderby(table.lft)
		.run()
	]


def acting_unit(unit: str | None, on_date=None) -> str | None:
	"""`unit`, or the unit that took over its work if it was closed by `on_date` (today by default)."""
	on_date = getdate(on_date) if on_date else getdate()
	seen: set[str] = set()
	while unit and unit not in seen and not unit_is_active_on(unit, on_date):
		seen.add(unit)
		successor = frappe.db.get_value(UNIT, unit, "successor_unit")
		if not successor:
			break
		unit = successor
	return unit


def units_of_user(user: str | None = None) -> list[str] | None:
	"""Units the user is tied to by a User Permission (the units themselves, not their subtrees), or
	None when the user is not tied to any unit and so acts for all of them."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	# the query builder rather than frappe.get_all: every save of an app document asks, and the list
	# machinery cost more than the query
	permission = frappe.qb.DocType("User Permission")
	tied = (
		frappe.qb.from_(permission)
		.select(permission.for_value)
		.where((permission.user == user) & (permission.allow == UNIT))
		.orderby(permission.for_value)
		.run(pluck=True)
	)
	return tied or None


def acts_for(unit: str | None, user: str | None = None) -> bool:
	"""Whether the user speaks for `unit`: tied to it, or tied to no unit at all."""
	tied = units_of_user(user)
	return tied is None or (bool(unit) and unit in tied)


def record_parent_change(doc, new_parent: str | None, on_date, reason: str | None = None) -> None:
	"""Close the open history row of `doc` the day before `on_date` and open one for `new_parent`."""
	on_date = getdate(on_date)
	for row in doc.get("parent_history") or []:
		if not row.to_date:
			row.to_date = add_days(on_date, -1)
	if new_parent:
		doc.append("parent_history", {"parent_unit": new_parent, "from_date": on_date, "reason": reason})


def get_referencing_links(unit: str) -> list[tuple[str, str]]:
	"""(doctype, name) pairs of records that point at `unit` through any Link field."""
	fields = frappe.get_all(
		"DocField",
		filters={"fieldtype": "Link", "options": UNIT},
		fields=["parent", "fieldname"],
	) + frappe.get_all(
		"Custom Field",
		filters={"fieldtype": "Link", "options": UNIT},
		fields=["dt as parent", "fieldname"],
	)
	found: list[tuple[str, str]] = []
	for field in fields:
		meta = frappe.get_meta(field.parent)
		if meta.issingle:
			continue
		table = frappe.qb.DocType(field.parent)
		query = frappe.qb.from_(table).select(table.name).where(table[field.fieldname] == unit).limit(1)
		if meta.istable:
			query = query.select(table.parent, table.parenttype).where(
				~((table.parent == unit) & (table.parenttype == UNIT))
			)
		elif field.parent == UNIT:
			query = query.where(table.name != unit)
		row = query.run(as_dict=True)
		if row:
			found.append((row[0].get("parenttype") or field.parent, row[0].get("parent") or row[0].name))
	return found


def ensure_not_referenced(unit: str) -> None:
	references = get_referencing_links(unit)
	if references:
		doctype, name = references[0]
		frappe.throw(
			_(
				"Unit {0} cannot be deleted because {1} {2} refers to it. Close the unit instead by setting its Valid To date."
			).format(unit, _(doctype), name),
			UnitReferencedError,
		)


def reorganise(unit: str, successor: str, effective_date, reason: str | None = None) -> list[str]:
	"""Close `unit` the day before `effective_date` and move its active children under `successor`.

	Runs in one transaction: either every child moves and the unit closes, or nothing changes.
	Returns the names of the moved children.
	"""
	effective_date = getdate(effective_date)
	_validate_reorganisation(unit, successor, effective_date)

	savepoint = "vhcs_reorganise"
	frappe.db.savepoint(savepoint)
	try:
		moved = _move_children(unit, successor, effective_date, reason)
		closing = frappe.get_doc(UNIT, unit)
		closing.valid_to = add_days(effective_date, -1)
		closing.successor_unit = successor
		allow_server_value(closing, "successor_unit")
		closing.save()
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	frappe.db.release_savepoint(savepoint)
	return moved


def _validate_reorganisation(unit: str, successor: str, effective_date: datetime.date) -> None:
	if not unit or not successor:
		frappe.throw(_("Choose both the unit to close and its successor."), ReorganisationError)
	if unit == successor:
		frappe.throw(_("A unit cannot be its own successor."), ReorganisationError)
	for name in (unit, successor):
		if not frappe.db.exists(UNIT, name):
			frappe.throw(_("Unit {0} does not exist.").format(name), ReorganisationError)

	if not unit_is_active_on(unit, add_days(effective_date, -1)):
		frappe.throw(
			_("Unit {0} is already closed before {1}.").format(unit, frappe.format(effective_date, "Date")),
			ReorganisationError,
		)
	if not unit_is_active_on(successor, effective_date):
		frappe.throw(
			_("The successor {0} does not exist on {1}.").format(
				successor, frappe.format(effective_date, "Date")
			),
			ReorganisationError,
		)
	successor_level = frappe.db.get_value(UNIT, successor, "level")
	if not can_have_children(successor_level):
		frappe.throw(
			_("The successor {0} is a grassroots union and cannot take units under it.").format(successor),
			ReorganisationError,
		)
	_validate_nothing_waiting(unit)
	if unit in get_ancestors_on(successor, effective_date) or unit in _current_ancestors(successor):
		frappe.throw(
			_("The successor {0} lies under {1}; choose a unit outside the one being closed.").format(
				successor, unit
			),
			ReorganisationError,
		)


# (doctype, field naming the unit a document waits at, status field, status while it waits there)
WAITING_AT_UNIT = (
	("Emulation Evaluation", "reviewing_unit", "workflow_state", "Sent for Review"),
	("Emulation Registration", "receiving_unit", "status", "Sent"),
	("Emulation Review Report", "receiving_unit", "status", "Sent"),
	("Emulation Nomination Batch", "receiving_unit", "status", "Sent"),
)


def _validate_nothing_waiting(unit: str) -> None:
	"""A unit that still holds documents sent to it cannot close: nobody could act on them after."""
	for doctype, unit_field, status_field, waiting in WAITING_AT_UNIT:
		if not frappe.db.table_exists(doctype):
			continue
		name = frappe.db.get_value(doctype, {unit_field: unit, status_field: waiting}, "name")
		if name:
			frappe.throw(
				_(
					"{0} {1} still waits for {2} to act on it; forward, acknowledge or return what was sent to {2} before closing it."
				).format(_(doctype), name, unit),
				ReorganisationError,
			)


def _current_ancestors(unit: str) -> list[str]:
	ancestors = []
	current = frappe.db.get_value(UNIT, unit, "parent_emulation_unit")
	while current and current not in ancestors:
		ancestors.append(current)
		current = frappe.db.get_value(UNIT, current, "parent_emulation_unit")
	return ancestors


def _move_children(unit: str, successor: str, effective_date: datetime.date, reason: str | None) -> list[str]:
	moved = []
	children = frappe.get_all(
		UNIT,
		filters={"parent_emulation_unit": unit},
		fields=["name", "valid_from", "valid_to"],
		order_by="lft",
	)
	for child in children:
		if not is_active_on(child.valid_from, child.valid_to, effective_date):
			continue
		doc = frappe.get_doc(UNIT, child.name)
		doc.flags.parent_change_date = effective_date
		doc.flags.parent_change_reason = reason
		doc.parent_emulation_unit = successor
		doc.save()
		moved.append(child.name)
	return moved


def clear_user_permission_cache() -> None:
	"""User Permissions on a tree are expanded to descendants and cached per user (v15 does not
	invalidate the cache when nodes are added or moved), so drop the cache after changes."""
	frappe.cache.delete_value("user_permissions")
