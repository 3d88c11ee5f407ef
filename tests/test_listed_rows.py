"""The Scoreboard's packed read (`report_utils.listed_rows`) gives frappe.get_list's rows, as each user."""

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


def test_a_large_read_comes_in_parts(demo_data, packed_answers, monkeypatch):
	monkeypatch.setattr(report_utils, "PACKED_ROWS", 2)
	statements = []
	sql = frappe.db.sql

	def counted(query, *args, **kwargs):
		statements.append(str(query))
		return sql(query, *args, **kwargs)

	monkeypatch.setattr(frappe.db, "sql", counted)
	rows = listed_rows(EVALUATION, {}, FIELDS)
	monkeypatch.setattr(frappe.db, "sql", sql)
	assert rows == frappes_rows({})
	assert packed_answers == [rows]
	assert len([s for s in statements if "group_concat" in s]) == len(rows) // 2 + 1


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
