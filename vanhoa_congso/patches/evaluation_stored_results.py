"""Every evaluation stores its totals, classifications and group shares per level; the rankings read
those instead of the criteria rows."""

import frappe

from vanhoa_congso.rules import evaluations


def execute():
	evaluations.refresh_stored_results(frappe.get_all("Emulation Evaluation", pluck="name"))
