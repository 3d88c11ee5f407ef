"""Self-assessments from Excel: a template per plan phase, and an upload that writes all rows or none."""

from __future__ import annotations

import io
import os
import re
import socket
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar

import frappe
from frappe import _
from frappe.model import table_fields
from frappe.utils import cint, flt
from openpyxl import Workbook, load_workbook
from openpyxl.utils import range_boundaries

from vanhoa_congso import bulk_cache, series_blocks
from vanhoa_congso.excel import put, workbook_bytes
from vanhoa_congso.rules import criteria, evaluations

EVALUATION = "Emulation Evaluation"
SHEETS = {"Collective": "Tập thể", "Individual": "Cá nhân"}
SUBJECT_HEADER, NAME_HEADER = "Mã đối tượng", "Tên đối tượng"
MEETS_VALUES = {
	"đạt": evaluations.MEETS,
	"meets": evaluations.MEETS,
	"x": evaluations.MEETS,
	"1": evaluations.MEETS,
}
FAILS_VALUES = {
	"không đạt": evaluations.DOES_NOT_MEET,
	"does not meet": evaluations.DOES_NOT_MEET,
	"0": evaluations.DOES_NOT_MEET,
}
EDITABLE_STATES = (None, "", "Draft", "Returned for Revision")
# Above this many rows the import runs as a background job and reports its progress; above this size
# the file is not even read in the web request.
BACKGROUND_ROWS = 300
INLINE_BYTES = 200 * 1024
# What a workbook may hold before anything in it is parsed: a province's template has a few thousand
# rows and one column per criterion.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_SHEETS = 10
MAX_ROWS = 30_000
MAX_COLUMNS = 200
DIMENSION = re.compile(rb'<dimension[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
JOB_STATUS_TTL = 7 * 24 * 3600


class ImportRefused(frappe.ValidationError):
	pass


def plan_criteria(plan: str, subject_type: str) -> list[dict]:
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	return criteria.get_assessable_criteria(criteria_set, subject_type) if criteria_set else []


def subjects(
	plan: str, subject_type: str, codes: list[str] | None = None, unit: str | None = None
) -> dict[str, str]:
	"""Subjects of the plan the user may assess: {code: name}, below the plan's issuing unit and within
	the user's own units; with `codes`, only those of them (an import reads the subjects of its rows,
	not the province's quarter of a million members); with `unit`, only those at or below it."""
	from vanhoa_congso.report_utils import subtree

	if codes is not None and not codes:
		return {}
	below = subtree(frappe.db.get_value("Emulation Plan", plan, "issuing_unit"))
	if unit:
		below = sorted(set(below) & set(subtree(unit)))
	chosen = {"name": ("in", sorted(set(codes)))} if codes is not None else {}
	if subject_type == "Collective":
		rows = frappe.get_list(
			"Emulation Unit",
			filters={"level": "Grassroots Union", "is_active": 1, "name": ("in", below or [""])} | chosen,
			fields=["name", "unit_name"],
			order_by="lft",
		)
		return {row.name: row.unit_name for row in rows}
	rows = frappe.get_list(
		"Union Member",
		filters={"status": "Active Member", "emulation_unit": ("in", below or [""])} | chosen,
		fields=["name", "full_name"],
		order_by="name",
	)
	return {row.name: row.full_name for row in rows}


def template(plan: str, unit: str | None = None, subject_type: str | None = None) -> Workbook:
	"""One sheet per subject type; rows are subjects, columns are the plan's criteria codes. With `unit`,
	the subjects at or below it; with `subject_type`, only that sheet lists its subjects (the other
	keeps its headers, and an import reads nothing from it)."""
	listed = {
		kind: subjects(plan, kind, unit=unit) if not subject_type or subject_type == kind else {}
		for kind in SHEETS
	}
	for kind, found in listed.items():
		if len(found) > MAX_ROWS:
			frappe.throw(
				_(
					"{0} has {1} subjects of type {2} to assess, more than the {3} rows one import takes. Choose a unit under it and download the template of that unit."
				).format(
					unit or frappe.db.get_value("Emulation Plan", plan, "issuing_unit"),
					len(found),
					_(kind),
					MAX_ROWS,
				),
				ImportRefused,
			)
	workbook = Workbook()
	workbook.remove(workbook.active)
	for subject_type, title in SHEETS.items():
		sheet = workbook.create_sheet(title)
		items = plan_criteria(plan, subject_type)
		headers = [SUBJECT_HEADER, NAME_HEADER] + [row.code for row in items]
		for column, header in enumerate(headers, start=1):
			put(sheet, 1, column, header)
		for column, row in enumerate(items, start=3):
			hint = f"0–{flt(row.max_score):g}" if row.assessment_type == criteria.SCORE else "Đạt / Không đạt"
			put(sheet, 2, column, hint)
		put(sheet, 2, 1, "(hướng dẫn)")
		for offset, (code, name) in enumerate(listed[subject_type].items(), start=3):
			put(sheet, offset, 1, code)
			put(sheet, offset, 2, name)
	return workbook


def workbook_bounds_errors(content: bytes) -> list[str]:
	"""What is wrong with a workbook's size, read from its zip directory and each sheet's declared
	dimension without parsing a cell: a file that claims a million rows is refused before anyone reads it."""
	not_a_workbook = _("The file is not an Excel workbook (.xlsx). Download the template and fill it in.")
	if len(content) > MAX_FILE_BYTES:
		return [
			_("The file is {0} MB; an assessment workbook may be at most {1} MB. Split it by unit.").format(
				round(len(content) / 1024 / 1024, 1), MAX_FILE_BYTES // 1024 // 1024
			)
		]
	try:
		archive = zipfile.ZipFile(io.BytesIO(content))
		members = archive.infolist()
	except (zipfile.BadZipFile, ValueError):
		return [not_a_workbook]
	if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
		return [
			_("The workbook unpacks to more than {0} MB; it cannot be an assessment template.").format(
				MAX_UNPACKED_BYTES // 1024 // 1024
			)
		]
	sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
	if not sheets:
		return [not_a_workbook]
	if len(sheets) > MAX_SHEETS:
		return [_("The workbook has {0} sheets; the template has two. Use the template.").format(len(sheets))]
	for sheet in sheets:
		with archive.open(sheet) as stream:
			head = stream.read(4096)
		found = DIMENSION.search(head)
		if not found:
			continue
		try:
			first_column, first_row, last_column, last_row = range_boundaries(found.group(1).decode())
		except ValueError:
			return [not_a_workbook]
		rows = (last_row or first_row or 0) - (first_row or 1) + 1
		columns = (last_column or first_column or 0) - (first_column or 1) + 1
		if rows > MAX_ROWS + 2 or columns > MAX_COLUMNS:
			return [
				_(
					"A sheet declares {0} rows and {1} columns; an assessment sheet may have at most {2} rows and {3} columns."
				).format(rows, columns, MAX_ROWS, MAX_COLUMNS)
			]
	return []


def parse(content: bytes, plan: str) -> tuple[list[dict], list[str]]:
	"""Read and check every row; returns (rows, errors). Rows are {subject_type, subject, values{criterion: (result, score)}}."""
	errors = workbook_bounds_errors(content)
	if errors:
		return [], errors
	try:
		workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
	except Exception:
		return [], [_("The file is not an Excel workbook (.xlsx). Download the template and fill it in.")]
	rows: list[dict] = []
	errors: list[str] = []
	for subject_type, title in SHEETS.items():
		if title not in workbook.sheetnames:
			errors.append(_("Sheet {0} is missing; use the template.").format(title))
			continue
		parse_sheet(workbook[title], subject_type, plan, rows, errors)
	if not errors and not rows:
		errors.append(_("The file has no assessment rows; fill in at least one subject."))
	return rows, errors


def parse_sheet(sheet, subject_type: str, plan: str, rows: list[dict], errors: list[str]) -> None:
	items = plan_criteria(plan, subject_type)
	expected = [SUBJECT_HEADER, NAME_HEADER] + [row.code for row in items]
	# read no further than a real template can reach, whatever the sheet declares
	values = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 3, max_col=MAX_COLUMNS))
	if len(values) > MAX_ROWS + 2:
		errors.append(
			_("Sheet {0} has more than {1} rows; import it in parts.").format(sheet.title, MAX_ROWS)
		)
		return
	header = [str(cell).strip() if cell is not None else "" for cell in (values[0] if values else [])]
	while header and not header[-1]:
		header.pop()
	if header != expected:
		errors.append(
			_("Sheet {0}: the columns must be {1}; found {2}.").format(
				sheet.title, ", ".join(expected), ", ".join(header) or _("nothing")
			)
		)
		return
	known = subjects(
		plan,
		subject_type,
		codes=[
			str(line[0]).strip()
			for line in values[2:]
			if line
			and line[0] is not None
			and any(cell not in (None, "") for cell in line[2 : len(expected)])
		],
	)
	seen: dict[str, int] = {}
	for number, line in enumerate(values[2:], start=3):
		cells = list(line) + [None] * (len(expected) - len(line))
		if all(cell in (None, "") for cell in cells[2 : len(expected)]):
			continue  # a subject listed by the template but not assessed
		code = str(cells[0]).strip() if cells[0] is not None else ""
		where = _("Sheet {0}, row {1}").format(sheet.title, number)
		if code not in known:
			errors.append(_("{0}: subject {1} is unknown or outside your units.").format(where, code or "?"))
			continue
		if code in seen:
			errors.append(_("{0}: subject {1} already appears in row {2}.").format(where, code, seen[code]))
			continue
		seen[code] = number
		assessed = {}
		for item, cell in zip(items, cells[2 : len(expected)], strict=True):
			result = read_cell(item, cell, where, errors)
			if result:
				assessed[item.name] = result
		rows.append({"subject_type": subject_type, "subject": code, "row": number, "values": assessed})


def read_cell(item, cell, where: str, errors: list[str]) -> tuple[str | None, float | None] | None:
	if cell is None or str(cell).strip() == "":
		return None
	if item.assessment_type == criteria.SCORE:
		if isinstance(cell, bool) or not isinstance(cell, int | float):
			try:
				cell = float(str(cell).replace(",", "."))
			except ValueError:
				errors.append(
					_("{0}: criterion {1} needs a number, not “{2}”.").format(where, item.code, cell)
				)
				return None
		if not 0 <= flt(cell) <= flt(item.max_score):
			errors.append(
				_("{0}: score {1} for criterion {2} is out of range 0–{3}.").format(
					where, cell, item.code, item.max_score
				)
			)
			return None
		return None, flt(cell)
	text = str(cell).strip().lower()
	if isinstance(cell, int | float) and not isinstance(cell, bool):
		text = str(int(cell))
	result = MEETS_VALUES.get(text) or FAILS_VALUES.get(text)
	if not result:
		errors.append(
			_("{0}: criterion {1} takes “Đạt” or “Không đạt”, not “{2}”.").format(where, item.code, cell)
		)
		return None
	return result, None


def apply(plan: str, phase: str, phase_year: int, rows: list[dict], progress: bool = False) -> list[str]:
	"""Write every row into its evaluation (creating drafts as needed); all or nothing."""
	# the plan, its criteria, the importer's units and what they may read are the same for every row
	with (
		bulk_cache.kept(),
		meta_filters_kept(),
		metas_read_locally(),
		linked_docstatus_kept(),
		workflow_actions_held() as held,
	):
		remember_readable_subjects(rows)
		remember_subjects(plan, phase, phase_year, rows)
		errors = apply_rows(plan, phase, phase_year, rows, progress)
		if not errors:
			create_workflow_actions(held)
		return errors


def remember_readable_subjects(rows: list[dict]) -> None:
	"""The rows' subjects came from `subjects`, the user's own permission-aware list of units and
	members: the scope's link check of each new evaluation need not load each of them again."""
	user = frappe.session.user
	for subject_type, doctype in (("Collective", "Emulation Unit"), ("Individual", "Union Member")):
		if not frappe.has_permission(doctype, "read", user=user):
			continue
		for row in rows:
			if row["subject_type"] == subject_type:
				bulk_cache.remember("link_readable", (doctype, row["subject"], user), True)


def remember_subjects(plan: str, phase: str, phase_year: int, rows: list[dict]) -> None:
	"""What each new evaluation's save reads of its subject (name, unit, sector, profile) and of its
	unit's parent on the phase's date, read for all the rows at once."""
	for subject_type, doctype in (("Collective", "Emulation Unit"), ("Individual", "Union Member")):
		found = evaluations.remember_subject_details(
			subject_type, [row["subject"] for row in rows if row["subject_type"] == subject_type]
		)
		# frappe's link check of each new evaluation reads its subject's name once per request
		# (`get_value(..., cache=True)`): these are the answers it would keep, read together
		for name in found:
			frappe.db.value_cache.setdefault((doctype, name, "name"), ((name,),))
	evaluations.remember_parents(
		[
			details[1]
			for row in rows
			if (details := evaluations.subject_details(*subject_of(row))) and details[1]
		],
		evaluations.phase_date(plan, phase, phase_year),
	)


def subject_of(row: dict) -> tuple[str, str | None, str | None]:
	if row["subject_type"] == "Collective":
		return "Collective", row["subject"], None
	return "Individual", None, row["subject"]


# the kept answers of this thread or task's import (a context variable, like frappe.local)
KEPT_META_FILTERS: ContextVar[dict | None] = ContextVar("vhcs_meta_filters", default=None)


@contextmanager
def meta_filters_kept():
	"""Frappe filters a doctype's fields again on every call of `Meta.get("fields", {filters})` (the
	link, select, data, mandatory... fields of each document and each row it validates, a few hundred
	times per evaluation). Within this block an answer is kept for the same meta object, list of
	fields and filters: the same fields frappe would find, in a new list each time. Only calls made
	within the block use it (a context variable, as frappe.local); the class is patched once however
	many imports run."""
	from frappe.model.meta import Meta

	own = Meta.__dict__.get("get")
	patched = not getattr(own, "vhcs_kept", False)
	if patched:
		original = Meta.get

		def get(self, key, filters=None, limit=None, default=None):
			kept = KEPT_META_FILTERS.get()
			if kept is None or filters.__class__ is not dict or key.__class__ is not str:
				return original(self, key, filters, limit, default)
			described = repr(filters)
			# a repr once found to be made of plain values alone names those filters
			if described not in kept:
				if plain_repr(filters) is None:
					return original(self, key, filters, limit, default)
				kept[described] = True
			memo_key = (id(self), key, described, limit)
			source = self.__dict__.get(key)
			found = kept.get(memo_key)
			if (
				found is None
				or found[0] is not self
				or found[1] is not source
				or found[2] != len(source or ())
			):
				found = kept[memo_key] = (
					self,
					source,
					len(source or ()),
					original(self, key, filters, limit),
				)
			return list(found[3])

		get.vhcs_kept = True
		Meta.get = get
	token = KEPT_META_FILTERS.set(KEPT_META_FILTERS.get() or {})
	try:
		yield
	finally:
		KEPT_META_FILTERS.reset(token)
		if patched and Meta.__dict__.get("get") is get:
			if own is None:
				del Meta.get
			else:
				Meta.get = own


@contextmanager
def metas_read_locally():
	"""`frappe.get_meta` answers a doctype's meta, once frappe holds it in the request's local cache,
	from that cache after building the cache key (the site's name and the key, as bytes) and looking
	it up through frappe's proxies: some ninety times per evaluation. Within this block the key is
	built once and the same local cache is looked up; anything not in it goes to frappe."""
	original = frappe.get_meta
	if getattr(original, "vhcs_local", False):
		yield
		return
	name = frappe.cache.make_key("doctype_meta")

	def get_meta(doctype, cached=True):
		if cached and doctype.__class__ is str and doctype:
			meta = frappe.local.cache.get(name, {}).get(doctype)
			if meta:
				return meta
		return original(doctype, cached=cached)

	get_meta.vhcs_local = True
	frappe.get_meta = get_meta
	try:
		yield
	finally:
		if frappe.get_meta is get_meta:
			frappe.get_meta = original


@contextmanager
def linked_docstatus_kept():
	"""Frappe's link check asks the database, uncached and through its query builder, whether each
	submittable document a saved document links to has been cancelled: the plan, once per new
	evaluation (a few per cent of an import's time). Within this block each document's docstatus is
	read once: the import's one transaction sees one snapshot of the plans (InnoDB's repeatable read)
	and writes none, so a second read could not answer otherwise."""
	db = frappe.local.db
	if getattr(db.__dict__.get("get_value"), "vhcs_docstatus_kept", False):
		yield
		return
	original = db.get_value
	kept: dict[tuple[str, str], object] = {}

	def get_value(*args, **kwargs):
		# exactly frappe's call: get_value(doctype, docname, "docstatus")
		if kwargs or len(args) != 3 or args[2] != "docstatus" or args[1].__class__ is not str:
			return original(*args, **kwargs)
		key = (args[0], args[1])
		if key not in kept:
			kept[key] = original(*args)
		return kept[key]

	get_value.vhcs_docstatus_kept = True
	db.get_value = get_value
	try:
		yield
	finally:
		if db.__dict__.get("get_value") is get_value:
			del db.get_value


PLAIN = frozenset((str, int, float, bool, type(None)))


def plain_repr(filters: dict) -> str | None:
	"""`repr(filters)` when it tells the filters apart (values of plain types, or lists and tuples of
	them, one level deep: what frappe passes); None otherwise."""
	for value in filters.values():
		if type(value) in (list, tuple):
			for item in value:
				if type(item) in (list, tuple):
					if not all(type(part) in PLAIN for part in item):
						return None
				elif type(item) not in PLAIN:
					return None
		elif type(value) not in PLAIN:
			return None
	return repr(filters)


@contextmanager
def workflow_actions_held():
	"""Frappe gives every saved document in a workflow its open Workflow Action (the next step and the
	roles that may take it), with a handful of queries and an insert per document. An import holds the
	new drafts' back and creates them together at its end (`create_workflow_actions`); every other
	document goes through frappe's own hook."""
	from frappe.workflow.doctype.workflow_action import workflow_action

	original = workflow_action.process_workflow_actions
	held: list = []

	def hold(doc, state):
		if doc.doctype == EVALUATION and state == "on_update" and doc.flags.vhcs_new_in_import:
			held.append(doc)
			return None
		return original(doc, state)

	workflow_action.process_workflow_actions = hold
	try:
		yield held
	finally:
		workflow_action.process_workflow_actions = original


def create_workflow_actions(docs: list) -> None:
	"""What frappe's `process_workflow_actions` does for a new document (one open action with the
	roles of the transitions open from its state), for all of `docs` in two inserts."""
	from frappe.workflow.doctype.workflow_action import workflow_action

	workflow = workflow_action.get_workflow_name(EVALUATION)
	if not workflow or not docs:
		return
	if workflow_action.send_email_alert(workflow):
		for doc in docs:
			workflow_action.process_workflow_actions(doc, "on_update")
		return
	candidates: dict[str, list] = {}
	satisfied: dict = {}
	actions, roles = [], []
	stamp, user = frappe.utils.now(), frappe.session.user
	for doc in docs:
		state = workflow_action.get_doc_workflow_state(doc)
		if state not in candidates:
			candidates[state] = [
				transition
				for transition in frappe.get_all(
					"Workflow Transition",
					fields=["allowed", "action", "state", "allow_self_approval", "next_state", "condition"],
					filters=[["parent", "=", workflow], ["state", "=", state]],
				)
				if not workflow_action.get_state_optional_field_value(workflow, transition.next_state)
			]
		allowed = {
			transition.allowed
			for transition in candidates[state]
			if condition_satisfied(transition, doc, satisfied)
		}
		if not allowed:
			continue
		name = frappe.generate_hash(length=10)
		common = {"creation": stamp, "modified": stamp, "owner": user, "modified_by": user, "docstatus": 0}
		actions.append(
			{
				"name": name,
				**common,
				"status": "Open",
				"reference_doctype": EVALUATION,
				"reference_name": doc.name,
				"workflow_state": state,
			}
		)
		for idx, role in enumerate(sorted(allowed), start=1):
			roles.append(
				{
					"name": frappe.generate_hash(length=10),
					**common,
					"parent": name,
					"parenttype": "Workflow Action",
					"parentfield": "permitted_roles",
					"idx": idx,
					"role": role,
				}
			)
	for doctype, rows in (("Workflow Action", actions), ("Workflow Action Permitted Role", roles)):
		insert_rows(doctype, rows)
	workflow_action.clear_doctype_notifications("Workflow Action")


def insert_rows(doctype: str, rows: list[dict], chunk: int = 1000) -> None:
	"""Rows of the same columns into `doctype`'s table, a thousand to a parameterised INSERT (frappe's
	`bulk_insert` writes every value into the statement's text through the query builder)."""
	if not rows:
		return
	columns = list(rows[0])
	for start in range(0, len(rows), chunk):
		part = rows[start : start + chunk]
		frappe.db.sql(
			"insert into `tab{}` ({}) values {}".format(
				doctype,
				", ".join(f"`{column}`" for column in columns),
				", ".join(["({})".format(", ".join(["%s"] * len(columns)))] * len(part)),
			),
			[row[column] for row in part for column in columns],
		)


def condition_satisfied(transition, doc, satisfied: dict) -> bool:
	"""frappe's `is_transition_condition_satisfied`, evaluated once for each value of the fields the
	condition reads when it reads nothing but fields of the document (`doc.direct_to_council`): frappe
	evaluates it on the whole document as a dict, its rows included, for every document."""
	from frappe.model.workflow import is_transition_condition_satisfied

	if ("fields", transition.condition) not in satisfied:
		satisfied["fields", transition.condition] = fields_read(transition.condition, doc.meta)
	fields = satisfied["fields", transition.condition]
	if not fields:
		return is_transition_condition_satisfied(transition, doc)
	values = tuple((field, type(value), value) for field in fields for value in [doc.get(field)])
	try:
		key = (transition.condition, values)
		hash(key)
	except TypeError:
		return is_transition_condition_satisfied(transition, doc)
	if key not in satisfied:
		satisfied[key] = is_transition_condition_satisfied(transition, doc)
	return satisfied[key]


def fields_read(condition: str | None, meta) -> tuple[str, ...] | None:
	"""The fields a condition made only of `doc.<field>`, constants, `not`, `and`, `or` and comparisons
	reads (None for any other condition: it may call something or read the rows)."""
	import ast

	if not condition:
		return None
	try:
		tree = ast.parse(condition.strip(), mode="eval")
	except SyntaxError:
		return None
	fields = []
	allowed = (ast.Expression, ast.BoolOp, ast.UnaryOp, ast.Compare, ast.Constant, ast.Load)
	allowed += (ast.And, ast.Or, ast.Not, ast.cmpop)
	for node in ast.walk(tree):
		if isinstance(node, ast.Attribute):
			if not (isinstance(node.value, ast.Name) and node.value.id == "doc"):
				return None
			fields.append(node.attr)
		elif isinstance(node, ast.Name):
			if node.id != "doc":
				return None
		elif not isinstance(node, allowed):
			return None
	if not fields or any(
		field.startswith("_") or not meta.has_field(field) or meta.get_field(field).fieldtype in table_fields
		for field in fields
	):
		return None
	return tuple(sorted(set(fields)))


def apply_rows(plan: str, phase: str, phase_year: int, rows: list[dict], progress: bool) -> list[str]:
	errors: list[str] = []
	savepoint = "vhcs_assessment_import"
	frappe.db.savepoint(savepoint)
	# the plan's criteria are read once per import, not once per row
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	assessable = {
		subject_type: evaluations.assessable_criteria(criteria_set, subject_type) for subject_type in SHEETS
	}
	existing = open_evaluations(plan, phase, phase_year)
	series_blocks.expect(EVALUATION, sum(1 for row in rows if row["subject"] not in existing))
	try:
		for count, row in enumerate(rows, start=1):
			try:
				write_row(
					plan,
					phase,
					phase_year,
					row,
					assessable[row["subject_type"]],
					existing.get(row["subject"]),
				)
			except frappe.ValidationError as error:
				errors.append(
					_("Row {0} ({1}): {2}").format(
						row["row"], row["subject"], frappe.utils.strip_html(str(error))
					)
				)
			if progress and (count % 25 == 0 or count == len(rows)):
				frappe.publish_progress(
					100 * count / len(rows),
					title=_("Importing assessments"),
					description=f"{count}/{len(rows)}",
				)
	finally:
		# numbers left in the block belong to this import alone (and go back with its rollback)
		series_blocks.forget(EVALUATION)
	frappe.local.message_log = []
	if errors:
		frappe.db.rollback(save_point=savepoint)
		return errors
	frappe.db.release_savepoint(savepoint)
	# one refresh for the lists open on evaluations, in place of one per document written
	frappe.publish_realtime(
		"list_update",
		{"doctype": "Emulation Evaluation", "name": None, "user": frappe.session.user},
		after_commit=True,
	)
	return []


def open_evaluations(plan: str, phase: str, phase_year: int) -> dict[str, str]:
	"""{subject: evaluation} of the phase's evaluations that are not decided yet, in one query."""
	evaluation = frappe.qb.DocType("Emulation Evaluation")
	rows = (
		frappe.qb.from_(evaluation)
		.select(evaluation.subject_unit, evaluation.union_member, evaluation.name)
		.where(
			(evaluation.plan == plan)
			& (evaluation.phase == phase)
			& (evaluation.phase_year == cint(phase_year))
			& (evaluation.docstatus == 0)
			& (evaluation.workflow_state.isnull() | (evaluation.workflow_state != "Not Approved"))
		)
		.run()
	)
	return {unit or member: name for unit, member, name in rows}


def write_row(
	plan: str, phase: str, phase_year: int, row: dict, assessable: dict[str, dict], name: str | None
) -> str:
	"""Write one subject's self-assessment into its open evaluation `name`, or a new draft.

	`assessable` holds the plan's criteria for the subject's type."""
	field = "subject_unit" if row["subject_type"] == "Collective" else "union_member"
	if name:
		doc = frappe.get_doc("Emulation Evaluation", name)
		if doc.workflow_state not in EDITABLE_STATES:
			frappe.throw(
				_("its evaluation {0} has already been sent and cannot change.").format(name), ImportRefused
			)
		assess(doc.items, row["values"])
		doc.flags.in_bulk_import = True
		doc.save()
		return doc.name
	doc = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": plan,
			"phase": phase,
			"phase_year": cint(phase_year),
			"subject_type": row["subject_type"],
			field: row["subject"],
		}
	)
	# one insert with the rows already assessed, rather than an insert and a second save
	doc.set("items", evaluations.criteria_rows(assessable))
	assess(doc.items, row["values"])
	doc.flags.in_bulk_import = True
	doc.flags.vhcs_new_in_import = True
	doc.insert()
	return doc.name


def assess(items, values: dict) -> None:
	for item in items:
		if item.criterion in values:
			item.self_result, item.self_score = values[item.criterion]


def run_import(plan: str, phase: str, phase_year: int, content: bytes, progress: bool = False) -> dict:
	rows, errors = parse(content, plan)
	if not errors:
		errors = apply(plan, phase, phase_year, rows, progress)
	return {"imported": 0 if errors else len(rows), "errors": errors}


@frappe.whitelist()
@frappe.read_only()
def download_template(plan: str, unit: str | None = None, subject_type: str | None = None) -> None:
	frappe.has_permission("Emulation Plan", "read", doc=plan, throw=True)
	if unit:
		frappe.has_permission("Emulation Unit", "read", doc=unit, throw=True)
	if subject_type and subject_type not in SHEETS:
		frappe.throw(_("Choose Collective or Individual."), ImportRefused)
	frappe.response["filename"] = f"mau-tu-danh-gia-{plan}{'-' + unit if unit else ''}.xlsx"
	frappe.response["filecontent"] = workbook_bytes(template(plan, unit, subject_type))
	frappe.response["type"] = "binary"


@frappe.whitelist()
def import_assessments(plan: str, phase: str, phase_year: int, file_url: str) -> dict:
	"""Import an uploaded workbook. A small file is imported now; a large one, or one with many rows,
	in a background job whose progress and outcome `import_status` reports."""
	frappe.has_permission("Emulation Evaluation", "create", throw=True)
	content = uploaded_content(file_url)
	errors = workbook_bounds_errors(content)
	if errors:
		return {"imported": 0, "errors": errors}
	if len(content) > INLINE_BYTES:
		return enqueue_import(plan, phase, phase_year, file_url)
	rows, errors = parse(content, plan)
	if errors:
		return {"imported": 0, "errors": errors}
	if len(rows) > BACKGROUND_ROWS:
		return enqueue_import(plan, phase, phase_year, file_url, len(rows))
	errors = apply(plan, phase, phase_year, rows)
	return {"imported": 0 if errors else len(rows), "errors": errors}


def uploaded_content(file_url: str) -> bytes:
	file = frappe.get_doc("File", {"file_url": file_url})
	file.check_permission("read")
	content = file.get_content()
	return content if isinstance(content, bytes) else content.encode()


def enqueue_import(plan: str, phase: str, phase_year: int, file_url: str, rows: int | None = None) -> dict:
	job_id = f"vhcs-import-{frappe.generate_hash(length=12)}"
	record_status(job_id, "queued")
	frappe.enqueue(
		"vanhoa_congso.assessment_import.import_in_background",
		queue="long",
		timeout=3600,
		job_id=job_id,
		# frappe.enqueue keeps `job_id` for RQ and does not pass it on to the job
		import_job=job_id,
		plan=plan,
		phase=phase,
		phase_year=phase_year,
		file_url=file_url,
		user=frappe.session.user,
		now=frappe.flags.in_test,
	)
	return {"queued": True, "job": job_id, "rows": rows}


def import_in_background(
	plan: str, phase: str, phase_year: int, file_url: str, user: str, import_job: str | None = None
) -> dict:
	"""The job: everything is written in its one transaction, which frappe commits when it ends; a
	worker that dies half-way leaves nothing behind."""
	frappe.set_user(user)
	if import_job:
		record_status(import_job, "started", user=user)
	result = run_import(plan, phase, phase_year, uploaded_content(file_url), progress=True)
	message = (
		_("{0} assessments imported.").format(result["imported"])
		if not result["errors"]
		else _("Nothing was imported:")
		+ "<br>"
		+ "<br>".join(frappe.utils.escape_html(e) for e in result["errors"][:200])
	)
	if import_job:
		record_status(import_job, "finished", user=user, **result)
	frappe.publish_realtime("msgprint", {"message": message, "title": _("Importing assessments")}, user=user)
	return result


def status_key(job_id: str) -> str:
	return f"vhcs_import_status:{job_id}"


def record_status(job_id: str, status: str, user: str | None = None, **result) -> None:
	frappe.cache.set_value(
		status_key(job_id),
		{"status": status, "user": user or frappe.session.user, **result},
		expires_in_sec=JOB_STATUS_TTL,
	)


@frappe.whitelist()
@frappe.read_only()
def import_status(job: str) -> dict:
	"""Where a background import stands: queued, started, finished (with what it imported or why not),
	or failed (with the reason, also when its worker died without a word)."""
	record = frappe.cache.get_value(status_key(job))
	if not record or record.get("user") != frappe.session.user:
		frappe.throw(_("There is no import {0} of yours.").format(job), frappe.DoesNotExistError)
	if record["status"] == "finished":
		return record
	from frappe.utils.background_jobs import get_job

	rq_job = get_job(job)
	state = rq_job.get_status() if rq_job else None
	if state == "failed":
		return failed(record, job_failure_reason(rq_job))
	if rq_job is None or (state == "started" and worker_is_gone(rq_job)):
		return failed(
			record,
			_(
				"The background worker stopped while importing (the server was restarted or ran out of memory)."
			),
		)
	return {**record, "status": "started" if state == "started" else record["status"]}


def failed(record: dict, reason: str) -> dict:
	return {
		**record,
		"status": "failed",
		"imported": 0,
		"reason": reason,
		"errors": [_("Nothing was imported: {0} Run the import again.").format(reason)],
	}


def job_failure_reason(rq_job) -> str:
	details = rq_job.exc_info or ""
	if "terminated unexpectedly" in details or "Work-horse" in details:
		return _(
			"The background worker stopped while importing (the server was restarted or ran out of memory)."
		)
	if "JobTimeoutException" in details:
		return _("The import took longer than an hour and was stopped.")
	last_line = next((line for line in reversed(details.strip().splitlines()) if line.strip()), "")
	return _("The import failed: {0}").format(frappe.utils.strip_html(last_line)[:300])


def worker_is_gone(rq_job) -> bool:
	"""A job stays "started" when the whole worker is killed; judge by the worker it ran on."""
	from frappe.utils.background_jobs import get_redis_conn
	from rq.utils import utcnow
	from rq.worker import Worker

	if not rq_job.worker_name:
		return False
	worker = Worker.find_by_key(
		Worker.redis_worker_namespace_prefix + rq_job.worker_name, connection=get_redis_conn()
	)
	if worker is None:
		return True
	if worker.hostname == socket.gethostname() and worker.pid and not process_alive(worker.pid):
		return True
	heartbeat = worker.last_heartbeat
	return bool(heartbeat) and (utcnow() - heartbeat).total_seconds() > 180


def process_alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	except PermissionError:
		return True
	return True
