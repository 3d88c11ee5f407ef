"""Quota lines are counted per year unless they say otherwise; recipient rows carry their decision's plan
and phase (the repeat-award check reads only them); the issued awards of every plan get their quota
counters (the quota check reads only those)."""

import frappe

from vanhoa_congso.rules import quotas


def execute():
	frappe.db.sql(
		"update `tabEmulation Plan Quota` set quota_scope = %s where ifnull(quota_scope, '') = ''",
		quotas.YEAR,
	)
	frappe.db.sql(
		"""update `tabEmulation Award Recipient` r join `tabEmulation Award` a on a.name = r.parent
		set r.plan = a.plan, r.phase = a.phase, r.phase_year = a.phase_year, r.docstatus = a.docstatus
		where r.parenttype = 'Emulation Award'"""
	)
	quotas.check_counters(repair=True)
