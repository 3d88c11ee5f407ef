"""Excel import of self-assessments: 100 good rows in, and every kind of bad file refused whole."""

import io

import frappe
import pytest
from openpyxl import load_workbook

from vanhoa_congso import assessment_import
from vanhoa_congso.excel import workbook_bytes
from vanhoa_congso.rules import units
from vanhoa_congso.testing import make_member, make_plan, make_unit

ROWS = 100


@pytest.fixture
def world():
	province = make_unit(units.PROVINCE, unit_code="IM-P")
	district = make_unit(units.DISTRICT, province.name, unit_code="IM-D")
	grassroots = [make_unit(units.GRASSROOTS, district.name, unit_code=f"IM-G{i:03d}") for i in range(ROWS)]
	member = make_member(grassroots[0].name, full_name="Đoàn viên nhập thử")
	criteria_set = frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": "IM-SET", "set_name": "Bộ nhập"}
	).insert()
	for subject_type, prefix in (("Collective", "1"), ("Individual", "2")):
		for code, kind, maximum in ((f"{prefix}.1", "Pass/Fail", 0), (f"{prefix}.2", "Score", 10)):
			frappe.get_doc(
				{
					"doctype": "Emulation Criterion",
					"criteria_set": criteria_set.name,
					"subject_type": subject_type,
					"code": code,
					"criterion_text": f"Tiêu chí {code}",
					"assessment_type": kind,
					"max_score": maximum,
				}
			).insert()
	plan = make_plan(province.name, plan_number="IM/KH-LĐLĐ", criteria_set=criteria_set.name)
	plan.submit()
	return frappe._dict(plan=plan.name, units=[g.name for g in grassroots], member=member.name)


def filled(world, rows=None, edit=None) -> bytes:
	"""The template for the plan with the first `rows` collectives assessed."""
	workbook = assessment_import.template(world.plan)
	sheet = workbook["Tập thể"]
	for line in range(3, 3 + (ROWS if rows is None else rows)):
		sheet.cell(row=line, column=3).value = "Đạt" if line % 2 else "Không đạt"
		sheet.cell(row=line, column=4).value = line % 11
	if edit:
		edit(workbook)
	return workbook_bytes(workbook)


def run(world, content):
	return assessment_import.run_import(world.plan, "Full Year", 2024, content)


def evaluations(world):
	return frappe.db.count("Emulation Evaluation", {"plan": world.plan})


def test_template_lists_subjects_and_criteria(world):
	workbook = load_workbook(io.BytesIO(workbook_bytes(assessment_import.template(world.plan))))
	assert workbook.sheetnames == ["Tập thể", "Cá nhân"]
	collective = workbook["Tập thể"]
	assert [c.value for c in collective[1]] == ["Mã đối tượng", "Tên đối tượng", "1.1", "1.2"]
	codes = [collective.cell(row=r, column=1).value for r in range(3, collective.max_row + 1)]
	assert set(world.units) <= set(codes)
	assert world.member in [c.value for c in workbook["Cá nhân"]["A"]]


def test_one_hundred_good_rows(world):
	result = run(world, filled(world))
	assert result == {"imported": ROWS, "errors": []}
	assert evaluations(world) == ROWS
	doc = frappe.get_doc("Emulation Evaluation", {"plan": world.plan, "subject_unit": world.units[0]})
	assert (doc.items[0].self_result, doc.items[1].self_score) == ("Meets", 3)
	assert doc.self_percent == 65  # Đạt (1.0) and 3/10, equal weights


def test_wrong_columns_are_refused(world):
	def rename(workbook):
		workbook["Tập thể"].cell(row=1, column=4).value = "9.9"

	result = run(world, filled(world, edit=rename))
	assert result["imported"] == 0 and "the columns must be" in result["errors"][0]
	assert evaluations(world) == 0


def test_text_in_a_score_cell_is_refused(world):
	def text(workbook):
		workbook["Tập thể"].cell(row=7, column=4).value = "tám"

	result = run(world, filled(world, edit=text))
	assert result["errors"] == ["Sheet Tập thể, row 7: criterion 1.2 needs a number, not “tám”."]
	assert evaluations(world) == 0


def test_unknown_subject_is_refused(world):
	def unknown(workbook):
		workbook["Tập thể"].cell(row=5, column=1).value = "KHONG-CO"

	result = run(world, filled(world, edit=unknown))
	assert result["errors"] == ["Sheet Tập thể, row 5: subject KHONG-CO is unknown or outside your units."]
	assert evaluations(world) == 0


def test_duplicate_rows_are_refused(world):
	def duplicate(workbook):
		workbook["Tập thể"].cell(row=6, column=1).value = world.units[0]

	result = run(world, filled(world, edit=duplicate))
	assert result["errors"] == [f"Sheet Tập thể, row 6: subject {world.units[0]} already appears in row 3."]
	assert evaluations(world) == 0


def test_empty_sheet_is_refused(world):
	def empty(workbook):
		for sheet in workbook.worksheets:
			sheet.delete_rows(3, sheet.max_row)

	result = run(world, filled(world, rows=0, edit=empty))
	assert result["errors"] == ["The file has no assessment rows; fill in at least one subject."]


def test_a_file_that_is_not_xlsx_is_refused(world):
	result = run(world, "Mã đối tượng,Tên đối tượng\nIM-G000,x\n".encode())
	assert result["errors"] == [
		"The file is not an Excel workbook (.xlsx). Download the template and fill it in."
	]
	assert evaluations(world) == 0


def test_a_failing_row_writes_nothing(world):
	result = run(world, filled(world, rows=5))
	assert result["imported"] == 5
	frappe.db.set_value(
		"Emulation Evaluation",
		{"plan": world.plan, "subject_unit": world.units[4]},
		"workflow_state",
		"Sent for Review",
	)
	before = frappe.get_all("Emulation Evaluation", filters={"plan": world.plan}, fields=["name", "modified"])
	result = run(world, filled(world, rows=10))
	assert result["imported"] == 0 and "has already been sent" in result["errors"][0]
	assert (
		frappe.get_all("Emulation Evaluation", filters={"plan": world.plan}, fields=["name", "modified"])
		== before
	)


def test_large_file_runs_in_the_background(world, monkeypatch):
	monkeypatch.setattr(assessment_import, "BACKGROUND_ROWS", 10)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "tu-danh-gia.xlsx",
			"content": filled(world, rows=20),
			"is_private": 1,
		}
	).insert()
	published = []
	monkeypatch.setattr(frappe, "publish_progress", lambda *args, **kwargs: published.append(args))
	result = assessment_import.import_assessments(world.plan, "Full Year", 2024, file.file_url)
	assert result["queued"] and result["rows"] == 20
	assert evaluations(world) == 20  # tests run jobs at once
	assert published


def test_the_template_of_one_unit_lists_only_its_subjects(world, monkeypatch):
	"""A province's members outnumber the rows one import takes (and an Excel sheet's): the template is
	downloaded per unit, and a template too large to import says so instead of being cut short."""
	make_member(world.units[1], full_name="Đoàn viên đơn vị khác")
	whole = assessment_import.template(world.plan)
	listed = {
		kind: [row[0] for row in whole[title].iter_rows(min_row=3, values_only=True)]
		for kind, title in assessment_import.SHEETS.items()
	}
	assert listed["Collective"] and listed["Individual"]
	unit = listed["Collective"][0]
	one = assessment_import.template(world.plan, unit=unit)
	assert [
		row[0] for row in one[assessment_import.SHEETS["Collective"]].iter_rows(min_row=3, values_only=True)
	] == [unit]
	members = [
		row[0] for row in one[assessment_import.SHEETS["Individual"]].iter_rows(min_row=3, values_only=True)
	]
	assert members and set(members) < set(listed["Individual"])
	assert set(members) == set(
		frappe.get_all(
			"Union Member", filters={"emulation_unit": unit, "status": "Active Member"}, pluck="name"
		)
	)
	collectives_only = assessment_import.template(world.plan, subject_type="Collective")
	assert collectives_only[assessment_import.SHEETS["Individual"]].max_row == 2

	monkeypatch.setattr(assessment_import, "MAX_ROWS", len(listed["Individual"]) - 1)
	with pytest.raises(assessment_import.ImportRefused, match="Choose a unit under it"):
		assessment_import.template(world.plan)
	assert assessment_import.template(world.plan, unit=unit)


def test_a_template_for_an_unknown_subject_type_is_refused(world):
	frappe.response.pop("filecontent", None)
	with pytest.raises(assessment_import.ImportRefused, match="Choose Collective or Individual"):
		assessment_import.download_template(world.plan, subject_type="Everyone")
	assert "filecontent" not in frappe.response


def series_current(key: str) -> int:
	found = frappe.db.sql("select `current` from `tabSeries` where `name` = %s", key)
	return found[0][0] if found else 0


def test_new_evaluations_take_the_next_numbers_of_their_series_in_one_step(world):
	# one evaluation named by frappe itself, then an import: its names continue the series
	by_hand = frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Collective",
			"subject_unit": world.units[-1],
		}
	).insert()
	prefix, number = by_hand.name.rsplit("-", 1)
	key = prefix + "-"
	assert series_current(key) == int(number)
	series_queries = []
	sql = frappe.db.sql

	def counting(query, *args, **kwargs):
		if "tabSeries" in str(query):
			series_queries.append(query)
		return sql(query, *args, **kwargs)

	frappe.db.sql = counting
	try:
		result = run(world, filled(world, rows=10))
	finally:
		frappe.db.sql = sql
	assert result == {"imported": 10, "errors": []}
	names = frappe.get_all(
		"Emulation Evaluation",
		filters={"plan": world.plan, "subject_unit": ("in", world.units[:10])},
		fields=["name", "subject_unit", "subject_name", "reviewing_unit", "direct_to_council"],
		order_by="name",
	)
	assert [row.name for row in names] == [f"{key}{int(number) + i:05d}" for i in range(1, 11)]
	assert [row.subject_unit for row in names] == world.units[:10]
	assert len(series_queries) == 2  # the locking read and the update, for the whole block
	assert series_current(key) == int(number) + 10
	# what an import derives for its evaluations is what a save of one derives
	assert {(row.reviewing_unit, row.direct_to_council) for row in names} == {
		(by_hand.reviewing_unit, by_hand.direct_to_council)
	}
	assert names[0].subject_name == frappe.db.get_value("Emulation Unit", world.units[0], "unit_name")
	after = frappe.get_doc(by_hand.as_dict() | {"name": None, "subject_unit": world.units[-2]}).insert()
	assert after.name == f"{key}{int(number) + 11:05d}"


def test_a_failed_import_leaves_the_series_where_it_was(world):
	assert run(world, filled(world, rows=5))["imported"] == 5
	key = frappe.get_all("Emulation Evaluation", filters={"plan": world.plan}, pluck="name")[0][:-5]
	current = series_current(key)
	frappe.db.set_value(
		"Emulation Evaluation",
		{"plan": world.plan, "subject_unit": world.units[4]},
		"workflow_state",
		"Sent for Review",
	)
	result = run(world, filled(world, rows=10))
	assert result["imported"] == 0
	assert series_current(key) == current
	assert run(world, filled(world, rows=4))["imported"] == 4
	assert series_current(key) == current


def test_a_transition_condition_is_judged_once_per_value_of_the_fields_it_reads(world):
	from frappe.model.workflow import is_transition_condition_satisfied

	meta = frappe.get_meta("Emulation Evaluation")
	assert assessment_import.fields_read("not doc.direct_to_council", meta) == ("direct_to_council",)
	for condition in (
		"frappe.session.user == doc.owner",
		"doc.items",
		"doc.get('direct_to_council')",
		"len(doc.name) > 3",
	):
		assert assessment_import.fields_read(condition, meta) is None
	docs = [
		frappe.get_doc({"doctype": "Emulation Evaluation", "direct_to_council": value, "items": []})
		for value in (0, 1, 0, 1, None)
	]
	satisfied = {}
	for condition in ("doc.direct_to_council", "not doc.direct_to_council", "doc.owner == 'x'"):
		transition = frappe._dict(condition=condition)
		for doc in docs:
			assert assessment_import.condition_satisfied(
				transition, doc, satisfied
			) == is_transition_condition_satisfied(transition, doc)


def test_kept_meta_filters_find_what_frappe_finds(world):
	from frappe.model.meta import Meta

	meta = frappe.get_meta("Emulation Evaluation")
	filters = (
		{"fieldtype": "Link", "options": ["!=", "[Select]"]},
		{"reqd": 1},
		{"fieldtype": ("in", ("Select",))},
	)
	expected = [meta.get("fields", f) for f in filters]
	with assessment_import.meta_filters_kept():
		for _round in range(2):
			found = [meta.get("fields", f) for f in filters]
			assert found == expected
			assert all(a is not b for a, b in zip(found, expected, strict=True))
		found[0].append("x")
		assert meta.get("fields", filters[0]) == expected[0]
		assert meta.get_link_fields() == expected[0]
	assert "get" not in Meta.__dict__


def test_parents_read_together_are_those_read_one_by_one(world):
	names = [*world.units[:5], "KHONG-CO"]
	for on_date in ("2024-12-31", "2010-01-01"):
		assert units.get_parents_on(names, on_date) == {
			name: units.get_parent_on(name, on_date) for name in names if name != "KHONG-CO"
		}


def test_an_import_reads_its_plans_docstatus_once(world, monkeypatch):
	asked = []
	get_values = frappe.db.get_values

	def counted(doctype, filters=None, fieldname="name", *args, **kwargs):
		if doctype == "Emulation Plan" and fieldname == "docstatus":
			asked.append(filters)
		return get_values(doctype, filters, fieldname, *args, **kwargs)

	monkeypatch.setattr(frappe.db, "get_values", counted)
	assert run(world, filled(world, rows=5)) == {"imported": 5, "errors": []}
	# frappe's link check of each of the five new evaluations asked; the database answered once
	assert asked == [world.plan]
	assert "get_value" not in frappe.local.db.__dict__
	# outside an import every call reaches the database
	frappe.db.get_value("Emulation Plan", world.plan, "docstatus")
	frappe.db.get_value("Emulation Plan", world.plan, "docstatus")
	assert asked == [world.plan] * 3
	with assessment_import.linked_docstatus_kept():
		assert frappe.db.get_value("Emulation Plan", world.plan, "docstatus") == 1
		assert frappe.db.get_value("Emulation Plan", world.plan, "docstatus") == 1
		assert frappe.db.get_value("Emulation Plan", world.plan, "plan_number") == "IM/KH-LĐLĐ"
	assert asked == [world.plan] * 4
