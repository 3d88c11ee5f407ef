"""Mid-term and final reviews (sơ kết, tổng kết): held in the years the plan's milestones name, with
review reports that roll the units' figures up the tree as it stood on the review date."""

from __future__ import annotations

import datetime
from collections import Counter

import frappe
from frappe import _
from frappe.utils import cint, getdate

from vanhoa_congso.rules import sending, statistics, units

MID_TERM, FINAL = "Mid-term Review", "Final Review"
REVIEW_PHASES = (MID_TERM, FINAL)


class ReviewPhaseError(frappe.ValidationError):
	pass


def milestone_years(plan, phase: str) -> list[int]:
	"""Years in which the plan holds `phase` (a review), from its milestones."""
	return sorted({cint(row.year) for row in plan.get("milestones") or [] if row.milestone_type == phase})


def validate_review_phase(plan, phase: str, year: int, exc: type[Exception] = ReviewPhaseError) -> None:
	"""A review phase exists only in the year of its milestone; a plan without one has no such phase."""
	if phase not in REVIEW_PHASES:
		return
	years = milestone_years(plan, phase)
	if cint(year) in years:
		return
	if not years:
		frappe.throw(
			_(
				"Plan {0} sets no {1} milestone, so it has no {1}. Add the milestone to the plan, or choose a half-year or yearly phase."
			).format(plan.name, _(phase)),
			exc,
		)
	frappe.throw(
		_("Plan {0} holds its {1} in {2}, not in {3}. Choose that year, or a yearly phase for {3}.").format(
			plan.name, _(phase), ", ".join(str(y) for y in years), year
		),
		exc,
	)


# --- review reports (báo cáo sơ kết, tổng kết)

REPORT = "Emulation Review Report"
EVALUATION = "Emulation Evaluation"
AWARD, RECIPIENT = "Emulation Award", "Emulation Award Recipient"
PROPOSAL, PROPOSAL_ITEM = "Emulation Upward Proposal", "Emulation Upward Proposal Item"
COLLECTIVE, INDIVIDUAL = "Collective", "Individual"
EXCELLENT, NOT_APPROVED = "Excellent", "Not Approved"
# reports that count in the roll-up: a draft is not yet the unit's word
COUNTED = ("Sent", "Acknowledged", "Completed")


class ReviewReportError(frappe.ValidationError):
	pass


def review_date(plan, phase: str, year: int):
	"""The review milestone's date, or the last day of its year."""
	for row in plan.get("milestones") or []:
		if row.milestone_type == phase and cint(row.year) == cint(year) and row.milestone_date:
			return getdate(row.milestone_date)
	return datetime.date(cint(year), 12, 31)


def receiving_unit(plan, unit: str, on_date) -> str | None:
	"""The level above on the review date (or whoever took over its work); the plan's issuing unit
	reports to nobody within the plan."""
	if unit == plan.issuing_unit:
		return None
	return units.acting_unit(units.get_parent_on(unit, on_date))


def validate_reporting_unit(plan, unit: str, on_date) -> None:
	if unit != plan.issuing_unit and unit not in units.descendants_on(plan.issuing_unit, on_date):
		frappe.throw(
			_("{0} is not under {1}, which issued plan {2}, on the review date.").format(
				unit, plan.issuing_unit, plan.name
			),
			ReviewReportError,
		)


def validate_unique(doc) -> None:
	existing = frappe.db.get_value(
		REPORT,
		{
			"plan": doc.plan,
			"review_type": doc.review_type,
			"review_year": cint(doc.review_year),
			"reporting_unit": doc.reporting_unit,
			"name": ("!=", doc.name or ""),
		},
		"name",
	)
	if existing:
		frappe.throw(
			_("{0} already has review report {1} for this review; open that one.").format(
				doc.reporting_unit, existing
			),
			ReviewReportError,
		)


def covered_units(doc) -> list[str]:
	"""The reporting unit and every unit below it, as the tree stood on the review date."""
	return [doc.reporting_unit, *units.descendants_on(doc.reporting_unit, doc.review_date)]


def compute(doc, plan) -> None:
	"""Fill the figures, the results by criteria group and the roll-up of the units' own reports.

	The figures cover the unit's subtree as it stood on the review date, read directly from the tables:
	after a reorganisation that subtree is no longer the reporting user's current scope."""
	covered = covered_units(doc)
	below = covered[1:]
	found = phase_evaluations(doc, covered)
	commended = commendations(doc, covered)
	doc.units_covered = len(below)
	doc.registered_units, doc.registered_members = registration_counts(doc.plan, covered)
	doc.evaluated_collectives = sum(1 for e in found if e.subject_type == COLLECTIVE)
	doc.evaluated_individuals = sum(1 for e in found if e.subject_type == INDIVIDUAL)
	doc.excellent_count = sum(1 for e in found if e.classification == EXCELLENT)
	doc.commended_collectives = sum(1 for c in commended if c.subject_type == COLLECTIVE)
	individuals = [c for c in commended if c.subject_type == INDIVIDUAL]
	doc.commended_individuals = len(individuals)
	profile = statistics.member_profiles([c.union_member for c in individuals], permission_aware=False)
	doc.commended_women = sum(
		1 for c in individuals if profile.get(c.union_member, {}).get("gender") == "Female"
	)
	doc.commended_ethnic_minority = sum(
		1
		for c in individuals
		if statistics.is_ethnic_minority(profile.get(c.union_member, {}).get("ethnic_group"))
	)
	doc.commended_leaders = sum(1 for c in individuals if profile.get(c.union_member, {}).get("is_leader"))
	doc.commended_front_line = doc.commended_individuals - doc.commended_leaders
	set_group_results(doc, plan, found)
	set_unit_figures(doc, below, found, commended)
	counted = [row for row in doc.unit_figures if row.report_status in {_(s) for s in COUNTED}]
	doc.total_participating_members = cint(doc.participating_members) + sum(
		cint(row.participating_members) for row in counted
	)
	doc.total_good_models = len(doc.good_models) + sum(cint(row.good_models) for row in counted)


def phase_evaluations(doc, covered: list[str]) -> list[dict]:
	evaluation = frappe.qb.DocType(EVALUATION)
	return (
		frappe.qb.from_(evaluation)
		.select(
			evaluation.name,
			evaluation.subject_type,
			evaluation.emulation_unit,
			evaluation.classification,
		)
		.where(
			(evaluation.plan == doc.plan)
			& (evaluation.phase == doc.review_type)
			& (evaluation.phase_year == cint(doc.review_year))
			& (evaluation.docstatus < 2)
			& (evaluation.workflow_state.isnull() | (evaluation.workflow_state != NOT_APPROVED))
			& evaluation.emulation_unit.isin(covered)
		)
		.run(as_dict=True)
	)


def registration_counts(plan: str, covered: list[str]) -> tuple[int, int]:
	registration = frappe.qb.DocType("Emulation Registration")
	rows = (
		frappe.qb.from_(registration)
		.select(registration.subject_type)
		.where(
			(registration.plan == plan)
			& (registration.status == sending.ACKNOWLEDGED)
			& registration.emulation_unit.isin(covered)
		)
		.run(as_dict=True)
	)
	return (
		sum(1 for row in rows if row.subject_type == COLLECTIVE),
		sum(1 for row in rows if row.subject_type == INDIVIDUAL),
	)


def commendations(doc, covered: list[str]) -> list[frappe._dict]:
	"""Awards of this review to subjects of the covered units: the plan's issued decisions, and what
	the higher bodies granted on the province's proposals. Each: subject_type, unit, union_member."""
	award = frappe.qb.DocType(AWARD)
	recipient = frappe.qb.DocType(RECIPIENT)
	rows = (
		frappe.qb.from_(recipient)
		.join(award)
		.on((award.name == recipient.parent) & (recipient.parenttype == AWARD))
		.select(recipient.subject_type, recipient.subject_unit, recipient.union_member)
		.where(
			(award.plan == doc.plan)
			& (award.docstatus == 1)
			& (award.phase == doc.review_type)
			& (award.phase_year == cint(doc.review_year))
			& (recipient.revoked == 0)
		)
		.run(as_dict=True)
	)
	proposal = frappe.qb.DocType(PROPOSAL)
	item = frappe.qb.DocType(PROPOSAL_ITEM)
	rows += (
		frappe.qb.from_(item)
		.join(proposal)
		.on((proposal.name == item.parent) & (item.parenttype == PROPOSAL))
		.select(item.subject_type, item.subject_unit, item.union_member)
		.where(
			(proposal.plan == doc.plan)
			& (proposal.status == "Answered")
			& (proposal.phase == doc.review_type)
			& (proposal.phase_year == cint(doc.review_year))
			& (item.outcome == "Granted")
		)
		.run(as_dict=True)
	)
	member_units = dict(
		frappe.get_all(
			"Union Member",
			filters={"name": ("in", [r.union_member for r in rows if r.union_member] or [""])},
			fields=["name", "emulation_unit"],
			as_list=True,
		)
	)
	covered_set = set(covered)
	result = []
	for row in rows:
		row.unit = row.subject_unit or member_units.get(row.union_member)
		if row.unit in covered_set:
			result.append(row)
	return result


def set_group_results(doc, plan, found: list[dict]) -> None:
	"""One row per top-level criteria group and subject type: how many evaluations, the average share
	achieved; the unit's own assessment of each group is kept across refreshes."""
	from vanhoa_congso.rules import evaluations  # evaluations imports this module

	# keyed by the group alone: the subject type column is stored translated, in the saver's language
	kept = {row.criterion_group: row.assessment for row in doc.group_results}
	rows = []
	for subject_type in (COLLECTIVE, INDIVIDUAL):
		names = [e.name for e in found if e.subject_type == subject_type]
		groups = evaluations.criteria_groups(plan.name, subject_type)
		shares = evaluations.group_shares(names, groups)
		for group in groups:
			values = [s[group.code] for s in shares.values() if s.get(group.code) is not None]
			rows.append(
				{
					"subject_type": _(subject_type),
					"criterion_group": group.name,
					"group_code": group.code,
					"group_text": group.criterion_text,
					"evaluations": len(values),
					"average_percent": round(sum(values) / len(values), 2) if values else None,
					"assessment": kept.get(group.name),
				}
			)
	sync_rows(doc, "group_results", "criterion_group", rows)


def set_unit_figures(doc, below: list[str], found: list[dict], commended: list[dict]) -> None:
	"""One row per unit below, with its own report's figures when it sent one."""
	details = {
		row.name: row
		for row in frappe.get_all(
			"Emulation Unit", filters={"name": ("in", below or [""])}, fields=["name", "unit_name", "level"]
		)
	}
	reports = {
		row.reporting_unit: row
		for row in frappe.get_all(
			REPORT,
			filters={
				"plan": doc.plan,
				"review_type": doc.review_type,
				"review_year": cint(doc.review_year),
				"reporting_unit": ("in", below or [""]),
			},
			fields=["name", "reporting_unit", "status", "participating_members"],
		)
	}
	models = Counter(
		frappe.get_all(
			"Emulation Review Good Model",
			filters={"parenttype": REPORT, "parent": ("in", [r.name for r in reports.values()] or [""])},
			pluck="parent",
		)
	)
	evaluated = Counter(e.emulation_unit for e in found)
	awarded = Counter(c.unit for c in commended)
	rows = []
	for unit in below:
		report = reports.get(unit)
		rows.append(
			{
				"emulation_unit": unit,
				"unit_name": details[unit].unit_name if unit in details else None,
				"level": _(details[unit].level) if unit in details else None,
				"review_report": report.name if report else None,
				"report_status": _(report.status) if report else _("Not Sent"),
				"participating_members": cint(report.participating_members) if report else 0,
				"good_models": models.get(report.name, 0) if report else 0,
				"evaluations": evaluated.get(unit, 0),
				"commended": awarded.get(unit, 0),
			}
		)
	sync_rows(doc, "unit_figures", "emulation_unit", rows)


def sync_rows(doc, fieldname: str, key: str, rows: list[dict]) -> None:
	"""Make the table hold `rows`, updating the rows already there in place, so that a refresh records
	only the figures that changed in the document's history, not every row removed and added again."""
	existing = {row.get(key): row for row in doc.get(fieldname) or []}
	kept = []
	for values in rows:
		row = existing.pop(values[key], None)
		if row:
			row.update(values)
		else:
			row = doc.append(fieldname, values)
		kept.append(row)
	for index, row in enumerate(kept, start=1):
		row.idx = index
	doc.set(fieldname, kept)


def validate_good_models(doc) -> None:
	covered = set(covered_units(doc))
	for row in doc.good_models:
		if row.emulation_unit and row.emulation_unit not in covered:
			frappe.throw(
				_("Row {0}: {1} is not {2} or a unit below it on the review date.").format(
					row.idx, row.emulation_unit, doc.reporting_unit
				),
				ReviewReportError,
			)


def fill_awards_presented(doc) -> None:
	"""Decision details of each award presented: an issued decision of the plan, or a proposal to a
	higher body whose answer granted awards."""
	for row in doc.awards_presented:
		if row.emulation_award:
			award = frappe.db.get_value(
				AWARD,
				row.emulation_award,
				["decision_number", "decision_date", "issuing_unit", "total_recipients"],
				as_dict=True,
			)
			if award:
				row.decision_number, row.decision_date = award.decision_number, award.decision_date
				row.issued_by = frappe.db.get_value("Emulation Unit", award.issuing_unit, "unit_name")
				row.recipient_count = award.total_recipients
		elif row.upward_proposal:
			proposal = frappe.db.get_value(
				PROPOSAL, row.upward_proposal, ["answer_number", "answer_date", "higher_body"], as_dict=True
			)
			if proposal:
				row.decision_number, row.decision_date = proposal.answer_number, proposal.answer_date
				row.issued_by = _(proposal.higher_body)
				row.recipient_count = frappe.db.count(
					PROPOSAL_ITEM,
					{"parenttype": PROPOSAL, "parent": row.upward_proposal, "outcome": "Granted"},
				)


def validate_awards_presented(doc) -> None:
	for row in doc.awards_presented:
		if bool(row.emulation_award) == bool(row.upward_proposal):
			frappe.throw(
				_("Row {0}: choose either a decision or a proposal to a higher body.").format(row.idx),
				ReviewReportError,
			)
		if row.emulation_award:
			award = frappe.db.get_value(AWARD, row.emulation_award, ["plan", "docstatus"], as_dict=True)
			if not award or award.docstatus != 1 or award.plan != doc.plan:
				frappe.throw(
					_("Row {0}: decision {1} is not an issued decision of plan {2}.").format(
						row.idx, row.emulation_award, doc.plan
					),
					ReviewReportError,
				)
		else:
			proposal = frappe.db.get_value(PROPOSAL, row.upward_proposal, ["plan", "status"], as_dict=True)
			if not proposal or proposal.status != "Answered" or proposal.plan != doc.plan:
				frappe.throw(
					_("Row {0}: proposal {1} of plan {2} has no recorded answer.").format(
						row.idx, row.upward_proposal, doc.plan
					),
					ReviewReportError,
				)


def validate_ready_to_send(doc) -> None:
	if not (doc.results_summary or "").strip():
		frappe.throw(_("Write the results achieved before sending the review report."), ReviewReportError)
