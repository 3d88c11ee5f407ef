"""Each evaluation of a member keeps a copy of the member's profile (gender, ethnic group, leader or
front-line), which the Scoreboard breaks the ranking down by without reading the members' records:
the copy equals the member's record after every kind of change."""

import frappe
import pytest

from vanhoa_congso.rules import members
from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard import emulation_scoreboard

EVALUATION = "Emulation Evaluation"


def kept(name: str) -> tuple:
	return tuple(frappe.db.get_value(EVALUATION, name, list(members.PROFILE_FIELDS)))


def profile_of(member: str) -> tuple:
	values = frappe.db.get_value("Union Member", member, list(members.PROFILE_FIELDS), as_dict=True)
	return tuple(values[field] or members.NO_PROFILE[field] for field in members.PROFILE_FIELDS)


def assert_every_copy_is_the_members() -> None:
	rows = frappe.get_all(
		EVALUATION, fields=["name", "subject_type", "union_member", *members.PROFILE_FIELDS]
	)
	individuals = [row for row in rows if row.subject_type == "Individual"]
	assert individuals
	for row in rows:
		found = tuple(row[field] for field in members.PROFILE_FIELDS)
		if row.subject_type == "Individual":
			assert found == profile_of(row.union_member), row.name
		else:
			assert found == (None, None, 0), row.name


def test_every_evaluation_of_the_demo_keeps_its_members_profile(demo_data):
	assert_every_copy_is_the_members()
	# the copies are not empty: the demo's evaluated members are of both genders, with ethnic groups
	copies = set(
		frappe.get_all(
			EVALUATION,
			filters={"subject_type": "Individual"},
			fields=list(members.PROFILE_FIELDS),
			as_list=True,
		)
	)
	assert len({gender for gender, _e, _l in copies}) == 2
	assert {ethnic for _g, ethnic, _l in copies} - {None}


def test_a_corrected_member_record_reaches_every_evaluation_in_every_state(demo_data):
	evaluated = frappe.get_all(
		EVALUATION,
		filters={"subject_type": "Individual", "docstatus": 1},
		fields=["union_member"],
		pluck="union_member",
	)
	assert evaluated, "the demo approves some individuals' evaluations"
	member = frappe.get_doc("Union Member", evaluated[0])
	names = frappe.get_all(EVALUATION, filters={"union_member": member.name}, pluck="name")
	modified = {name: frappe.db.get_value(EVALUATION, name, "modified") for name in names}
	other_group = frappe.get_all("Ethnic Group", filters={"name": ("!=", member.ethnic_group)}, pluck="name")[
		0
	]
	member.gender = "Female" if member.gender == "Male" else "Male"
	member.ethnic_group = other_group
	member.is_leader = 0 if member.is_leader else 1
	member.save()
	for name in names:
		assert kept(name) == (member.gender, other_group, member.is_leader), name
		# a copy, not a change of the evaluation: its last change stays the officer's
		assert frappe.db.get_value(EVALUATION, name, "modified") == modified[name]
	_c, rows, *_ = emulation_scoreboard.execute(
		{"plan": frappe.db.get_value(EVALUATION, names[0], "plan"), "subject_type": "Individual"}
	)
	shown = [row for row in rows if row["evaluation"] in names]
	assert shown and all(row["gender"] == member.gender for row in shown)
	assert all(row["ethnic_group"] == other_group for row in shown)
	# the Scoreboard's own filters read the copy
	_c, filtered, *_ = emulation_scoreboard.execute(
		{
			"plan": frappe.db.get_value(EVALUATION, names[0], "plan"),
			"subject_type": "Individual",
			"ethnic_group": other_group,
		}
	)
	assert {row["evaluation"] for row in shown} <= {row["evaluation"] for row in filtered}
	assert all(row["ethnic_group"] == other_group for row in filtered)


def test_a_new_evaluation_and_a_draft_saved_again_copy_the_member(demo_data):
	draft = frappe.get_all(
		EVALUATION, filters={"subject_type": "Individual", "docstatus": 0}, pluck="name", limit=1
	)
	assert draft
	doc = frappe.get_doc(EVALUATION, draft[0])
	# a value that disagrees with the member's (written around the controller) is put right by a save
	frappe.db.set_value(EVALUATION, doc.name, "gender", None, update_modified=False)
	doc.reload()
	doc.save()
	assert kept(doc.name) == profile_of(doc.union_member)
	plan = frappe.get_doc("Emulation Plan", doc.plan)
	taken = set(
		frappe.get_all(
			EVALUATION,
			filters={"union_member": doc.union_member, "plan": doc.plan, "docstatus": ("<", 2)},
			fields=["phase", "phase_year"],
			as_list=True,
		)
	)
	created = None
	for year in range(plan.period_to_year, plan.period_from_year - 1, -1):
		for phase in ("Full Year", "First Half-Year"):
			if (phase, year) in taken:
				continue
			new = frappe.get_doc(
				{
					"doctype": EVALUATION,
					"plan": doc.plan,
					"phase": phase,
					"phase_year": year,
					"subject_type": "Individual",
					"union_member": doc.union_member,
					# whatever the client sends, the copy is the member's
					"gender": "Female" if profile_of(doc.union_member)[0] == "Male" else "Male",
					"is_leader": 1 - profile_of(doc.union_member)[2],
				}
			)
			try:
				created = new.insert()
			except frappe.ValidationError:
				continue
			break
		if created:
			break
	assert created, "some phase of the plan is open to a second evaluation of the member"
	assert kept(created.name) == profile_of(doc.union_member)


def test_the_patch_copies_the_profiles_onto_older_evaluations(demo_data):
	names = frappe.get_all(EVALUATION, filters={"subject_type": "Individual"}, pluck="name")
	for name in names:
		frappe.db.set_value(
			EVALUATION, name, {"gender": None, "ethnic_group": None, "is_leader": 0}, update_modified=False
		)
	assert {kept(name) for name in names} == {(None, None, 0)}
	from vanhoa_congso.patches import evaluation_member_profiles

	evaluation_member_profiles.execute()
	assert_every_copy_is_the_members()
