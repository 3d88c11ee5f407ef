"""Emulation evaluations: who reviews, what is assessed, how it is totalled and classified."""

from __future__ import annotations

import datetime
import json

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from vanhoa_congso import bulk_cache
from vanhoa_congso.rules import criteria, members, reviews, units

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


def plan_of(plan: str):
	"""The plan an evaluation belongs to (read once per import)."""
	return bulk_cache.cached("plan", plan, lambda: frappe.get_cached_doc("Emulation Plan", plan))


def phase_date(plan: str, phase: str, year: int) -> datetime.date:
	"""The date the phase is judged on: the end of the half-year or year, or the review milestone."""
	year = cint(year)
	if phase == FIRST_HALF:
		return datetime.date(year, 6, 30)
	if phase in (MID_TERM, FINAL):
		return reviews.review_date(plan_of(plan), phase, year)
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
	dated_parent = bulk_cache.cached(
		"parent_on", (emulation_unit, on_date), lambda: units.get_parent_on(emulation_unit, on_date)
	)
	# an import asks this of thousands of units under a few dozen parents
	parent = bulk_cache.cached("acting_unit", dated_parent, lambda: units.acting_unit(dated_parent))
	if not parent:
		frappe.throw(
			_("Unit {0} had no parent unit on {1}, so nobody can review it.").format(
				emulation_unit, frappe.format(getdate(on_date), "Date")
			),
			EvaluationError,
		)
	level = bulk_cache.cached("unit_level", parent, lambda: frappe.db.get_value(units.UNIT, parent, "level"))
	if level == units.PROVINCE:
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
) -> tuple[str | None, str | None, str | None, dict]:
	"""(subject's name, the unit it belongs to, that unit's sector, the member's profile as
	`members.PROFILE_FIELDS`: empty for a collective); within `bulk_cache.kept()` as
	`remember_subject_details` read it for the whole import."""
	name, unit, sector, profile = bulk_cache.cached(
		"subject_details",
		(subject_type, subject_unit, union_member),
		lambda: read_subject_details(subject_type, subject_unit, union_member),
	)
	return name, unit, sector, dict(profile)


def read_subject_details(
	subject_type: str, subject_unit: str | None, union_member: str | None
) -> tuple[str | None, str | None, str | None, dict]:
	if subject_type == "Collective":
		unit = frappe.db.get_value("Emulation Unit", subject_unit, ["unit_name", "sector"], as_dict=True)
		details = (unit.unit_name, subject_unit, unit.sector) if unit else (None, subject_unit, None)
		return (*details, dict(members.NO_PROFILE))
	member = frappe.db.get_value(
		"Union Member", union_member, ["full_name", "emulation_unit", *members.PROFILE_FIELDS], as_dict=True
	)
	if not member:
		return None, None, None, dict(members.NO_PROFILE)
	return (
		member.full_name,
		member.emulation_unit,
		frappe.db.get_value("Emulation Unit", member.emulation_unit, "sector"),
		members.profile_of(member),
	)


def remember_subject_details(subject_type: str, subjects: list[str]) -> list[str]:
	"""Within `bulk_cache.kept()`: `subject_details` of these units (collective) or members
	(individual), in two queries at most; returns the subjects found. A subject not found under
	exactly its name is left for `subject_details` to read on its own."""
	if not subjects or frappe.flags.vhcs_bulk_cache is None:
		return []
	if subject_type == "Collective":
		found = frappe.get_all(
			units.UNIT,
			filters={"name": ("in", sorted(set(subjects)))},
			fields=["name", "unit_name", "sector"],
		)
		for unit in found:
			bulk_cache.remember(
				"subject_details",
				(subject_type, unit.name, None),
				(unit.unit_name, unit.name, unit.sector, dict(members.NO_PROFILE)),
			)
		return [unit.name for unit in found]
	found = frappe.get_all(
		"Union Member",
		filters={"name": ("in", sorted(set(subjects)))},
		fields=["name", "full_name", "emulation_unit", *members.PROFILE_FIELDS],
	)
	sectors = dict(
		frappe.get_all(
			units.UNIT,
			filters={"name": ("in", sorted({m.emulation_unit for m in found if m.emulation_unit}) or [""])},
			fields=["name", "sector"],
			as_list=True,
		)
	)
	for member in found:
		if member.emulation_unit in sectors:
			bulk_cache.remember(
				"subject_details",
				(subject_type, None, member.name),
				(
					member.full_name,
					member.emulation_unit,
					sectors[member.emulation_unit],
					members.profile_of(member),
				),
			)
	return [member.name for member in found]


def remember_parents(names: list[str], on_date) -> None:
	"""Within `bulk_cache.kept()`: the parents of these units on `on_date` for `review_route`, read
	together."""
	if frappe.flags.vhcs_bulk_cache is None:
		return
	for unit, parent in units.get_parents_on(names, on_date).items():
		bulk_cache.remember("parent_on", (unit, on_date), parent)


def validate_unique(
	plan: str, phase: str, year: int, subject_type: str, subject: str, name: str | None
) -> None:
	"""One live evaluation per subject per plan phase (a refused or cancelled one frees the place)."""
	field = "subject_unit" if subject_type == "Collective" else "union_member"
	# parameterised SQL rather than the query builder: an import asks this of every new evaluation,
	# and building the query cost as much as running it
	existing = frappe.db.sql(
		f"""select name from `tab{EVALUATION}`
		where plan = %(plan)s and phase = %(phase)s and phase_year = %(year)s and `{field}` = %(subject)s
		and docstatus < 2 and (workflow_state is null or workflow_state != %(refused)s)
		and (%(name)s is null or name != %(name)s)
		limit 1""",
		{
			"plan": plan,
			"phase": phase,
			"year": cint(year),
			"subject": subject,
			"refused": NOT_APPROVED,
			"name": name or None,
		},
	)
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


LEVELS = ("self", "review", "council")
LATEST = "latest"  # each row at its latest assessed level (council, then review, then self)


def criteria_layout(criteria_set: str | None, subject_type: str) -> tuple[dict[str, dict], dict[str, str]]:
	"""(the criteria an evaluation assesses, by name in document order; {criterion: code of its
	top-level group}), in one query; once per import."""
	if not criteria_set:
		return {}, {}
	return bulk_cache.cached(
		"criteria_layout",
		(criteria_set, subject_type),
		lambda: read_criteria_layout(criteria_set, subject_type),
	)


def read_criteria_layout(criteria_set: str, subject_type: str) -> tuple[dict[str, dict], dict[str, str]]:
	rows = frappe.get_all(
		criteria.CRITERION,
		filters={"criteria_set": criteria_set, "subject_type": subject_type},
		fields=[
			"name",
			"code",
			"criterion_text",
			"assessment_type",
			"max_score",
			"weight",
			"is_group",
			"lft",
			"rgt",
			"parent_emulation_criterion",
		],
		order_by="lft asc",
	)
	tops = [row for row in rows if not row.parent_emulation_criterion]
	assessable = {row.name: row for row in rows if not row.is_group}
	group_of = {
		leaf.name: top.code for leaf in assessable.values() for top in tops if top.lft <= leaf.lft < top.rgt
	}
	return assessable, group_of


def latest_fraction(row) -> float | None:
	return next((f for f in (row_fraction(row, level) for level in reversed(LEVELS)) if f is not None), None)


def stored_results(rows, group_of: dict[str, str], plan) -> dict:
	"""What an evaluation stores for the rankings, from its criteria rows: the total and classification
	at each level, the final total and classification, and the share of each top-level group achieved
	at each level and with each row at its latest level ({level: {group code: % or None}}).

	A group none of whose rows is assessed at a level has no share there (None)."""
	totals = {level: total_percent(rows, level) for level in LEVELS}
	final = next((totals[level] for level in reversed(LEVELS) if totals[level] is not None), None)
	codes = list(dict.fromkeys(group_of.values()))
	shares = {}
	for level in (*LEVELS, LATEST):
		achieved = dict.fromkeys(codes, 0.0)
		weights = dict.fromkeys(codes, 0.0)
		for row in rows:
			code = group_of.get(row.criterion)
			if code is None:
				continue
			fraction = latest_fraction(row) if level == LATEST else row_fraction(row, level)
			if fraction is None:
				continue
			weight = flt(row.weight) or 1.0
			achieved[code] += fraction * weight
			weights[code] += weight
		shares[level] = {
			code: round(100 * achieved[code] / weights[code], 2) if weights[code] else None for code in codes
		}
	return {
		"self_percent": totals["self"],
		"review_percent": totals["review"],
		"council_percent": totals["council"],
		"final_percent": final,
		"self_classification": classify(totals["self"], plan),
		"review_classification": classify(totals["review"], plan),
		"council_classification": classify(totals["council"], plan),
		"classification": classify(final, plan),
		"group_shares": shares,
	}


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
	"""{evaluation: {group code: % achieved}}, each row at its latest assessed level, as each evaluation
	stored it when it was saved: one row per evaluation is read, never its criteria rows."""
	if not names or not groups:
		return {}
	result = {}
	for name, stored in frappe.get_all(
		EVALUATION, filters={"name": ("in", names)}, fields=["name", "group_shares"], as_list=True
	):
		result[name] = latest_shares(stored, groups)
	return result


def latest_shares(stored, groups: list[dict]) -> dict[str, float | None]:
	"""{group code: %} of an evaluation's stored `group_shares`, each row at its latest level."""
	latest = latest_of(stored)
	return {group.code: latest.get(group.code) for group in groups}


def latest_of(stored) -> dict[str, float | None]:
	"""{group code: %} as stored in `group_shares` (its JSON text or its value), each row at its latest
	level; a group the evaluation has no rows of is missing."""
	if isinstance(stored, str):
		stored = json.loads(stored or "{}")
	return (stored or {}).get(LATEST) or {}


ITEM_FIELDS = (
	"parent",
	"criterion",
	"assessment_type",
	"max_score",
	"weight",
	*(f"{level}_{kind}" for level in LEVELS for kind in ("score", "result")),
)


def refresh_stored_results(names: list[str]) -> None:
	"""Store the results of evaluations written without their controller (sites from before the values
	were stored, bulk data): from their criteria rows, and their members' profiles, without touching
	`modified`."""
	with bulk_cache.kept():
		for start in range(0, len(names), 500):
			chunk = names[start : start + 500]
			items: dict[str, list] = {}
			for row in frappe.get_all(
				"Emulation Evaluation Item",
				filters={"parenttype": EVALUATION, "parent": ("in", chunk)},
				fields=list(ITEM_FIELDS),
				order_by="idx asc",
			):
				items.setdefault(row.parent, []).append(row)
			for name, plan_name, subject_type in frappe.get_all(
				EVALUATION,
				filters={"name": ("in", chunk)},
				fields=["name", "plan", "subject_type"],
				as_list=True,
			):
				plan = frappe.get_cached_doc("Emulation Plan", plan_name)
				_assessable, group_of = criteria_layout(plan.criteria_set, subject_type)
				values = stored_results(items.get(name, []), group_of, plan)
				values["group_shares"] = json.dumps(values["group_shares"])
				# as a save stores them: a total not reached yet is 0 in its NOT NULL column
				values.update({key: value or 0 for key, value in values.items() if key.endswith("percent")})
				frappe.db.set_value(EVALUATION, name, values, update_modified=False)
			members.refresh_evaluation_profiles(chunk)
