"""Shared pieces of the app's script reports: unit subtrees and the user's scope."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.utils import cint, getdate

from vanhoa_congso.permissions.scope import allowed_units

UNIT = "Emulation Unit"


def subtree(unit: str) -> list[str]:
	"""`unit` and every unit below it in the current tree."""
	bounds = frappe.db.get_value(UNIT, unit, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	table = frappe.qb.DocType(UNIT)
	return [
		row[0]
		for row in frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft >= bounds.lft) & (table.rgt <= bounds.rgt))
		.run()
	]


def scoped_units(unit_filter: str | None = None) -> list[str] | None:
	"""Units a report may show: the filter's subtree, narrowed to the user's own units (None = all)."""
	allowed = allowed_units(frappe.session.user) if frappe.session.user != "Administrator" else None
	chosen = subtree(unit_filter) if unit_filter else None
	if allowed is None:
		return chosen
	if chosen is None:
		return allowed
	allowed_set = set(allowed)
	return [unit for unit in chosen if unit in allowed_set]


def unit_names(names) -> dict[str, str]:
	return {name: values[0] for name, values in unit_values(names, "unit_name").items()}


def unit_values(names, *fields: str) -> dict[str, tuple]:
	"""{unit: (its `fields`...)} for `names`, in one query.

	Parameterised SQL rather than the query builder: a province's report names thousands of units, and
	building their IN list term by term cost more than the query."""
	names = tuple(sorted({name for name in names if name}))
	if not names:
		return {}
	meta = frappe.get_meta(UNIT)
	# the column names go into the SQL text: only the doctype's own fields may
	unknown = [field for field in fields if not meta.has_field(field)]
	if unknown or not fields:
		raise ValueError(f"not fields of {UNIT}: {unknown or fields}")
	columns = ", ".join(f"`{field}`" for field in fields)
	return {
		row[0]: tuple(row[1:])
		for row in frappe.db.sql(
			f"select name, {columns} from `tab{UNIT}` where name in %(names)s", {"names": names}
		)
	}


# past this many units a report's labels come from the whole tree's (see `unit_labels`)
MANY_UNITS = 500


def unit_labels(names) -> dict[str, tuple]:
	"""{unit: (unit_name, level)} for `names`. A province's report names thousands of units: their
	labels are taken from the whole tree's, kept in the site's cache under the state of the tree (a
	renamed unit changes it), rather than from a query that lists thousands of names for the
	database to parse (at 6,000 units it cost more than reading the whole tree)."""
	from vanhoa_congso.rules.units import kept_for_tree

	names = {name for name in names if name}
	if len(names) <= MANY_UNITS:
		return unit_values(names, "unit_name", "level")
	every = {
		name: (unit_name, level)
		for name, unit_name, level in kept_for_tree(
			"unit_labels", (), lambda: frappe.db.sql(f"select name, unit_name, level from `tab{UNIT}`")
		)
	}
	return {name: every[name] for name in names if name in every}


# A read too large for one packed text comes back in parts of this many rows (see `listed_rows`):
# about 10 MB of evaluations, under MariaDB's default max_allowed_packet of 16 MB
PACKED_ROWS = 20_000
# ASCII's unit and record separators: no name, label or number holds them, and a value that does is
# read the plain way
FIELD_SEPARATOR, ROW_SEPARATOR = "\x1f", "\x1e"
PACKED_BYTES = 16 * 1024 * 1024
NUMBER_TYPES = {"Float", "Currency", "Percent"}
WHOLE_NUMBER_TYPES = {"Int", "Check"}


def listed_rows(
	doctype: str, filters: dict, fields: list[str], narrowed: dict[str, str] | None = None
) -> list[tuple]:
	"""`frappe.get_list(doctype, filters=filters, fields=fields, as_list=True)` ordered by name, as
	the user: the same rows through the same permission conditions, for reads of thousands of rows.
	`narrowed` names JSON columns of which only one key is wanted ({field: key}): each comes back as
	the JSON text of an object holding that key alone.

	PyMySQL decodes every field of every row in Python: a province's Scoreboard of 12,500 rows of 11
	fields spent two thirds of its time there. Here the query that frappe builds for the user, its
	permission conditions and its order included, is read back packed by the database into one text,
	which Python splits at C speed; a text too long for one packet is read again in parts of
	`PACKED_ROWS` rows. Whatever does not come back whole (a value holding a separator, a part cut
	short by the database) is read again the plain way, as on a database other than MariaDB."""
	narrowed = narrowed or {}
	meta = frappe.get_meta(doctype)
	types = [
		"Data" if field == "name" else getattr(meta.get_field(field), "fieldtype", None) for field in fields
	]
	if (
		"name" not in fields
		or not all(fieldtype and fieldtype not in no_value_fields for fieldtype in types)
		or any(field not in fields or types[fields.index(field)] != "JSON" for field in narrowed)
	):
		# the field names go into the SQL text: only the doctype's own columns may
		raise ValueError(f"listed_rows reads the name and columns of {doctype}: {fields}, {narrowed}")
	order_by = f"`tab{doctype}`.`name`"
	if frappe.db.db_type != "mariadb":
		return narrow(plain_rows(doctype, filters, fields, order_by), fields, narrowed)
	# built once: a provincial manager's permission conditions list thousands of units (over half a
	# second of frappe's time at 30,000 units), so the fallback runs the same text
	listed = frappe.get_list(doctype, filters=filters, fields=fields, order_by=order_by, run=0)
	if not isinstance(listed, str):
		return narrow(plain_rows(doctype, filters, fields, order_by), fields, narrowed)
	columns = [
		f"json_object({frappe.db.escape(narrowed[field])}, json_query(`{field}`, {frappe.db.escape('$.' + narrowed[field])}))"
		if field in narrowed
		else f"ifnull(`{field}`, '')"
		for field in fields
	]
	rows = packed_rows(listed, columns, types)
	if rows is None:
		rows = narrow([tuple(row) for row in frappe.db.sql(listed)], fields, narrowed)
	return rows


def plain_rows(doctype: str, filters: dict, fields: list[str], order_by: str) -> list[tuple]:
	return [
		tuple(row)
		for row in frappe.get_list(doctype, filters=filters, fields=fields, order_by=order_by, as_list=True)
	]


def narrow(rows: list[tuple], fields: list[str], narrowed: dict[str, str]) -> list[tuple]:
	"""What the packed read gives of each narrowed JSON column, for rows read the plain way."""
	if not narrowed:
		return rows
	positions = {fields.index(field): key for field, key in narrowed.items()}

	def only(text, key):
		value = json.loads(text) if text else None
		return json.dumps({key: value.get(key) if isinstance(value, dict) else None})

	return [
		tuple(only(value, positions[i]) if i in positions else value for i, value in enumerate(row))
		for row in rows
	]


def packed_rows(listed: str, columns: list[str], types: list[str]) -> list[tuple] | None:
	"""The rows of `listed`, the text of frappe's list query ordered by name, as `columns` (SQL
	over its fields) packed into one text, or when that is cut short into texts of `PACKED_ROWS`
	rows each; None when a part did not come back whole.

	Each part starts after the last name of the one before (an offset would read every earlier part
	again), and all are read in the request's one transaction, so from one snapshot (InnoDB's
	repeatable read). A part costs a run of frappe's query, so one text is tried first."""

	def part(after: str, limit: str) -> tuple[int, list[list[str]]]:
		# frappe's own query, its values escaped by frappe, inside a frame that adds a number and the
		# last name read, escaped by frappe
		((count, text),) = frappe.db.sql(
			f"set statement group_concat_max_len = {int(PACKED_BYTES)} for "
			f"select count(*), group_concat(concat_ws('{FIELD_SEPARATOR}', {', '.join(columns)}) "
			f"order by `name` separator '{ROW_SEPARATOR}') "
			f"from (select * from ({listed}) as `listed` {after}{limit}) as `part`"
		)
		return count, [line.split(FIELD_SEPARATOR) for line in text.split(ROW_SEPARATOR)] if count else []

	count, lines = part("", "")
	if len(lines) > count:
		# a value holds the row separator
		return None
	if len(lines) < count:
		# longer than one text may be
		lines = []
		while True:
			after = f"where `name` > {frappe.db.escape(lines[-1][0])} " if lines else ""
			count, found = part(after, f"order by `name` limit {int(PACKED_ROWS)}")
			if len(found) != count:
				return None
			lines += found
			if count < PACKED_ROWS:
				break
	if any(len(line) != len(columns) for line in lines):
		return None
	if not lines:
		return []
	# column by column: one conversion per column rather than a call per field (every line has
	# every field: checked above)
	columns_read = zip(*lines, strict=True)
	converted = [convert(column, fieldtype) for column, fieldtype in zip(columns_read, types, strict=True)]
	return list(zip(*converted, strict=True))


def convert(column: tuple[str, ...], fieldtype: str) -> list:
	"""A packed column's texts as frappe reads the field (an empty value as None)."""
	if fieldtype in NUMBER_TYPES:
		return [float(value) if value else None for value in column]
	if fieldtype in WHOLE_NUMBER_TYPES:
		return [int(value) if value else None for value in column]
	if fieldtype == "Date":
		return [getdate(value) if value else None for value in column]
	return [value or None for value in column]


# phases in the order they come within a year
PHASE_ORDER = ("First Half-Year", "Full Year", "Mid-term Review", "Final Review")


def translated(rows: list[dict], *fields: str) -> list[dict]:
	"""The rows with the values of `fields` (workflow states, classifications, subject types: English
	source strings) in the user's language, so that cells, exports and the grid's filters read them
	as the desk shows them everywhere else."""
	# a few distinct values over thousands of rows: each translated once
	seen: dict[str, str] = {}
	for row in rows:
		for field in fields:
			value = row.get(field)
			if value:
				if value not in seen:
					seen[value] = _(value)
				row[field] = seen[value]
	return rows


@frappe.whitelist()
@frappe.read_only()
def latest_plan_and_phase() -> dict:
	"""{"plan", "phase", "phase_year"} the app's reports open on: the latest phase with evaluations the user
	can see, in an issued plan whose period has begun; without such evaluations, the newest issued plan
	under way (else the last one)."""
	year = getdate().year
	plans = {
		plan.name: plan
		for plan in frappe.get_list(
			"Emulation Plan",
			filters={"docstatus": 1, "period_from_year": ("<=", year)},
			fields=["name", "period_to_year", "issue_date"],
			order_by="issue_date desc",
			limit_page_length=100,
		)
	}
	if not plans:
		return {}
	phases = frappe.get_list(
		"Emulation Evaluation",
		filters={"plan": ("in", list(plans)), "docstatus": ("<", 2)},
		fields=["plan", "phase", "phase_year"],
		group_by="plan, phase_year, phase",
		order_by="phase_year desc",
		limit_page_length=100,
	)
	if phases:

		def recency(row):
			under_way = cint(plans[row.plan].period_to_year) >= year
			return (
				cint(row.phase_year),
				PHASE_ORDER.index(row.phase) if row.phase in PHASE_ORDER else -1,
				under_way,
			)

		latest = max(phases, key=recency)
		return {"plan": latest.plan, "phase": latest.phase, "phase_year": cint(latest.phase_year)}
	under_way = [name for name, plan in plans.items() if cint(plan.period_to_year) >= year]
	return {"plan": (under_way or list(plans))[0]}
