# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe.utils import cint

from vanhoa_congso.controllers.sent_up import SentUpDocument
from vanhoa_congso.rules import evaluations, nominations, sending
from vanhoa_congso.rules.nominations import NominationError

OFFICER, REVIEWER = "Grassroots Union Officer", "Upper-Level Reviewer"
MANAGER, SECRETARY = "Emulation Manager", "Emulation Council Secretary"
EVALUATION = "Emulation Evaluation"


class EmulationNominationBatch(SentUpDocument):
	# the reviewing level (a district, a sector union) or a cluster's leading unit (which may be a
	# grassroots union) sends; the province's council secretary or grassroots affairs department
	# receives and records the council session
	SPEC = sending.Spec(
		unit_field="sending_unit",
		sender_roles=(OFFICER, REVIEWER, MANAGER),
		receiver_roles=(SECRETARY, MANAGER),
		receiver_fields=frozenset({"council_session", "council_note"}),
	)

	def before_validate(self):
		if (self.status or sending.DRAFT) in sending.OPEN:
			nominations.fill_rows(self)
			nominations.rank_rows(self.nominations)
		self.apply_sent_up_action()

	def validate(self):
		plan = frappe.get_cached_doc("Emulation Plan", self.plan)
		self.validate_sent_up_rights()
		evaluations.validate_phase(plan, self.phase, self.phase_year)
		nominations.validate_cluster(self)
		nominations.validate_rows(self, plan)
		nominations.validate_ranks(self.nominations)
		self.validate_council_session()

	def on_update(self):
		if self.flags.sent_up_action == sending.SEND:
			self.forward_evaluations()
		self.record_sent_up_action()

	def set_receiving_unit(self):
		self.receiving_unit = nominations.receiving_unit(
			self.sending_unit, self.plan, self.phase, cint(self.phase_year), self.cluster
		)

	def validate_ready_to_send(self):
		nominations.validate_ready_to_send(self)

	def validate_council_session(self):
		if (
			self.council_session
			and frappe.db.get_value("Emulation Council Session", self.council_session, "plan") != self.plan
		):
			frappe.throw(
				frappe._("Council session {0} is not a session of plan {1}.").format(
					self.council_session, self.plan
				),
				NominationError,
			)

	def forward_evaluations(self):
		"""Forward to the council, as the sending user, every evaluation of the batch still waiting for
		review, and tie them all to the batch. Inside the batch's save: all of them or none."""
		from vanhoa_congso.workflow import apply_workflow

		for name in nominations.waiting_for_review(self):
			apply_workflow({"doctype": EVALUATION, "name": name}, "Forward to Council")
		for row in self.nominations:
			if row.evaluation:
				frappe.db.set_value(EVALUATION, row.evaluation, "nomination_batch", self.name)


@frappe.whitelist()
@frappe.read_only()
def get_candidates(plan: str, phase: str, phase_year: int, sending_unit: str) -> list[dict]:
	"""Evaluations sent to `sending_unit` for review in the phase and in no batch yet, best first."""
	frappe.has_permission("Emulation Nomination Batch", "create", throw=True)
	return nominations.candidates(plan, phase, cint(phase_year), sending_unit)
