"""Self-assessments from Excel: a template per plan phase, and an upload that writes all rows or none."""

from __future__ import annotations

import io

import frappe
from frappe import _
from frappe.utils import cint, flt
from openpyxl import Workbook, load_workbook

from vanhoa_congso.excel import put, workbook_bytes
from vanhoa_congso.rules import criteria, evaluations

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
# Above this many rows the import runs as a background job and reports its progress.
BACKGROUND_ROWS = 300


class ImportRefused(frappe.ValidationError):
	pass


def plan_criteria(plan: str, subject_type: str) -> list[dict]:
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	return criteria.get_assessable_criteria(criteria_set, subject_type) if criteria_set else []


def subjects(plan: str, subject_type: str) -> dict[str, str]:
	"""Subjects of the plan the user may assess: {code: name}, below the plan's issuing unit and within
	the user's own units."""
	from vanhoa_congso.report_utils import subtree

	below = subtree(frappe.db.get_value("Emulation Plan", plan, "issuing_unit"))
	if subject_type == "Collective":
		rows = frappe.get_list(
			"Emulation Unit",
			filters={"level": "Grassroots Union", "is_active": 1, "name": ("in", below or [""])},
			fields=["name", "unit_name"],
			order_by="lft",
		)
		return {row.name: row.unit_name for row in rows}
	rows = frappe.get_list(
		"Union Member",
		filters={"status": "Active Member", "emulation_unit": ("in", below or [""])},
		fields=["name", "full_name"],
		order_by="name",
	)
	return {row.name: row.full_name for row in rows}


def template(plan: str) -> Workbook:
	"""One sheet per subject type; rows are subjects, columns are the plan's criteria codes."""
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
		for offset, (code, name) in enumerate(subjects(plan, subject_type).items(), start=3):
			put(sheet, offset, 1, code)
			put(sheet, offset, 2, name)
	return workbook


def parse(content: bytes, plan: str) -> tuple[list[dict], list[str]]:
	"""Read and check every row; returns (rows, errors). Rows are {subject_type, subject, values{criterion: (result, score)}}."""
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
	values = list(sheet.iter_rows(values_only=True))
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
	known = subjects(plan, subject_type)
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
	errors: list[str] = []
	savepoint = "vhcs_assessment_import"
	frappe.db.savepoint(savepoint)
	# the plan's criteria are read once per import, not once per row
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	assessable = {
		subject_type: evaluations.assessable_criteria(criteria_set, subject_type) for subject_type in SHEETS
	}
	existing = open_evaluations(plan, phase, phase_year)
	for count, row in enumerate(rows, start=1):
		try:
			write_row(
				plan, phase, phase_year, row, assessable[row["subject_type"]], existing.get(row["subject"])
			)
		except frappe.ValidationError as error:
			errors.append(
				_("Row {0} ({1}): {2}").format(
					row["row"], row["subject"], frappe.utils.strip_html(str(error))
				)
			)
		if progress and (count % 25 == 0 or count == len(rows)):
			frappe.publish_progress(
				100 * count / len(rows), title=_("Importing assessments"), description=f"{count}/{len(rows)}"
			)
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
def download_template(plan: str) -> None:
	frappe.has_permission("Emulation Plan", "read", doc=plan, throw=True)
	frappe.response["filename"] = f"mau-tu-danh-gia-{plan}.xlsx"
	frappe.response["filecontent"] = workbook_bytes(template(plan))
	frappe.response["type"] = "binary"


@frappe.whitelist()
def import_assessments(plan: str, phase: str, phase_year: int, file_url: str) -> dict:
	"""Import an uploaded workbook. Small files are imported now; large ones in a background job."""
	frappe.has_permission("Emulation Evaluation", "create", throw=True)
	file = frappe.get_doc("File", {"file_url": file_url})
	file.check_permission("read")
	content = file.get_content()
	if isinstance(content, str):
		content = content.encode()
	rows, errors = parse(content, plan)
	if errors:
		return {"imported": 0, "errors": errors}
	if len(rows) > BACKGROUND_ROWS:
		job = frappe.enqueue(
			"vanhoa_congso.assessment_import.import_in_background",
			queue="long",
			timeout=3600,
			plan=plan,
			phase=phase,
			phase_year=phase_year,
			file_url=file_url,
			user=frappe.session.user,
			now=frappe.flags.in_test,
		)
		return {"queued": True, "job": getattr(job, "id", None), "rows": len(rows)}
	errors = apply(plan, phase, phase_year, rows)
	return {"imported": 0 if errors else len(rows), "errors": errors}


def import_in_background(plan: str, phase: str, phase_year: int, file_url: str, user: str) -> dict:
	frappe.set_user(user)
	content = frappe.get_doc("File", {"file_url": file_url}).get_content()
	result = run_import(
		plan, phase, phase_year, content if isinstance(content, bytes) else content.encode(), progress=True
	)
	message = (
		_("{0} assessments imported.").format(result["imported"])
		if not result["errors"]
		else _("Nothing was imported:")
		+ "<br>"
		+ "<br>".join(frappe.utils.escape_html(e) for e in result["errors"][:200])
	)
	frappe.publish_realtime("msgprint", {"message": message, "title": _("Importing assessments")}, user=user)
	return result
