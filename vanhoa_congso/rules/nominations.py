"""Choosing and sending up (bình xét, đề nghị): the reviewing level ranks the evaluations its units
sent it and sends them to the council in one combined dossier, with one submission letter and one set
of minutes; a cluster's leading unit sends the cluster's own proposals the same way."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt

from vanhoa_congso.rules import clusters, evaluations, registration, units

BATCH = "Emulation Nomination Batch"
EVALUATION = "Emulation Evaluation"
COLLECTIVE = "Collective"
SENT_FOR_REVIEW, FORWARDED = "Sent for Review", "Forwarded to Council"


class NominationError(frappe.ValidationError):
	pass


def receiving_unit(
	sending_unit: str, plan: str, phase: str, year: int, cluster: str | None = None
) -> str | None:
	"""The level above the proposing unit on the phase date, or the unit that took over its work; a
	cluster's proposals go to the plan's issuing unit, which named the cluster."""
	if cluster:
		return units.acting_unit(frappe.db.get_value("Emulation Plan", plan, "issuing_unit"))
	on_date = evaluations.phase_date(plan, phase, year)
	return units.acting_unit(units.get_parent_on(sending_unit, on_date))


def fill_rows(doc) -> None:
	"""Copy each evaluation's subject and result into its row; a row without one names its subject."""
	linked = [row.evaluation for row in doc.nominations if row.evaluation]
	found = {
		row.name: row
		for row in frappe.get_all(
			EVALUATION,
			filters={"name": ("in", linked or [""])},
			fields=[
				"name",
				"subject_type",
				"subject_unit",
				"union_member",
				"subject_name",
				"emulation_unit",
				"final_percent",
				"classification",
				"proposed_award_form",
			],
		)
	}
	for row in doc.nominations:
		evaluation = found.get(row.evaluation)
		if evaluation:
			row.subject_type = evaluation.subject_type
			row.subject_unit = evaluation.subject_unit
			row.union_member = evaluation.union_member
			row.subject_name = evaluation.subject_name
			row.emulation_unit = evaluation.emulation_unit
			row.final_percent = evaluation.final_percent
			row.classification = _(evaluation.classification) if evaluation.classification else None
			row.proposed_award_form = row.proposed_award_form or evaluation.proposed_award_form
			continue
		if row.subject_type == COLLECTIVE:
			row.union_member = None
		else:
			row.subject_unit = None
		name, unit = registration.subject_details(row.subject_type, row.subject_unit, row.union_member)
		row.subject_name, row.emulation_unit = name, unit
		row.final_percent, row.classification = None, None


def rank_rows(rows) -> None:
	"""Keep the ranks the reviewing level gave; with any rank missing, rank everything by score."""
	if rows and all(cint(row.rank) for row in rows):
		return
	ordered = sorted(rows, key=lambda row: (-flt(row.final_percent), row.idx))
	for rank, row in enumerate(ordered, start=1):
		row.rank = rank


def validate_ranks(rows) -> None:
	ranks = sorted(cint(row.rank) for row in rows)
	if ranks != list(range(1, len(rows) + 1)):
		frappe.throw(
			_("Ranks must run from 1 to {0}, each used once; clear them all to rank by score.").format(
				len(rows)
			),
			NominationError,
		)


def validate_rows(doc, plan) -> None:
	"""Each evaluation once, of this plan and phase, sent to the proposing unit for review and in no
	other batch; a cluster's rows are its member units (or their members)."""
	cluster_units = set(clusters.member_units(doc.cluster)) if doc.cluster else None
	seen: set[str] = set()
	for row in doc.nominations:
		subject = row.subject_unit or row.union_member
		if not subject:
			frappe.throw(
				_("Row {0}: choose an evaluation, or the unit or member proposed.").format(row.idx),
				NominationError,
			)
		if subject in seen:
			frappe.throw(
				_("Row {0}: {1} is already proposed in this batch.").format(row.idx, row.subject_name),
				NominationError,
			)
		seen.add(subject)
		if cluster_units is not None:
			validate_cluster_row(doc, plan, row, cluster_units)
		else:
			validate_evaluation_row(doc, row)


def validate_evaluation_row(doc, row) -> None:
	if not row.evaluation:
		frappe.throw(
			_("Row {0}: a unit's batch sends evaluations; choose the evaluation of {1}.").format(
				row.idx, row.subject_name or ""
			),
			NominationError,
		)
	evaluation = frappe.db.get_value(
		EVALUATION,
		row.evaluation,
		["plan", "phase", "phase_year", "reviewing_unit", "workflow_state", "nomination_batch"],
		as_dict=True,
	)
	if (evaluation.plan, evaluation.phase, cint(evaluation.phase_year)) != (
		doc.plan,
		doc.phase,
		cint(doc.phase_year),
	):
		frappe.throw(
			_("Row {0}: evaluation {1} belongs to another plan or phase.").format(row.idx, row.evaluation),
			NominationError,
		)
	if evaluation.reviewing_unit != doc.sending_unit:
		frappe.throw(
			_("Row {0}: evaluation {1} was sent to {2} for review, not to {3}.").format(
				row.idx, row.evaluation, evaluation.reviewing_unit or "—", doc.sending_unit
			),
			NominationError,
		)
	if evaluation.workflow_state not in (SENT_FOR_REVIEW, FORWARDED):
		frappe.throw(
			_(
				"Row {0}: evaluation {1} is {2}; only evaluations sent for review or forwarded to the council go in a batch."
			).format(row.idx, row.evaluation, _(evaluation.workflow_state)),
			NominationError,
		)
	if evaluation.nomination_batch and evaluation.nomination_batch != doc.name:
		frappe.throw(
			_("Row {0}: evaluation {1} was sent in batch {2}.").format(
				row.idx, row.evaluation, evaluation.nomination_batch
			),
			NominationError,
		)


def validate_cluster_row(doc, plan, row, cluster_units: set[str]) -> None:
	if row.emulation_unit not in cluster_units:
		frappe.throw(
			_("Row {0}: {1} is not a member of cluster {2}.").format(row.idx, row.subject_name, doc.cluster),
			NominationError,
		)
	if not (row.achievement or "").strip():
		frappe.throw(
			_("Row {0}: write the achievement the cluster proposes {1} for.").format(
				row.idx, row.subject_name
			),
			NominationError,
		)
	registration.validate_registered(
		plan,
		row.subject_type,
		row.subject_unit,
		row.union_member,
		evaluations.phase_date(doc.plan, doc.phase, doc.phase_year),
	)


def validate_cluster(doc) -> None:
	"""A cluster's proposals come from its leading unit, for the cluster's own plan."""
	if not doc.cluster:
		return
	cluster = frappe.db.get_value("Emulation Cluster", doc.cluster, ["plan", "leading_unit"], as_dict=True)
	if cluster.plan != doc.plan:
		frappe.throw(
			_("Cluster {0} belongs to plan {1}, not to {2}.").format(doc.cluster, cluster.plan, doc.plan),
			NominationError,
		)
	if cluster.leading_unit != doc.sending_unit:
		frappe.throw(
			_("The proposals of cluster {0} are sent by its leading unit {1}.").format(
				doc.cluster, cluster.leading_unit
			),
			NominationError,
		)


def validate_ready_to_send(doc) -> None:
	if not doc.nominations:
		frappe.throw(_("Add the evaluations or units the batch proposes."), NominationError)
	missing = [
		label
		for label, value in (
			(_("Submission Letter Number"), doc.letter_number),
			(_("Letter Date"), doc.letter_date),
			(_("Signed Submission Letter"), doc.submission_letter),
			(_("Minutes of the Review Meeting"), doc.meeting_minutes),
		)
		if not value
	]
	if missing:
		frappe.throw(_("Before sending the batch, fill in: {0}.").format(", ".join(missing)), NominationError)


def waiting_for_review(doc) -> list[str]:
	"""The batch's evaluations still waiting for the proposing unit's review: sending the batch
	forwards them to the council."""
	linked = [row.evaluation for row in doc.nominations if row.evaluation]
	waiting = set(
		frappe.get_all(
			EVALUATION,
			filters={"name": ("in", linked or [""]), "workflow_state": SENT_FOR_REVIEW},
			pluck="name",
		)
	)
	return [name for name in linked if name in waiting]


def candidates(plan: str, phase: str, phase_year: int, sending_unit: str) -> list[dict]:
	"""Evaluations sent to `sending_unit` for review in this phase and not yet in a batch, best first
	(permission-aware: the user sees only what the unit tree lets them see)."""
	return frappe.get_list(
		EVALUATION,
		filters={
			"plan": plan,
			"phase": phase,
			"phase_year": cint(phase_year),
			"reviewing_unit": sending_unit,
			"workflow_state": ("in", [SENT_FOR_REVIEW, FORWARDED]),
			"nomination_batch": ("is", "not set"),
		},
		fields=["name", "subject_name", "final_percent", "classification", "proposed_award_form"],
		order_by="final_percent desc, name asc",
	)
