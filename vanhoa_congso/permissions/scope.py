"""The scope rule: which documents of the app a user may see and touch, in one place.

A user tied to units of the tree by User Permissions on Emulation Unit (each unit with its subtree)
works within those units; a user with none is not restricted. The rule is declared below per doctype
and expressed twice from that one declaration: as SQL for every list query (the
`permission_query_conditions` hook, which frappe applies to lists, counts, report view, exports, link
search, tree children and number cards) and as a test of one document (the `has_permission` hook, which
frappe applies to reading, printing, writing and files). Child tables follow their parent, and frappe's
own records about app documents (files, comments, versions...) follow the document they are about
(see `platform.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from vanhoa_congso import bulk_cache
from vanhoa_congso.permissions.registry import app_doctypes

UNIT = "Emulation Unit"
MANAGERS = ("System Manager", "Emulation Manager")


@dataclass(frozen=True)
class Scope:
	"""How a doctype sits in the unit tree.

	unit_field: the Emulation Unit link that places a document (``name`` for the unit itself).
	via: (link field, doctype) when a document takes the scope of the document it links to.
	upward: once issued, also visible to the units below (plans and decisions concern those under
	    their issuer); only read, never written, from below, and a draft never.
	draft_roles: a draft (docstatus 0) is visible only to these roles, who prepare and issue it.
	public: a master every app role reads whole (criteria, award forms, salary rates, sectors).

	A Link field that may point outside the user's units (the unit above that reviews an evaluation, the
	subjects of every district that a decision lists) says so with `ignore_user_permissions`.
	"""

	unit_field: str | None = None
	via: tuple[str, str] | None = None
	upward: bool = False
	draft_roles: tuple[str, ...] = ()
	public: bool = False


PUBLIC = Scope(public=True)

SCOPES: dict[str, Scope] = {
	"Emulation Unit": Scope(unit_field="name"),
	"Union Member": Scope(unit_field="emulation_unit"),
	"Emulation Evaluation": Scope(unit_field="emulation_unit"),
	"Emulation Periodic Report": Scope(unit_field="reporting_unit"),
	"Emulation Plan": Scope(unit_field="issuing_unit", upward=True, draft_roles=MANAGERS),
	# district-level unions prepare and issue their own Giấy khen through their reviewers
	"Emulation Award": Scope(
		unit_field="issuing_unit",
		upward=True,
		draft_roles=(*MANAGERS, "Emulation Council Secretary", "Upper-Level Reviewer"),
	),
	"Emulation Council Session": Scope(via=("plan", "Emulation Plan")),
	"Emulation Registration": Scope(unit_field="emulation_unit"),
	"Emulation Nomination Batch": Scope(unit_field="sending_unit"),
	"Emulation Review Report": Scope(unit_field="reporting_unit"),
	"Emulation Upward Proposal": Scope(unit_field="proposing_unit"),
	# a cluster names units of many districts, and each of them reads it
	"Emulation Cluster": PUBLIC,
	"Ethnic Group": PUBLIC,
	"Outgoing Document Counter": Scope(unit_field="issuing_unit"),
	# written only by the server, in the transaction that issues, revokes or cancels a decision
	"Emulation Quota Counter": Scope(via=("plan", "Emulation Plan")),
	# settings of the printed certificates' layout, kept by those who issue them
	"Certificate Print Settings": PUBLIC,
	# which Company and accounts pay each issuing unit's prizes (with ERPNext), kept by the managers
	"Emulation Accounting Settings": PUBLIC,
	"Award Form": PUBLIC,
	"Base Salary Rate": PUBLIC,
	"Emulation Criteria Set": PUBLIC,
	"Emulation Criterion": PUBLIC,
	"Emulation Sector": PUBLIC,
}


class OutOfScopeError(frappe.PermissionError):
	pass


# --- what the app owns


def parents_of(child_doctype: str) -> list[str]:
	"""App doctypes that hold `child_doctype` as a table (kept in the site cache, which migrate clears)."""
	return frappe.cache.get_value("vhcs_table_parents", table_parents).get(child_doctype, [])


def table_parents() -> dict[str, list[str]]:
	holders: dict[str, set[str]] = {}
	for row in frappe.get_all(
		"DocField",
		filters={"fieldtype": ("in", ("Table", "Table MultiSelect")), "parent": ("in", list(app_doctypes()))},
		fields=["parent", "options"],
	):
		holders.setdefault(row.options, set()).add(row.parent)
	return {child: sorted(parents) for child, parents in holders.items()}


def scope_of(doctype: str) -> Scope | None:
	return SCOPES.get(doctype)


def is_scoped(doctype: str) -> bool:
	"""An app doctype whose documents are not open to every app role (one nobody declared a scope for
	is closed, so it counts)."""
	if doctype not in app_doctypes():
		return False
	if frappe.is_table(doctype):
		return any(is_scoped(parent) for parent in parents_of(doctype))
	rule = scope_of(doctype)
	return rule is None or not rule.public


# --- the user's units


def allowed_units(user: str, doctype: str | None = None) -> list[str] | None:
	"""Units the user works in (each with its subtree, as frappe expands User Permissions), or None
	when the user is not restricted. Only permissions that apply to `doctype` count."""
	if user == "Administrator":
		return None
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions
	from frappe.permissions import filter_allowed_docs_for_doctype

	permissions = get_user_permissions(user).get(UNIT)
	if not permissions:
		return None
	if doctype:
		# A request checks many links of one doctype against a provincial manager's thousands of
		# units; the answer holds while frappe hands back the same expanded permissions object (it
		# builds a new one whenever its cache of them is cleared), and lives only as long as the request.
		memo = bulk_cache.request_memo("vhcs_allowed_units")
		kept = memo.get((user, doctype))
		if kept and kept[0] is permissions:
			return kept[1]
		allowed = filter_allowed_docs_for_doctype(permissions, doctype, with_default_doc=False)
		# a permission for other doctypes only does not restrict this one
		if not allowed and not any(
			not row.get("applicable_for") or row.get("applicable_for") == doctype for row in permissions
		):
			allowed = None
		memo[(user, doctype)] = (permissions, allowed)
		return allowed
	return [row.get("doc") for row in permissions]


def units_above(units: list[str]) -> list[str]:
	"""Ancestors of `units` in the current tree: one query per level, from the units' parents up to
	the root. (A join on the nested-set bounds compares every unit with every unit of the tree; for a
	provincial manager, whose units are the whole province, that took 50 s at scale 50.)

	Every permission check of a restricted user asks this of the same units, the user's whole scope:
	the answer is kept in the site's cache under the state of the tree (`units.kept_for_tree`), so it
	is read again as soon as a unit is added, moved or removed."""
	from vanhoa_congso.rules.units import kept_for_tree

	if not units:
		return []
	return kept_for_tree("units_above", tuple(sorted(set(units))), lambda: read_units_above(units))


def read_units_above(units: list[str]) -> list[str]:
	unit = frappe.qb.DocType(UNIT)
	ancestors: set[str] = set()
	asked: set[str] = set()
	frontier = set(units)
	while frontier:
		asked |= frontier
		parents = {
			row[0]
			for row in frappe.qb.from_(unit)
			.select(unit.parent_emulation_unit)
			.distinct()
			.where(unit.name.isin(sorted(frontier)))
			.where(unit.parent_emulation_unit.isnotnull())
			.run()
			if row[0]
		}
		ancestors |= parents
		frontier = parents - asked
	return sorted(ancestors)


READ_PTYPES = ("read", "select", "print", "email", "report", "export")


def visible_units(user: str, doctype: str, ptype: str = "read", draft: bool = False) -> list[str] | None:
	"""Values the doctype's unit field may hold for the user (None = any)."""
	rule = scope_of(doctype)
	units = allowed_units(user, doctype)
	if units is None:
		return None
	upward = rule.upward and ptype in READ_PTYPES and not draft
	if not upward:
		return units
	# once per request for the same units (the ancestors of a request's own tree changes are seen
	# from its next request on)
	memo = bulk_cache.request_memo("vhcs_upward_units")
	kept = memo.get((user, doctype))
	if kept is None or kept[0] is not units:
		above = bulk_cache.cached("units_above", tuple(units), lambda: units_above(units))
		kept = memo[(user, doctype)] = (units, sorted(set(units) | set(above)))
	return kept[1]


def sees_drafts(user: str, rule: Scope) -> bool:
	return (
		not rule.draft_roles
		or user == "Administrator"
		or bool(set(rule.draft_roles) & set(frappe.get_roles(user)))
	)


def can_read_field(doctype: str, fieldname: str, user: str | None = None) -> bool:
	"""Whether the user may read a field kept at a higher permission level (prize amounts)."""
	meta = frappe.get_meta(doctype)
	df = meta.get_field(fieldname)
	return not df or not df.permlevel or df.permlevel in meta.get_permlevel_access("read", user=user)


# --- the rule as SQL


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""`permission_query_conditions` for every app doctype: a SQL condition, "" when unrestricted."""
	user = user or frappe.session.user
	if frappe.is_table(doctype):
		return child_conditions(user, doctype)
	return parent_conditions(user, doctype, f"`tab{doctype}`")


def parent_conditions(user: str, doctype: str, table: str) -> str:
	rule = scope_of(doctype)
	if rule is None:
		# an app doctype nobody declared a scope for stays closed until someone does
		return "1=0"
	if rule.public or user == "Administrator":
		return ""
	conditions = []
	if not sees_drafts(user, rule):
		conditions.append(f"{table}.`docstatus` != 0")
	if rule.via:
		fieldname, target = rule.via
		inner = parent_conditions(user, target, f"`tab{target}`")
		if inner:
			conditions.append(f"{table}.`{fieldname}` in (select `name` from `tab{target}` where {inner})")
	else:
		units = visible_units(user, doctype)
		if units is not None:
			column = f"{table}.`{rule.unit_field}`"
			if rule.upward:
				# issued documents of the units above, drafts of one's own units only
				own = visible_units(user, doctype, draft=True)
				conditions.append(
					f"({table}.`docstatus` != 0 and {unit_condition(column, units)})"
					f" or ({table}.`docstatus` = 0 and {unit_condition(column, own)})"
				)
			else:
				conditions.append(unit_condition(column, units))
	return " and ".join(f"({condition})" for condition in conditions)


def child_conditions(user: str, doctype: str) -> str:
	table = f"`tab{doctype}`"
	parts = []
	open_to_all = True
	for parent in parents_of(doctype):
		inner = parent_conditions(user, parent, f"`tab{parent}`")
		quoted = frappe.db.escape(parent)
		if inner:
			open_to_all = False
			parts.append(
				f"({table}.`parenttype` = {quoted} and {table}.`parent` in (select `name` from `tab{parent}` where {inner}))"
			)
		else:
			parts.append(f"{table}.`parenttype` = {quoted}")
	if open_to_all:
		return ""
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def unit_condition(column: str, units: list[str]) -> str:
	"""SQL: `column` holds one of `units`. A scope that is the whole tree (the managers of a provincial
	federation on its own site) is said as "has a unit": a list of its thousands of units would go
	into every list query the managers run, for the database to parse each time, and a subquery of
	the tree turns MariaDB's plan around (it then reads the documents unit by unit)."""
	if units and covers_whole_tree(units):
		return f"ifnull({column}, '') != ''"
	return in_list(column, units)


def covers_whole_tree(units: list[str]) -> bool:
	from vanhoa_congso.rules.units import kept_for_tree

	every = kept_for_tree("every_unit", (), lambda: frappe.get_all(UNIT, pluck="name", order_by="name"))
	return len(units) >= len(every) and unit_set(units).issuperset(every)


def in_list(column: str, values: list[str]) -> str:
	if not values:
		return "1=0"
	escape = frappe.db.escape  # once: thousands of values would each resolve frappe.db's proxy
	return f"{column} in ({', '.join(escape(value, percent=False) for value in values)})"


# --- the rule for one document


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	"""`has_permission` for every app doctype; always an explicit answer (v16 denies on None)."""
	user = user or frappe.session.user
	if frappe.is_table(doc.doctype):
		return parent_visible(doc.get("parenttype"), doc.get("parent"), user, doc.doctype, ptype or "read")
	# a new document's unit may still be derived, and the rules of its save say clearly what is wrong
	# with it (`check_document` after them); until then creating it is judged like reading
	ptype = "read" if doc.is_new() else ptype or "read"
	return is_visible(doc.doctype, doc, user, is_new=doc.is_new(), ptype=ptype)


def is_visible(doctype: str, values, user: str, is_new: bool = False, ptype: str = "read") -> bool:
	"""Whether a document of `doctype` with these field values lies within the user's scope."""
	if user == "Administrator":
		return True
	rule = scope_of(doctype)
	if rule is None:
		return False
	if rule.public:
		return True
	if values.get("docstatus") == 0 and not is_new and not sees_drafts(user, rule):
		return False
	if rule.via:
		fieldname, target = rule.via
		value = values.get(fieldname)
		return not value or parent_visible(target, value, user)
	units = visible_units(user, doctype, ptype, draft=values.get("docstatus") == 0 and not is_new)
	if units is None:
		return True
	value = values.get("name") if rule.unit_field == "name" else values.get(rule.unit_field)
	# a new document's unit is derived during its save, and `check_document` judges it then
	if not value and is_new:
		return True
	return value in unit_set(units)


def unit_set(units: list[str]) -> frozenset[str]:
	"""`units` as a set, built once per request for the lists `visible_units` hands out (the same
	object for a user and doctype within a request): an import checks thousands of documents
	against a province's thousands of units."""
	memo = bulk_cache.request_memo("vhcs_unit_sets")
	kept = memo.get(id(units))
	if kept is None or kept[0] is not units:
		kept = memo[id(units)] = (units, frozenset(units))
	return kept[1]


def parent_visible(
	doctype: str | None, name: str | None, user: str, child: str | None = None, ptype: str = "read"
) -> bool:
	"""Whether the user may see (or, by `ptype`, change) document `name` of `doctype`, as the parent of
	a `child` row."""
	if not doctype or not name or (child and doctype not in parents_of(child)):
		return False
	rule = scope_of(doctype)
	if rule is None:
		return False
	if rule.public or user == "Administrator":
		return True
	fields = ["name", "docstatus", rule.via[0] if rule.via else rule.unit_field]
	values = frappe.db.get_value(doctype, name, list(dict.fromkeys(fields)), as_dict=True)
	return bool(values) and is_visible(doctype, values, user, ptype=ptype)


def visible(doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether the user may read document `name` of app doctype `doctype` (scope and role together)."""
	user = user or frappe.session.user
	if not frappe.db.exists(doctype, name):
		return False
	return bool(frappe.has_permission(doctype, "read", doc=name, user=user))


# --- a document being saved


def check_document(doc) -> None:
	"""After the controller derived it: the document must lie within the user's units, and every link
	to another scoped document must point at one the user may read."""
	from vanhoa_congso.permissions.ownership import in_setup, is_trusted

	if in_setup() or is_trusted() or doc.flags.ignore_permissions:
		return
	user = frappe.session.user
	before = doc.get_doc_before_save()
	# frappe checks a write on the new values, so a document of another unit could be moved into one's own
	if before is not None and not is_visible(before.doctype, before, user, ptype="write"):
		raise_out_of_scope(before)
	if not is_visible(doc.doctype, doc, user, is_new=doc.is_new(), ptype="write"):
		raise_out_of_scope(doc)
	check_links(doc, user)
	from vanhoa_congso.permissions.platform import check_attachments

	check_attachments(doc, before, user)


def raise_out_of_scope(doc) -> None:
	rule = scope_of(doc.doctype) or Scope()
	unit = doc.get(rule.unit_field) if rule.unit_field and rule.unit_field != "name" else doc.name
	frappe.throw(
		_(
			"{0} of {1} is outside the units you work for; you can only create or change those of your own units."
		).format(_(doc.doctype), unit or _("another unit")),
		OutOfScopeError,
		title=_("Not permitted"),
	)


def check_links(doc, user: str) -> None:
	for row in (doc, *doc.get_all_children()):
		for df in row.meta.get_link_fields():
			value = row.get(df.fieldname)
			if not value or df.ignore_user_permissions or not is_scoped(df.options):
				continue
			# an import links thousands of evaluations to the same plan and units: asked once there
			if not bulk_cache.cached(
				"link_readable",
				(df.options, value, user),
				lambda df=df, value=value: frappe.has_permission(df.options, "read", doc=value, user=user),
			):
				frappe.throw(
					_("{0} {1} is outside the units you work for; choose one of your own.").format(
						_(df.options), value
					),
					OutOfScopeError,
					title=_("Not permitted"),
				)
