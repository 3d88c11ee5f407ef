"""Decisions made before the signer block had its own fields, and council sessions recorded before the
council's membership was: give them what the new rules read.

- A decision's typed line "TM. BAN THƯỜNG VỤ" becomes its signing authority (TM.) and deciding body
  (Ban Thường vụ), from which the line is now printed.
- A session without the council's membership is taken as a full council (every member present), the
  only reading its record allows; its quorum is counted again from that.
"""

import frappe

from vanhoa_congso.printing.decision import parse_authority_line
from vanhoa_congso.rules import council


def execute():
	for award in frappe.get_all(
		"Emulation Award",
		filters={"signing_authority": ("is", "not set"), "signer_on_behalf_of": ("is", "set")},
		fields=["name", "signer_on_behalf_of"],
	):
		authority, body = parse_authority_line(award.signer_on_behalf_of)
		if authority:
			frappe.db.set_value(
				"Emulation Award",
				award.name,
				{"signing_authority": authority, "deciding_body": body},
				update_modified=False,
			)

	for session in frappe.get_all(
		"Emulation Council Session",
		filters={"council_members": ("in", [0, None])},
		fields=["name", "plan", "present_count"],
	):
		quorum = frappe.db.get_value("Emulation Plan", session.plan, "council_quorum")
		present = session.present_count or 0
		frappe.db.set_value(
			"Emulation Council Session",
			session.name,
			{
				"council_members": present,
				"voting_count": present,
				"quorum_needed": council.quorum_needed(present, quorum),
				"has_quorum": int(present > 0),
			},
			update_modified=False,
		)
