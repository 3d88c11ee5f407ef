# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

"""The workspace chart of evaluations by stage of the approval chain, counted within the user's
scope and labelled in the user's language (frappe's Group By charts show the stored English values and
keep one cached result for every user)."""

import frappe

from vanhoa_congso import dashboard


@frappe.whitelist()
@frappe.read_only()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	return dashboard.evaluation_counts("workflow_state", frappe.parse_json(filters) or {})
