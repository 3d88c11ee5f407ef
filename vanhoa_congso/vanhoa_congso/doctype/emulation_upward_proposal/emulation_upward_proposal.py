# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import cint

from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import evaluations, proposals


class EmulationUpwardProposal(AppDocument):
	def before_validate(self):
		if (self.status or proposals.DRAFT) == proposals.DRAFT:
			proposals.fill_rows(self)
		if self.flags.proposal_action:
			proposals.apply_action(self, self.flags.proposal_action, frappe.session.user)

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		proposals.validate_proposer(self)
		evaluations.validate_phase(plan, self.phase, self.phase_year)
		proposals.validate_rows(self, plan)
		proposals.validate_not_proposed_elsewhere(self)

	def editable_fields(self, before, roles: set[str]) -> set[str] | None:
		return proposals.editable_by(before)

	def on_update(self):
		if self.flags.proposal_action:
			self.add_comment("Info", _("{0}: {1}").format(_(self.flags.proposal_action), _(self.status)))

	def on_trash(self):
		if (self.status or proposals.DRAFT) != proposals.DRAFT:
			frappe.throw(_("Only a draft proposal can be deleted."), proposals.ProposalError)
		proposals.validate_proposer(self)


def act(name: str, action: str) -> str:
	doc = frappe.get_doc("Emulation Upward Proposal", name)
	doc.check_permission("write")
	doc.flags.proposal_action = action
	doc.save()
	return doc.status


@frappe.whitelist(methods=["POST"])
def send_proposal(name: str) -> str:
	"""Send the proposal to the higher body."""
	return act(name, proposals.SEND)


@frappe.whitelist(methods=["POST"])
def record_answer(name: str) -> str:
	"""Close the proposal with the higher body's answer written into it."""
	return act(name, proposals.RECORD_ANSWER)


@frappe.whitelist()
@frappe.read_only()
def get_approved_evaluations(plan: str, phase: str, phase_year: int) -> list[dict]:
	"""Approved evaluations of a plan phase, best first, as proposal rows."""
	frappe.has_permission("Emulation Upward Proposal", "create", throw=True)
	return proposals.approved_evaluations(plan, phase, cint(phase_year))
