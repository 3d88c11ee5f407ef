"""Mid-term and final reviews (sơ kết, tổng kết): held in the years the plan's milestones name."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

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
