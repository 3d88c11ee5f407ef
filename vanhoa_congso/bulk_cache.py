"""Answers kept for the length of one bulk operation (an import writing thousands of documents in one
transaction), where the same plan, criteria, units and permissions are asked for on every document.

Outside `kept()` nothing is cached: a test or a request sees every change at once. Inside, the
operation promises that what it caches does not change under it (it writes evaluations, not plans,
criteria, units or permissions)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from typing import TypeVar

import frappe

T = TypeVar("T")


@contextmanager
def kept():
	previous = frappe.flags.vhcs_bulk_cache
	frappe.flags.vhcs_bulk_cache = {} if previous is None else previous
	try:
		yield
	finally:
		frappe.flags.vhcs_bulk_cache = previous


def cached(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
	"""`compute()`, once per `key` within `kept()`; every time outside it."""
	store = frappe.flags.vhcs_bulk_cache
	if store is None:
		return compute()
	bucket = store.setdefault(kind, {})
	if key not in bucket:
		bucket[key] = compute()
	return bucket[key]


def remember(kind: str, key: Hashable, value) -> None:
	"""Give `cached(kind, key, ...)` its answer ahead, within `kept()` (nothing outside it)."""
	store = frappe.flags.vhcs_bulk_cache
	if store is not None:
		store.setdefault(kind, {})[key] = value


def request_memo(name: str) -> dict:
	"""A dict kept on `frappe.local` for the length of the request or job (frappe drops `frappe.local`
	when it ends). What goes in must be keyed on everything the answer depends on: a test process
	keeps the same `frappe.local` from test to test."""
	memo = getattr(frappe.local, name, None)
	if memo is None:
		memo = {}
		setattr(frappe.local, name, memo)
	return memo
