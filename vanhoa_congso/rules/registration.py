"""Registration for the campaign (đăng ký thi đua): each unit, and each member where the plan asks,
registers with the titles it aims at and a signed commitment; the level above acknowledges it; where
the plan requires it, only registered subjects are evaluated and proposed."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from vanhoa_congso.rules import prizes, sending, units

REGISTRATION = "Emulation Registration"
COLLECTIVE, INDIVIDUAL = "Collective", "Individual"
ACTIVE_MEMBER = "Active Member"


class RegistrationError(frappe.ValidationError):
	pass


class NotRegisteredError(RegistrationError):
	pass


def subject_details(subject_type: str, subject_unit: str | None, union_member: str | None):
	"""(the subject's name, the unit that registers it)."""
	if subject_type == COLLECTIVE:
		return frappe.db.get_value(units.UNIT, subject_unit, "unit_name"), subject_unit
	member = frappe.db.get_value("Union Member", union_member, ["full_name", "emulation_unit"], as_dict=True)
	return (member.full_name, member.emulation_unit) if member else (None, None)


def receiving_unit(unit: str | None, on_date) -> str | None:
	"""The level above `unit` on the registration date, or the unit that took over its work."""
	if not unit:
		return None
	return units.acting_unit(units.get_parent_on(unit, on_date))


def validate_plan(plan) -> None:
	if plan.docstatus != 1:
		frappe.throw(
			_("Plan {0} is not issued (submitted) yet; register for an issued plan.").format(plan.name),
			RegistrationError,
		)


def validate_subject(plan, subject_type: str, unit: str | None, union_member: str | None, on_date) -> None:
	"""The subject takes part in the plan: a unit below its issuing unit on the registration date, or an
	active member of one, when the plan asks members to register."""
	if subject_type == INDIVIDUAL:
		if not plan.members_register:
			frappe.throw(
				_(
					"Plan {0} does not ask members to register one by one; their union's registration covers them."
				).format(plan.name),
				RegistrationError,
			)
		if frappe.db.get_value("Union Member", union_member, "status") != ACTIVE_MEMBER:
			frappe.throw(
				_("{0} is not an active union member, so cannot register.").format(union_member),
				RegistrationError,
			)
	if not unit or unit not in units.descendants_on(plan.issuing_unit, on_date):
		frappe.throw(
			_(
				"{0} is not under {1}, which issued plan {2}, on {3}; it cannot register for this plan."
			).format(unit, plan.issuing_unit, plan.name, frappe.format(getdate(on_date), "Date")),
			RegistrationError,
		)


def validate_targets(rows, subject_type: str) -> None:
	"""Each title or award aimed at once, and given to subjects of this type."""
	seen = set()
	for row in rows:
		if row.award_form in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice.").format(row.idx, row.award_form), RegistrationError
			)
		seen.add(row.award_form)
		form_subject_type = frappe.db.get_value("Award Form", row.award_form, "subject_type")
		if not prizes.applies_to(form_subject_type, subject_type):
			frappe.throw(
				_("Row {0}: award form {1} is not given to subjects of type {2}.").format(
					row.idx, row.award_form, _(subject_type)
				),
				RegistrationError,
			)


def validate_unique(plan: str, subject_type: str, subject: str | None, name: str | None) -> None:
	"""One registration per subject and plan."""
	field = "subject_unit" if subject_type == COLLECTIVE else "union_member"
	existing = frappe.db.get_value(
		REGISTRATION, {"plan": plan, field: subject, "name": ("!=", name or "")}, "name"
	)
	if existing:
		frappe.throw(
			_("{0} has already registered for this plan ({1}). Open that registration instead.").format(
				subject, existing
			),
			RegistrationError,
		)


def validate_ready_to_send(doc) -> None:
	if not doc.targets:
		frappe.throw(_("Name at least one title or award the registration aims at."), RegistrationError)
	if not doc.commitment_file:
		frappe.throw(
			_("Attach the signed commitment (bản đăng ký, cam kết có chữ ký) before sending."),
			RegistrationError,
		)


def acknowledged(plan: str, field: str, subject: str, on_date=None) -> str | None:
	"""The acknowledged registration of `subject` for the plan, made on or before `on_date`."""
	filters = {"plan": plan, field: subject, "status": sending.ACKNOWLEDGED}
	if on_date:
		filters["registered_on"] = ("<=", getdate(on_date))
	return frappe.db.get_value(REGISTRATION, filters, "name")


def validate_registered(
	plan, subject_type: str, subject_unit: str | None, union_member: str | None, on_date, exc=None
) -> None:
	"""Where the plan requires registration, the subject registered (and the level above acknowledged
	it) by `on_date`. A member is covered by the union's registration unless the plan asks members to
	register one by one."""
	if not plan.registration_required:
		return
	if subject_type == COLLECTIVE:
		field, subject = "subject_unit", subject_unit
	elif plan.members_register:
		field, subject = "union_member", union_member
	else:
		field = "subject_unit"
		subject = frappe.db.get_value("Union Member", union_member, "emulation_unit")
	if subject and acknowledged(plan.name, field, subject, on_date):
		return
	frappe.throw(
		_(
			"{0} has no acknowledged registration for plan {1} by {2}; plan {1} evaluates and proposes only registered subjects. Register it and have the level above acknowledge it first."
		).format(subject or union_member, plan.name, frappe.format(getdate(on_date), "Date")),
		exc or NotRegisteredError,
	)
