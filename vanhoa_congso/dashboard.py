"""Numbers for the workspace's cards, each within the user's own scope."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.utils import cint

EVALUATION = "Emulation Evaluation"


@frappe.whitelist()
@frappe.read_only()
def my_pending_reviews(filters=None) -> int:
	"""Evaluations the user can see that wait for one of the user's roles."""
	from vanhoa_congso.vanhoa_congso.doctype.emulation_evaluation.emulation_evaluation import EDITOR_BY_STATE

	# a role has to act on an evaluation in the states where it holds the document
	roles = set(frappe.get_roles())
	states = sorted(state for state, role in EDITOR_BY_STATE.items() if role in roles)
	if not states:
		return 0
	return len(
		frappe.get_list(EVALUATION, filters={"workflow_state": ("in", states), "docstatus": 0}, pluck="name")
	)


@frappe.whitelist()
@frappe.read_only()
def approved_this_phase(filters=None) -> int:
	"""Approved evaluations in the latest phase year that has any approval the user can see."""
	latest = frappe.get_list(
		EVALUATION,
		filters={"docstatus": 1},
		fields=["phase_year"],
		order_by="phase_year desc",
		limit_page_length=1,
	)
	if not latest:
		return 0
	year = cint(latest[0].phase_year)
	return len(frappe.get_list(EVALUATION, filters={"docstatus": 1, "phase_year": year}, pluck="name"))


@frappe.whitelist()
@frappe.read_only()
def quota_left(filters=None) -> int:
	"""Awards still available under the newest issued plan that sets quotas."""
	from vanhoa_congso.vanhoa_congso.report.award_quota_usage.award_quota_usage import quota_usage

	plans = frappe.get_list(
		"Emulation Plan", filters={"docstatus": 1}, fields=["name"], order_by="issue_date desc"
	)
	for plan in plans:
		rows = quota_usage(plan.name)
		if rows:
			return sum(row["remaining"] for row in rows)
	return 0


# the order the charts show the values in: the approval chain, best classification first
CHART_ORDER = {
	"workflow_state": (
		"Draft",
		"Sent for Review",
		"Returned for Revision",
		"Forwarded to Council",
		"Approved",
		"Not Approved",
	),
	"classification": ("Excellent", "Good", "Fair", "Average", "Not Achieved"),
}


def evaluation_counts(field: str, filters: dict) -> dict:
	"""Evaluations the user can see, counted by `field`, for a workspace chart."""
	conditions = {"docstatus": ("<", 2)}
	if filters.get("plan"):
		conditions["plan"] = filters["plan"]
	values = frappe.get_list(EVALUATION, filters=conditions, pluck=field, limit_page_length=0)
	counts = Counter(value for value in values if value)
	order = [value for value in CHART_ORDER[field] if counts.get(value)]
	order += sorted(value for value in counts if value not in order)
	return {
		"labels": [_(value) for value in order],
		"datasets": [{"name": _("Evaluations"), "values": [counts[value] for value in order]}],
	}
