"""Union members belong to a grassroots union; their evaluations keep a copy of their profile."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from vanhoa_congso.rules import units

ACTIVE = "Active Member"
LEFT = "Left the Union"
EVALUATION = "Emulation Evaluation"

# What the statistics break evaluations down by (gender, ethnic group, leaders and front-line
# workers). Each evaluation of a member keeps a copy, so that a province's ranking reads one row per
# evaluation instead of also reading every member's record. The copy is seen by whoever reads the
# evaluation: the roles that read members, within the evaluation's unit.
PROFILE_FIELDS = ("gender", "ethnic_group", "is_leader")
NO_PROFILE = {"gender": None, "ethnic_group": None, "is_leader": 0}


class MemberUnitError(frappe.ValidationError):
	pass


def validate_member_unit(unit: str) -> None:
	level = frappe.db.get_value(units.UNIT, unit, "level")
	if level != units.GRASSROOTS:
		frappe.throw(
			_(
				"Unit {0} is a {1}, not a grassroots union. A member must belong to a grassroots union."
			).format(unit, _(level) if level else "?"),
			MemberUnitError,
		)


def validate_member_dates(date_of_birth, status: str, left_on) -> None:
	today = getdate(nowdate())
	if date_of_birth and getdate(date_of_birth) >= today:
		frappe.throw(_("The date of birth must be in the past."))
	if status == LEFT and not left_on:
		frappe.throw(_("Enter the date the member left."))
	if left_on and date_of_birth and getdate(left_on) <= getdate(date_of_birth):
		frappe.throw(_("The date the member left must be after the date of birth."))


def profile_of(member) -> dict:
	"""The member's `PROFILE_FIELDS` as an evaluation stores them (an empty value as None, an unticked
	box as 0); `member` is a record or its values."""
	return {field: member.get(field) or NO_PROFILE[field] for field in PROFILE_FIELDS}


def copy_profile_to_evaluations(member) -> None:
	"""After a member's record is saved: its evaluations, whatever their state, take its profile again
	(a correction of a member's record shows in every ranking, as it did when they read the record)."""
	if not any(member.has_value_changed(field) for field in PROFILE_FIELDS):
		return
	evaluation = frappe.qb.DocType(EVALUATION)
	query = frappe.qb.update(evaluation).where(evaluation.union_member == member.name)
	for field, value in profile_of(member).items():
		query = query.set(evaluation[field], value)
	query.run()


def refresh_evaluation_profiles(names: list[str] | None = None) -> None:
	"""Copy the members' profiles onto evaluations written without their controller (sites from
	before the copy was kept, bulk data), in one statement; `names` narrows it to those evaluations."""
	if names is not None and not names:
		return
	# parameterised SQL: the query builder leaves the SET columns unqualified, which a join makes
	# ambiguous (both tables have them); the values as a save stores them (an empty one as NULL, an
	# unticked box as 0)
	frappe.db.sql(
		f"""update `tab{EVALUATION}` e join `tabUnion Member` m on m.name = e.union_member
		set e.gender = nullif(m.gender, ''), e.ethnic_group = nullif(m.ethnic_group, ''),
			e.is_leader = coalesce(m.is_leader, 0)"""
		+ (" where e.name in %(names)s" if names is not None else ""),
		{"names": tuple(names or ())},
	)
