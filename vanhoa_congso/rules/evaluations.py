"""Emulation evaluations: who reviews, what is assessed, how it is totalled and classified."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from vanhoa_congso.rules import criteria, reviews, units

EVALUATION = "Emulation Evaluation"
FIRST_HALF, FULL_YEAR, MID_TERM, FINAL = "First Half-Year", "Full Year", "Mid-term Review", "Final Review"
MEETS, DOES_NOT_MEET = "Meets", "Does Not Meet"
NOT_APPROVED = "Not Approved"
ACHIEVEMENT_REPORT = "Achievement Report"

# (classification, plan field holding the lowest percentage that earns it), best first
CLASSIFICATIONS = (
	("Excellent", "threshold_excellent"),
	("Good", "threshold_good"),
	("Fair", "threshold_fair"),
	("Average", "threshold_average"),
)
FAILED = "Not Achieved"

# Fields each level fills in on a row; the controller lets each role change only its own.
ROW_FIELDS = {
	"self": ("self_result", "self_score", "evidence_note", "evidence_file"),
	"review": ("review_result", "review_score", "review_comment"),
	"council": ("council_result", "council_score", "council_comment"),
}


class EvaluationError(frappe.ValidationError):
	pass


class DuplicateEvaluationError(EvaluationError):
	pass


def phase_date(plan: str, phase: str, year: int) -> datetime.date:
	"""The date the phase is judged on: the end of the half-year or year, or the review milestone."""
	year = cint(year)
	if phase == FIRST_HALF:
		return datetime.date(year, 6, 30)
	if phase in (MID_TERM, FINAL):
		return reviews.review_date(frappe.get_cached_doc("Emulation Plan", plan), phase, year)
	return datetime.date(year, 12, 31)


def validate_phase(plan, phase: str, year: int) -> None:
	if plan.docstatus != 1:
		frappe.throw(
			_("Plan {0} is not issued (submitted) yet; evaluate against an issued plan.").format(plan.name),
			EvaluationError,
		)
	if not cint(plan.period_from_year) <= cint(year) <= cint(plan.period_to_year):
		frappe.throw(
			_("Year {0} is outside the plan's period {1}–{2}.").format(
				year, plan.period_from_year, plan.period_to_year
			),
			EvaluationError,
		)
	reviews.validate_review_phase(plan, phase, year, EvaluationError)


def review_route(emulation_unit: str, on_date) -> tuple[str | None, bool]:
	"""(reviewing unit, goes straight to the council) from the tree as it stood on `on_date`.

	A unit directly under the provincial federation has no intermediate reviewer. A reviewer closed
	since (the district federations ended on 1/7/2025) hands its work to the unit that took it over.
	"""
	parent = units.acting_unit(units.get_parent_on(emulation_unit, on_date))
	if not parent:
		frappe.throw(
			_("Unit {0} had no parent unit on {1}, so nobody can review it.").format(
				emulation_unit, frappe.format(getdate(on_date), "Date")
			),
			EvaluationError,
		)
	if frappe.db.get_value(units.UNIT, parent, "level") == units.PROVINCE:
		return None, True
	return parent, False


def validate_route_still_holds(doc) -> None:
	"""The action chosen matches the route worked out on this save: after a reorganisation a
	returned evaluation may now go straight to the council instead of to its closed reviewer."""
	if doc.direct_to_council and doc.workflow_state == "Sent for Review":
		frappe.throw(
			_(
				"{0} now goes straight to the council, because its reviewing unit was closed; save it, then use Send to Council."
			).format(doc.name),
			EvaluationError,
		)
	if not doc.direct_to_council and doc.workflow_state == "Forwarded to Council":
		frappe.throw(
			_("{0} goes to {1} for review first; save it, then use Send for Review.").format(
				doc.name, doc.reviewing_unit
			),
			EvaluationError,
		)


def subject_details(
	subject_type: str, subject_unit: str | None, union_member: str | None
) -> tuple[str | None, str | None, str | None]:
	"""(subject's name, the unit it belongs to, that unit's sector)."""
	if subject_type == "Collective":
		unit = frappe.db.get_value("Emulation Unit", subject_unit, ["unit_name", "sector"], as_dict=True)
		return (unit.unit_name, subject_unit, unit.sector) if unit else (None, subject_unit, None)
	member = frappe.db.get_value("Union Member", union_member, ["full_name", "emulation_unit"], as_dict=True)
	if not member:
		return None, None, None
	return (
		member.full_name,
		member.emulation_unit,
		frappe.db.get_value("Emulation Unit", member.emulation_unit, "sector"),
	)


def validate_unique(
	plan: str, phase: str, year: int, subject_type: str, subject: str, name: str | None
) -> None:
	"""One live evaluation per subject per plan phase (a refused or cancelled one frees the place)."""
	field = "subject_unit" if subject_type == "Collective" else "union_member"
	evaluation = frappe.qb.DocType(EVALUATION)
	query = (
		frappe.qb.from_(evaluation)
		.select(evaluation.name)
		.where(
			(evaluation.plan == plan)
			& (evaluation.phase == phase)
			& (evaluation.phase_year == cint(year))
			& (evaluation[field] == subject)
			& (evaluation.docstatus < 2)
			& (evaluation.workflow_state.isnull() | (evaluation.workflow_state != NOT_APPROVED))
		)
		.limit(1)
	)
	if name:
		query = query.where(evaluation.name != name)
	existing = query.run()
	if existing:
		frappe.throw(
			_("{0} already has evaluation {1} for this plan and phase. Open that one instead.").format(
				subject, existing[0][0]
			),
			DuplicateEvaluationError,
		)


def assessable_criteria(criteria_set: str | None, subject_type: str) -> dict[str, dict]:
	"""The criteria an evaluation of `subject_type` assesses, by name, in document order (one query)."""
	if not criteria_set:
		return {}
	return {row.name: row for row in criteria.get_assessable_criteria(criteria_set, subject_type)}


def criteria_rows(assessable: dict[str, dict]) -> list[dict]:
	return [
		{
			"criterion": row.name,
			"criterion_code": row.code,
			"criterion_text": row.criterion_text,
			"assessment_type": row.assessment_type,
			"max_score": row.max_score,
			"weight": row.weight,
		}
		for row in assessable.values()
	]


def validate_rows(rows, assessable: dict[str, dict], subject_type: str) -> None:
	"""Rows name criteria of the plan's set for this subject type, once each, with scores in range."""
	seen = set()
	for row in rows:
		criterion = assessable.get(row.criterion)
		if not criterion:
			frappe.throw(
				_("Row {0}: criterion {1} is not in the plan's criteria for {2}.").format(
					row.idx, row.criterion, _(subject_type)
				),
				EvaluationError,
			)
		if row.criterion in seen:
			frappe.throw(
				_("Row {0}: criterion {1} appears twice.").format(row.idx, row.criterion), EvaluationError
			)
		seen.add(row.criterion)
		for field in ("self_score", "review_score", "council_score"):
			score = row.get(field)
			if score is None:
				continue
			if criterion.assessment_type != criteria.SCORE and flt(score):
				frappe.throw(
					_("Row {0}: criterion {1} is assessed as met or not met; leave the score empty.").format(
						row.idx, criterion.code
					),
					EvaluationError,
				)
			if flt(score) < 0 or flt(score) > flt(criterion.max_score):
				frappe.throw(
					_("Row {0}: score {1} for criterion {2} is out of range 0–{3}.").format(
						row.idx, score, criterion.code, criterion.max_score
					),
					EvaluationError,
				)


def row_fraction(row, level: str) -> float | None:
	"""The share of the criterion achieved at one level (self, review, council), or None if not assessed."""
	if row.assessment_type == criteria.SCORE:
		score = row.get(f"{level}_score")
		result = row.get(f"{level}_result")
		if not score and not result:
			return None
		return flt(score) / flt(row.max_score) if flt(row.max_score) else 0.0
	result = row.get(f"{level}_result")
	if not result:
		return None
	return 1.0 if result == MEETS else 0.0


def fraction_term(item):
	"""`row_fraction` at the latest level assessed (council, then review, then self), as a SQL expression
	on the item table, so that reports can add shares up in the database. Keep the two in step."""
	from frappe.query_builder import Case
	from frappe.query_builder.functions import Coalesce, NullIf

	def level(name: str):
		score, result = item[f"{name}_score"], item[f"{name}_result"]
		scored = (
			Case()
			.when((Coalesce(score, 0) == 0) & (Coalesce(result, "") == ""), None)
			.else_(Coalesce(score / NullIf(item.max_score, 0), 0))
		)
		met = Case().when(Coalesce(result, "") == "", None).when(result == MEETS, 1).else_(0)
		return Case().when(item.assessment_type == criteria.SCORE, scored).else_(met)

	return Coalesce(level("council"), level("review"), level("self"))


def total_percent(rows, level: str) -> float | None:
	"""Weighted percentage achieved at `level`; None until every row is assessed at that level."""
	weighted, weights = 0.0, 0.0
	for row in rows:
		fraction = row_fraction(row, level)
		if fraction is None:
			return None
		weight = flt(row.weight) or 1.0
		weighted += fraction * weight
		weights += weight
	return round(100 * weighted / weights, 2) if weights else None


def classify(percent: float | None, plan) -> str | None:
	if percent is None:
		return None
	for classification, field in CLASSIFICATIONS:
		if flt(percent) >= flt(plan.get(field)):
			return classification
	return FAILED


def validate_ready_to_send(doc) -> None:
	"""Before leaving the grassroots level: every row self-assessed and the achievement report attached."""
	missing = [str(row.idx) for row in doc.items if row_fraction(row, "self") is None]
	if not doc.items:
		frappe.throw(
			_("The evaluation has no criteria rows. Choose the plan and subject again."), EvaluationError
		)
	if missing:
		frappe.throw(
			_("Self-assess every criterion before sending; rows {0} are empty.").format(", ".join(missing)),
			EvaluationError,
		)
	# A dossier row is saved before its file can be uploaded in the desk, so an empty one is fine in a
	# draft but not in what goes up the chain.
	empty = [str(row.idx) for row in doc.dossier if not row.file]
	if empty:
		frappe.throw(
			_("Dossier rows {0} have no file; attach the file or delete the row before sending.").format(
				", ".join(empty)
			),
			EvaluationError,
		)
	if not any(row.document_kind == ACHIEVEMENT_REPORT and row.file for row in doc.dossier):
		frappe.throw(
			_("Attach the achievement report (báo cáo thành tích) to the dossier before sending."),
			EvaluationError,
		)


def validate_council_vote(doc, plan) -> None:
	"""A recommendation belongs to a council session of the plan that had its quorum, with enough votes."""
	from vanhoa_congso.rules import council

	council.validate_vote(doc, plan)


def criteria_groups(plan: str, subject_type: str) -> list[dict]:
	"""Top-level criteria of the plan's set: groups, or items that stand alone; each knows whether the
	plan's text numbers its criteria (`print_codes`)."""
	criteria_set = frappe.db.get_value("Emulation Plan", plan, "criteria_set")
	print_codes = (
		frappe.db.get_value("Emulation Criteria Set", criteria_set, "print_codes") if criteria_set else 0
	)
	groups = frappe.get_all(
		"Emulation Criterion",
		filters={
			"criteria_set": criteria_set,
			"subject_type": subject_type,
			"parent_emulation_criterion": ("is", "not set"),
		},
		fields=["name", "code", "criterion_text", "lft", "rgt"],
		order_by="lft asc",
	)
	for group in groups:
		group.print_codes = print_codes
	return groups


def group_shares(names: list[str], groups: list[dict]) -> dict[str, dict[str, float | None]]:
	"""{evaluation: {group code: % achieved}}, each row at its latest assessed level, added up in the
	database: one row per evaluation comes back, not one per criterion.

	A group none of whose rows is assessed yet has no share (None)."""
	from frappe.query_builder import Case
	from frappe.query_builder.functions import Coalesce, NullIf, Sum

	group_of = criterion_groups_by_leaf(groups)
	if not names or not group_of:
		return {}
	item = frappe.qb.DocType("Emulation Evaluation Item")
	fraction = fraction_term(item)
	weight = Coalesce(NullIf(item.weight, 0), 1)
	columns = [item.parent]
	for index, group in enumerate(groups):
		leaves = [leaf for leaf, code in group_of.items() if code == group.code] or [""]
		counted = item.criterion.isin(leaves) & fraction.isnotnull()
		columns.append(Sum(Case().when(counted, fraction * weight)).as_(f"achieved_{index}"))
		columns.append(Sum(Case().when(counted, weight)).as_(f"weight_{index}"))
	rows = (
		frappe.qb.from_(item)
		.select(*columns)
		.where(item.parent.isin(names) & (item.parenttype == "Emulation Evaluation"))
		.groupby(item.parent)
		.run()
	)
	result = {}
	for row in rows:
		result[row[0]] = {
			group.code: round(100 * flt(row[1 + 2 * index]) / flt(row[2 + 2 * index]), 2)
			if flt(row[2 + 2 * index])
			else None
			for index, group in enumerate(groups)
		}
	return result


def criterion_groups_by_leaf(groups: list[dict]) -> dict[str, str]:
	"""Map each criterion of the set to the code of its top-level group (nested-set bounds)."""
	if not groups:
		return {}
	criteria_set = frappe.db.get_value("Emulation Criterion", groups[0].name, "criteria_set")
	leaves = frappe.get_all(
		"Emulation Criterion", filters={"criteria_set": criteria_set}, fields=["name", "lft"]
	)
	result = {}
	for leaf in leaves:
		for group in groups:
			if group.lft <= leaf.lft < group.rgt:
				result[leaf.name] = group.code
				break
	return result
