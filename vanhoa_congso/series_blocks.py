"""Naming-series numbers reserved once for a bulk operation's new documents.

Frappe names each document of a "format:" series with a locking read and an update of `tabSeries`. An
operation that knows how many new documents of a doctype it will write (`expect`, within
`bulk_cache.kept()`) takes them all from the series in one step, the first time one of them is named,
and gives each the next number of that block (`reserved_name`, from the controller's `autoname`). The
names are those frappe would have given one by one: the series moves by the same count, in the same
transaction, and a rollback puts it back. A document of another series, or one beyond the count, is
numbered by frappe's own `getseries`."""

from __future__ import annotations

import frappe
from frappe.model import naming
from frappe.utils import cint

RESERVED = "reserved_series"


def expect(doctype: str, count: int) -> None:
	"""Within `bulk_cache.kept()`: `count` new documents of `doctype` are about to be written."""
	store = frappe.flags.vhcs_bulk_cache
	if store is not None and count > 0:
		store.setdefault(RESERVED, {})[doctype] = {"count": count, "blocks": {}}


def forget(doctype: str) -> None:
	"""The operation has written its documents of `doctype`: later ones are named by frappe."""
	store = frappe.flags.vhcs_bulk_cache
	if store is not None:
		store.get(RESERVED, {}).pop(doctype, None)


def reserved_name(doc) -> str | None:
	"""The name of new `doc` from its series' reserved block, or None when no block is expected for
	its doctype (frappe then names it as usual)."""
	store = frappe.flags.vhcs_bulk_cache
	state = store.get(RESERVED, {}).get(doc.doctype) if store is not None else None
	autoname = doc.meta.autoname or ""
	if not state or not autoname.lower().startswith("format:"):
		return None
	blocks = state["blocks"]

	def number(key: str, digits: int) -> str:
		if key not in blocks:
			if not state["count"]:
				return naming.getseries(key, digits)
			first = reserve(key, state["count"])
			blocks[key] = [first, first + state["count"] - 1]
			state["count"] = 0
		block = blocks[key]
		if block[0] > block[1]:
			return naming.getseries(key, digits)
		block[0] += 1
		return ("%0" + str(digits) + "d") % (block[0] - 1)

	return format_name(autoname, doc, number)


def format_name(autoname: str, doc, number_generator) -> str:
	"""frappe's `naming._format_autoname`, numbering the series with `number_generator`."""
	value = autoname[autoname.find(":") + 1 :]
	value = naming.BRACED_PARAMS_WORD_PATTERN.sub(
		lambda match: naming.parse_naming_series([match.group()[1:-1]], doc=doc), value
	)

	def series_part(match):
		param = match.group()
		return naming.parse_naming_series(
			[param[1:-1]], doc=doc, key=value[: value.find(param)], number_generator=number_generator
		)

	return naming.BRACED_PARAMS_HASH_PATTERN.sub(series_part, value)


def reserve(key: str, count: int) -> int:
	"""Move series `key` on by `count` as `count` calls of frappe's `getseries` would; the first number."""
	series = frappe.qb.DocType("Series")
	current = frappe.qb.from_(series).where(series.name == key).for_update().select("current").run()
	if current and current[0][0] is not None:
		frappe.db.sql("UPDATE `tabSeries` SET `current` = `current` + %s WHERE `name`=%s", (count, key))
		return cint(current[0][0]) + 1
	frappe.db.sql("INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, %s)", (key, count))
	return 1
