"""Proposals upward (đề nghị khen cao): from the evaluations its council approved, the provincial
federation proposes collectives and individuals to the Confederation (its Bằng khen, Cờ thi đua) or
to the provincial People's Committee, and records the answer."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from vanhoa_congso.rules import award_forms, evaluations, registration, sending, units

PROPOSAL = "Emulation Upward Proposal"
ITEM = "Emulation Upward Proposal Item"
DRAFT, SENT, ANSWERED = "Draft", "Sent", "Answered"
SEND, RECORD_ANSWER = "Send", "Record Answer"
GRANTED, NOT_GRANTED = "Granted", "Not Granted"
COLLECTIVE = "Collective"
# what the proposing unit fills in when the answer arrives
ANSWER_FIELDS = frozenset({"answer_number", "answer_date", "answer_file", "answer_note", "items"})
ANSWER_ROW_FIELDS = ("outcome", "outcome_note")
PROPOSER_ROLES = ("Emulation Manager", "Emulation Council Secretary")


class ProposalError(frappe.ValidationError):
	pass


def fill_rows(doc) -> None:
	"""Each row's subject from its evaluation, or from the unit or member entered."""
	for row in doc.items:
		if row.evaluation:
			values = frappe.db.get_value(
				"Emulation Evaluation",
				row.evaluation,
				["subject_type", "subject_unit", "union_member"],
				as_dict=True,
			)
			if values:
				row.subject_type, row.subject_unit, row.union_member = (
					values.subject_type,
					values.subject_unit,
					values.union_member,
				)
		if row.subject_type == COLLECTIVE:
			row.union_member = None
		else:
			row.subject_unit = None
		row.subject_name, row.emulation_unit = registration.subject_details(
			row.subject_type, row.subject_unit, row.union_member
		)


def validate_proposer(doc) -> None:
	"""The provincial federation proposes to the bodies above it, through people who act for it."""
	if frappe.db.get_value(units.UNIT, doc.proposing_unit, "level") != units.PROVINCE:
		frappe.throw(
			_("Proposals to the {0} are made by a provincial federation; {1} is not one.").format(
				_(doc.higher_body), doc.proposing_unit
			),
			ProposalError,
		)
	if not (sending.has_role(PROPOSER_ROLES, frappe.session.user) and units.acts_for(doc.proposing_unit)):
		frappe.throw(
			_("Only the people of {0} prepare and send its proposals.").format(doc.proposing_unit),
			ProposalError,
		)


def validate_rows(doc, plan) -> None:
	"""Each subject once, under the proposing unit, for an award the higher body gives, from an
	evaluation the council approved (or entered with a reason, and registered where the plan asks)."""
	on_date = evaluations.phase_date(doc.plan, doc.phase, doc.phase_year)
	below = set(units.descendants_on(doc.proposing_unit, on_date))
	seen: set[tuple[str, str]] = set()
	for row in doc.items:
		subject = row.subject_unit or row.union_member
		if not subject:
			frappe.throw(
				_("Row {0}: choose the collective or individual proposed.").format(row.idx), ProposalError
			)
		key = (subject, row.award_form)
		if key in seen:
			frappe.throw(
				_("Row {0}: {1} is already proposed for {2}.").format(
					row.idx, row.subject_name, row.award_form
				),
				ProposalError,
			)
		seen.add(key)
		if row.emulation_unit not in below:
			frappe.throw(
				_("Row {0}: {1} is not under {2}.").format(row.idx, row.subject_name, doc.proposing_unit),
				ProposalError,
			)
		level = frappe.db.get_value("Award Form", row.award_form, "issuing_level")
		if level != doc.higher_body:
			frappe.throw(
				_("Row {0}: {1} is not given by the {2}.").format(
					row.idx, row.award_form, _(doc.higher_body)
				),
				ProposalError,
			)
		if row.evaluation:
			validate_evaluation(doc, row)
		else:
			if not (row.entry_reason or "").strip():
				frappe.throw(
					_(
						"Row {0}: {1} has no approved evaluation; give the reason for proposing it directly."
					).format(row.idx, row.subject_name),
					ProposalError,
				)
			registration.validate_registered(
				plan, row.subject_type, row.subject_unit, row.union_member, on_date
			)


def validate_evaluation(doc, row) -> None:
	evaluation = frappe.db.get_value(
		"Emulation Evaluation", row.evaluation, ["docstatus", "plan", "phase", "phase_year"], as_dict=True
	)
	if not evaluation or evaluation.docstatus != 1:
		frappe.throw(
			_("Row {0}: evaluation {1} is not approved by the council.").format(row.idx, row.evaluation),
			ProposalError,
		)
	if (evaluation.plan, evaluation.phase, cint(evaluation.phase_year)) != (
		doc.plan,
		doc.phase,
		cint(doc.phase_year),
	):
		frappe.throw(
			_("Row {0}: evaluation {1} belongs to another plan or phase.").format(row.idx, row.evaluation),
			ProposalError,
		)


def validate_not_proposed_elsewhere(doc) -> None:
	"""A subject is proposed for one award of the higher body once per phase."""
	proposal = frappe.qb.DocType(PROPOSAL)
	item = frappe.qb.DocType(ITEM)
	subjects = [row.subject_unit or row.union_member for row in doc.items] or [""]
	elsewhere = {
		(unit or member, form): name
		for unit, member, form, name in frappe.qb.from_(item)
		.join(proposal)
		.on((proposal.name == item.parent) & (item.parenttype == PROPOSAL))
		.select(item.subject_unit, item.union_member, item.award_form, proposal.name)
		.where(
			(proposal.plan == doc.plan)
			& (proposal.phase == doc.phase)
			& (proposal.phase_year == cint(doc.phase_year))
			& (proposal.name != (doc.name or ""))
			& (item.subject_unit.isin(subjects) | item.union_member.isin(subjects))
		)
		.run()
	}
	for row in doc.items:
		other = elsewhere.get((row.subject_unit or row.union_member, row.award_form))
		if other:
			frappe.throw(
				_("Row {0}: {1} is already proposed for {2} in {3}.").format(
					row.idx, row.subject_name, row.award_form, other
				),
				ProposalError,
			)


def editable_by(before) -> set[str] | None:
	"""What may change, for the field-ownership rule (permissions/ownership.py): a draft is edited freely
	by the proposer; once sent only the answer is written in; once answered nothing changes."""
	if before is None or (before.status or DRAFT) == DRAFT:
		return None
	if before.status == SENT:
		return (ANSWER_FIELDS - {"items"}) | {f"items.{field}" for field in ANSWER_ROW_FIELDS}
	return set()


def apply_action(doc, action: str, user: str) -> None:
	status = doc.status or DRAFT
	if action == SEND:
		if status != DRAFT:
			frappe.throw(_("Only a draft proposal can be sent."), ProposalError)
		validate_ready_to_send(doc)
		doc.status, doc.sent_by, doc.sent_on = SENT, user, nowdate()
	elif action == RECORD_ANSWER:
		if status != SENT:
			frappe.throw(_("Record the answer of a proposal that was sent."), ProposalError)
		validate_answer(doc)
		doc.status, doc.answered_by, doc.answered_on = ANSWERED, user, nowdate()
	else:
		frappe.throw(_("Unknown action {0}.").format(action), ProposalError)


def validate_ready_to_send(doc) -> None:
	if not doc.items:
		frappe.throw(_("Add the collectives and individuals proposed."), ProposalError)
	missing = [
		label
		for label, value in (
			(_("Submission Letter Number"), doc.letter_number),
			(_("Letter Date"), doc.letter_date),
			(_("Signed Submission Letter"), doc.submission_letter),
			(_("Minutes of the Council Meeting"), doc.council_minutes),
		)
		if not value
	]
	if missing:
		frappe.throw(
			_("Before sending the proposal, fill in: {0}.").format(", ".join(missing)), ProposalError
		)


def validate_answer(doc) -> None:
	if not doc.answer_number or not doc.answer_date:
		frappe.throw(
			_("Enter the number and date of the {0}'s answer or decision.").format(_(doc.higher_body)),
			ProposalError,
		)
	if doc.letter_date and getdate(doc.answer_date) < getdate(doc.letter_date):
		frappe.throw(_("The answer cannot be dated before the submission letter."), ProposalError)
	pending = [str(row.idx) for row in doc.items if row.outcome not in (GRANTED, NOT_GRANTED)]
	if pending:
		frappe.throw(
			_("Record the outcome (granted or not) of rows {0}.").format(", ".join(pending)), ProposalError
		)


def approved_evaluations(plan: str, phase: str, phase_year: int) -> list[dict]:
	"""Evaluations of the phase the council approved, best first, as proposal rows (permission-aware)."""
	return [
		{
			"evaluation": row.name,
			"subject_type": row.subject_type,
			"subject_unit": row.subject_unit,
			"union_member": row.union_member,
			"subject_name": row.subject_name,
			"achievement": _("Classified {0} ({1}%) in the emulation campaign").format(
				_(row.classification), frappe.format(row.final_percent, "Float")
			),
		}
		for row in frappe.get_list(
			"Emulation Evaluation",
			filters={"plan": plan, "phase": phase, "phase_year": cint(phase_year), "docstatus": 1},
			fields=[
				"name",
				"subject_type",
				"subject_unit",
				"union_member",
				"subject_name",
				"classification",
				"final_percent",
			],
			order_by="final_percent desc, name asc",
		)
	]


def outcomes(filters: dict | None = None) -> list[dict]:
	"""Rows of sent and answered proposals (permission-aware), for the Award Register.

	Shape: {"proposal", "higher_body", "status", "number", "date", "subject_name", "subject_type",
	"subject_unit", "union_member", "award_form", "outcome"}."""
	filters = dict(filters or {})
	proposals = {
		row.name: row
		for row in frappe.get_list(
			PROPOSAL,
			filters={"status": ("in", [SENT, ANSWERED]), **filters},
			fields=[
				"name",
				"higher_body",
				"status",
				"letter_number",
				"letter_date",
				"answer_number",
				"answer_date",
			],
		)
	}
	if not proposals:
		return []
	item = frappe.qb.DocType(ITEM)
	rows = (
		frappe.qb.from_(item)
		.select(
			item.parent,
			item.subject_name,
			item.subject_type,
			item.subject_unit,
			item.union_member,
			item.award_form,
			item.outcome,
		)
		.where(item.parent.isin(list(proposals)) & (item.parenttype == PROPOSAL))
		.orderby(item.parent)
		.orderby(item.idx)
		.run(as_dict=True)
	)
	result = []
	for row in rows:
		proposal = proposals[row.parent]
		answered = proposal.status == ANSWERED
		result.append(
			{
				"proposal": row.parent,
				"higher_body": proposal.higher_body,
				"status": proposal.status,
				"number": proposal.answer_number if answered else proposal.letter_number,
				"date": proposal.answer_date if answered else proposal.letter_date,
				"subject_name": row.subject_name,
				"subject_type": row.subject_type,
				"subject_unit": row.subject_unit,
				"union_member": row.union_member,
				"award_form": row.award_form,
				"outcome": row.outcome if answered else None,
			}
		)
	return result
