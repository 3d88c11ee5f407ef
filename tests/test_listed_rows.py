"""The Scoreboard's packed read (`report_utils.listed_rows`) gives frappe.get_list's rows, as each user."""

import json

import frappe
import pytest

from vanhoa_congso import demo, report_utils
from vanhoa_congso.report_utils import listed_rows

EVALUATION = "Emulation Evaluation"
# text, link, select, number, whole number, check, date and long text fields
FIELDS = [
	"name",
	"subject_name",
	"emulation_unit",
	"subject_unit",
	"union_member",
	"sector",
	"final_percent",
	"self_percent",
	"votes_in_favour",
	"classification",
	"workflow_state",
	"group_shares",
	"gender",
	"ethnic_group",
	"is_leader",
	"phase_year",
	"phase_date",
]
# the province, a sector union's reviewer (one evaluation), a closed district's reviewer (none), an
# officer of a grassroots union
USERS = [None, "thamdinh.nganhgd", "thamdinh.tamduong", "canbo.thtamduong"]


def frappes_rows(filters: dict) -> list[tuple]:
	return [
		tuple(row)
		for row in frappe.get_list(
			EVALUATION, filters=filters, fields=FIELDS, order_by=f"`tab{EVALUATION}`.`name`", as_list=True
		)
	]


@pytest.fixture
def packed_answers(monkeypatch):
	"""What each packed read answered: a list of rows, or None where it fell back to the plain read."""
	answers = []
	packed_rows = report_utils.packed_rows

	def recorded(*args):
		answers.append(packed_rows(*args))
		return answers[-1]

	monkeypatch.setattr(report_utils, "packed_rows", recorded)
	return answers


@pytest.mark.parametrize("login", USERS)
def test_the_packed_read_gives_each_user_frappes_rows(demo_data, packed_answers, login):
	everyone = len(frappes_rows({}))
	if login:
		frappe.set_user(demo.demo_email(login))
	for filters in ({}, {"subject_type": "Individual"}, {"phase": "Full Year", "docstatus": ("<", 2)}):
		assert listed_rows(EVALUATION, filters, FIELDS) == frappes_rows(filters)
	# the packed read answered, not its fallback; and its rows are the user's, not everyone's
	assert len(packed_answers) == 3 and all(answer is not None for answer in packed_answers)
	seen = max(len(answer) for answer in packed_answers)
	assert seen < everyone if login else seen == everyone


def test_a_read_longer_than_one_text_comes_in_parts(demo_data, packed_answers, monkeypatch):
	everyone = frappes_rows({})
	monkeypatch.setattr(report_utils, "PACKED_ROWS", 2)
	statements = []
	sql = frappe.db.sql

	def counted(query, *args, **kwargs):
		result = sql(query, *args, **kwargs)
		if "group_concat" in str(query):
			statements.append(result)
		return result

	monkeypatch.setattr(frappe.db, "sql", counted)
	# the whole read in one text of the default length
	assert listed_rows(EVALUATION, {}, FIELDS) == everyone
	assert len(statements) == 1
	# a length that holds two rows but not all: cut, then read again two rows a part
	statements.clear()
	monkeypatch.setattr(report_utils, "PACKED_BYTES", 2 * max(len(repr(row)) for row in everyone))
	rows = listed_rows(EVALUATION, {}, FIELDS)
	monkeypatch.setattr(frappe.db, "sql", sql)
	assert rows == everyone
	assert packed_answers == [rows, rows]
	assert len(everyone) > 4
	assert len(statements) == 1 + len(rows) // 2 + 1
	whole, *parts = [count for ((count, _text),) in statements]
	assert whole == len(rows) and parts == [2] * (len(rows) // 2) + [len(rows) % 2]


def test_a_narrowed_json_column_holds_only_its_key(demo_data, packed_answers, monkeypatch):
	fields = ["name", "group_shares", "final_percent", "subject_name"]
	rows = listed_rows(EVALUATION, {}, fields, narrowed={"group_shares": "latest"})
	expected = frappes_rows({})
	assert [row[0] for row in rows] == [row[0] for row in expected]
	assert any(json.loads(row[11] or "{}").get("latest") for row in expected)
	for row, full in zip(rows, expected, strict=True):
		assert json.loads(row[1]) == {"latest": json.loads(full[11] or "{}").get("latest")}
		assert (row[2], row[3]) == (full[6], full[1])
	assert packed_answers[-1] is not None
	# read the plain way (a value holding a separator), the same
	frappe.db.set_value(EVALUATION, rows[0][0], "subject_name", "A\x1eB", update_modified=False)
	plain = listed_rows(EVALUATION, {}, fields, narrowed={"group_shares": "latest"})
	assert packed_answers[-1] is None
	assert plain[0][3] == "A\x1eB"
	assert [(row[0], json.loads(row[1]), row[2]) for row in plain] == [
		(row[0], json.loads(row[1]), row[2]) for row in rows
	]
	with pytest.raises(ValueError):
		listed_rows(EVALUATION, {}, fields, narrowed={"subject_name": "latest"})
	with pytest.raises(ValueError):
		listed_rows(EVALUATION, {}, fields, narrowed={"dossier": "latest"})


@pytest.mark.parametrize("separator", ["\x1f", "\x1e"])
def test_a_value_holding_a_separator_is_read_the_plain_way(demo_data, packed_answers, separator):
	name = frappe.get_all(EVALUATION, pluck="name", limit=1)[0]
	frappe.db.set_value(EVALUATION, name, "subject_name", f"A{separator}B", update_modified=False)
	rows = listed_rows(EVALUATION, {}, FIELDS)
	assert rows == frappes_rows({})
	assert f"A{separator}B" in {row[1] for row in rows}
	assert packed_answers == [None]


def test_only_the_doctypes_own_fields_are_read(demo_data):
	with pytest.raises(ValueError):
		listed_rows(EVALUATION, {}, ["name", "1) from `tabUser` -- "])
	with pytest.raises(ValueError):
		listed_rows(EVALUATION, {}, ["subject_name"])
	with pytest.raises(ValueError):
		listed_rows(EVALUATION, {}, ["name", "items"])
