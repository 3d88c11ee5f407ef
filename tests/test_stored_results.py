"""What an evaluation stores for the rankings (totals, classifications and group shares per level)
equals what the rule gives from its criteria rows, after every kind of change: an edit at any level,
the review and council steps of the demo's campaign, an import, the patch for older sites."""

import json

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanhoa_congso.rules import evaluations, units
from vanhoa_congso.testing import make_plan, make_unit

EVALUATION = "Emulation Evaluation"
LEVELS = ("self", "review", "council")
STORED = (
	"self_percent",
	"review_percent",
	"council_percent",
	"final_percent",
	"self_classification",
	"review_classification",
	"council_classification",
	"classification",
	"group_shares",
)


def stored(name: str) -> dict:
	values = frappe.db.get_value(EVALUATION, name, STORED, as_dict=True)
	values.group_shares = json.loads(values.group_shares or "{}")
	return {key: values[key] or None for key in STORED}


def share(rows, fraction) -> float | None:
	assessed = [(fraction(row), frappe.utils.flt(row.weight) or 1.0) for row in rows]
	assessed = [(f, w) for f, w in assessed if f is not None]
	weights = sum(w for _f, w in assessed)
	return round(100 * sum(f * w for f, w in assessed) / weights, 2) if weights else None


def expected(name: str) -> dict:
	"""The rule's result, from the evaluation's rows as the database holds them, each group's rows found
	through the criteria tree."""
	doc = frappe.get_doc(EVALUATION, name)
	plan = frappe.get_doc("Emulation Plan", doc.plan)
	totals = {level: evaluations.total_percent(doc.items, level) for level in LEVELS}
	final = next(
		(totals[level] for level in ("council", "review", "self") if totals[level] is not None), None
	)
	shares = {level: {} for level in (*LEVELS, "latest")}
	for group in evaluations.criteria_groups(doc.plan, doc.subject_type):
		inside = set(
			frappe.get_all(
				"Emulation Criterion",
				filters={"lft": (">=", group.lft), "rgt": ("<=", group.rgt), "is_group": 0},
				pluck="name",
			)
		)
		rows = [row for row in doc.items if row.criterion in inside]
		for level in LEVELS:
			shares[level][group.code] = share(
				rows, lambda row, level=level: evaluations.row_fraction(row, level)
			)
		shares["latest"][group.code] = share(
			rows,
			lambda row: next(
				(
					f
					for f in (evaluations.row_fraction(row, lv) for lv in ("council", "review", "self"))
					if f is not None
				),
				None,
			),
		)
	result = {f"{level}_percent": totals[level] for level in LEVELS}
	result.update({f"{level}_classification": evaluations.classify(totals[level], plan) for level in LEVELS})
	result.update(final_percent=final, classification=evaluations.classify(final, plan), group_shares=shares)
	return {key: result[key] if key.endswith("percent") else (result[key] or None) for key in STORED}


def assert_stored_is_the_rule(name: str) -> None:
	found, wanted = stored(name), expected(name)
	for key in STORED:
		if key.endswith("percent"):
			# a total not reached yet is stored as 0 (Percent columns are NOT NULL)
			assert frappe.utils.flt(found[key]) == pytest.approx(frappe.utils.flt(wanted[key])), (name, key)
		else:
			assert found[key] == wanted[key], (name, key, found[key], wanted[key])


@pytest.fixture
def scored_world():
	"""A plan whose criteria have two groups, each with a pass/fail item and a weighted scored item, and
	one collective's evaluation."""
	province = make_unit(units.PROVINCE, unit_code="SR-P")
	district = make_unit(units.DISTRICT, province.name, unit_code="SR-D")
	grassroots = make_unit(units.GRASSROOTS, district.name, unit_code="SR-G")
	criteria_set = frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": "SR-SET", "set_name": "Bộ lưu kết quả"}
	).insert()
	for group in ("1", "2"):
		parent = frappe.get_doc(
			{
				"doctype": "Emulation Criterion",
				"criteria_set": criteria_set.name,
				"subject_type": "Collective",
				"code": group,
				"criterion_text": f"Nhóm {group}",
				"is_group": 1,
			}
		).insert()
		for code, kind, maximum, weight in (
			(f"{group}.1", "Pass/Fail", 0, 1),
			(f"{group}.2", "Score", 10, 3),
		):
			frappe.get_doc(
				{
					"doctype": "Emulation Criterion",
					"criteria_set": criteria_set.name,
					"subject_type": "Collective",
					"code": code,
					"criterion_text": f"Tiêu chí {code}",
					"parent_emulation_criterion": parent.name,
					"assessment_type": kind,
					"max_score": maximum,
					"weight": weight,
				}
			).insert()
	plan = make_plan(province.name, plan_number="SR/KH-LĐLĐ", criteria_set=criteria_set.name)
	plan.submit()
	doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"plan": plan.name,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Collective",
			"subject_unit": grassroots.name,
		}
	).insert()
	return frappe._dict(plan=plan.name, evaluation=doc.name)


# one change: (level, criterion row, pass/fail result or score; None clears it)
changes = st.lists(
	st.tuples(
		st.sampled_from(LEVELS),
		st.integers(min_value=0, max_value=3),
		st.one_of(
			st.none(), st.sampled_from(["Meets", "Does Not Meet"]), st.integers(min_value=0, max_value=10)
		),
	),
	min_size=1,
	max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=changes)
def test_edits_at_every_level_keep_the_stored_results_equal_to_the_rule(scored_world, steps):
	doc = frappe.get_doc(EVALUATION, scored_world.evaluation)
	for level, index, value in steps:
		row = doc.items[index]
		if row.assessment_type == "Score":
			row.set(f"{level}_score", value if isinstance(value, int) else 0)
			row.set(f"{level}_result", None)
		else:
			row.set(f"{level}_result", value if isinstance(value, str) else None)
	# the reviewer's and the council's columns are theirs to fill in the workflow; the rule under test
	# is what a save stores, whoever saves
	doc.flags.ignore_permissions = True
	doc.save()
	assert_stored_is_the_rule(doc.name)


def test_every_evaluation_of_the_demo_campaign_stores_the_rules_result(demo_data):
	# the demo takes its evaluations through self-assessment, review, the council and approval
	names = frappe.get_all(EVALUATION, filters={"is_demo": 1}, pluck="name")
	states = set(frappe.get_all(EVALUATION, filters={"is_demo": 1}, pluck="workflow_state"))
	assert names and {"Approved", "Forwarded to Council", "Sent for Review"} <= states
	for name in names:
		assert_stored_is_the_rule(name)


@pytest.fixture
def import_world():
	"""The import test's plan of 100 collectives."""
	from test_assessment_import import world

	return world.__wrapped__()


def test_imported_evaluations_store_the_rules_result(import_world):
	from test_assessment_import import filled, run

	world = import_world
	assert run(world, filled(world))["errors"] == []
	names = frappe.get_all(EVALUATION, filters={"plan": world.plan}, pluck="name")
	assert len(names) == 100
	for name in names:
		assert_stored_is_the_rule(name)
	# the import creates the drafts' Workflow Actions together at its end, as frappe would one by one
	from frappe.workflow.doctype.workflow_action import workflow_action

	doc = frappe.get_doc(EVALUATION, names[0])
	workflow = workflow_action.get_workflow_name(EVALUATION)
	roles = {
		t.allowed for t in workflow_action.get_next_possible_transitions(workflow, doc.workflow_state, doc)
	}
	assert roles
	actions = frappe.get_all(
		"Workflow Action",
		filters={"reference_doctype": EVALUATION, "reference_name": ("in", names), "status": "Open"},
		fields=["name", "reference_name", "workflow_state"],
	)
	assert sorted(a.reference_name for a in actions) == sorted(names)
	assert {a.workflow_state for a in actions} == {doc.workflow_state}
	for action in actions[:5]:
		permitted = frappe.get_all(
			"Workflow Action Permitted Role", filters={"parent": action.name}, pluck="role"
		)
		assert set(permitted) == roles


def test_the_patch_stores_the_results_of_older_evaluations(scored_world):
	doc = frappe.get_doc(EVALUATION, scored_world.evaluation)
	doc.items[1].self_score = 7
	doc.items[0].self_result = "Meets"
	doc.save()
	frappe.db.set_value(
		EVALUATION, doc.name, {"group_shares": None, "council_percent": 0, "self_classification": None}
	)
	from vanhoa_congso.patches import evaluation_stored_results

	evaluation_stored_results.execute()
	assert stored(doc.name)["group_shares"]["self"]["1"] == pytest.approx(round(100 * (1 + 0.7 * 3) / 4, 2))
	assert_stored_is_the_rule(doc.name)
