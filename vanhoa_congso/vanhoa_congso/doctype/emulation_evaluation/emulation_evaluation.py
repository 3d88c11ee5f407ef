# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _

from vanhoa_congso import series_blocks
from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.rules import evaluations, registration
from vanhoa_congso.rules.evaluations import EvaluationError
from vanhoa_congso.workflow import in_workflow_action

OFFICER = "Grassroots Union Officer"
REVIEWER = "Upper-Level Reviewer"
SECRETARY = "Emulation Council Secretary"

DRAFT, SENT, RETURNED, FORWARDED, APPROVED, NOT_APPROVED = (
	"Draft",
	"Sent for Review",
	"Returned for Revision",
	"Forwarded to Council",
	"Approved",
	"Not Approved",
)
RETURN_ACTION, REFUSE_ACTION = "Return for Revision", "Refuse"

# Which role may edit in which state, and what it may edit.
EDITOR_BY_STATE = {DRAFT: OFFICER, RETURNED: OFFICER, SENT: REVIEWER, FORWARDED: SECRETARY}
HEADER_FIELDS_BY_ROLE = {
	OFFICER: {
		"plan",
		"phase",
		"phase_year",
		"subject_type",
		"subject_unit",
		"union_member",
		"proposed_award_form",
		"dossier",
	},
	REVIEWER: {"proposed_award_form", "transition_reason"},
	SECRETARY: {"council_session", "votes_in_favour", "council_note", "transition_reason"},
}
ROW_LEVEL_BY_ROLE = {OFFICER: "self", REVIEWER: "review", SECRETARY: "council"}


class EmulationEvaluation(AppDocument):
	def autoname(self):
		# an import's new evaluations take their numbers from a block of the series reserved once;
		# otherwise (None) frappe names the evaluation from the doctype's format
		self.name = series_blocks.reserved_name(self)

	def before_validate(self):
		plan = evaluations.plan_of(self.plan)
		self.phase_date = evaluations.phase_date(self.plan, self.phase, self.phase_year)
		if self.subject_type == "Collective":
			self.union_member = None
		else:
			self.subject_unit = None
		self.subject_name, self.emulation_unit, self.sector, profile = evaluations.subject_details(
			self.subject_type, self.subject_unit, self.union_member
		)
		if self.docstatus == 0:
			# a submitted evaluation takes a member's corrected profile when the member is saved
			self.update(profile)
		before = None if self.is_new() else self.get_doc_before_save()
		held_by_officer = (before.workflow_state if before else self.workflow_state) or DRAFT
		if self.emulation_unit and held_by_officer in (DRAFT, RETURNED):
			# fixed once the evaluation leaves the grassroots level
			self.reviewing_unit, self.direct_to_council = evaluations.review_route(
				self.emulation_unit, self.phase_date
			)
		# read once per save: the rows are filled and checked against the same criteria
		self._assessable, self._group_of = evaluations.criteria_layout(plan.criteria_set, self.subject_type)
		self.add_missing_criteria()
		self.fill_criterion_details()
		self.compute_totals(plan)

	def validate(self):
		plan = evaluations.plan_of(self.plan)
		self.validate_state_change()
		evaluations.validate_phase(plan, self.phase, self.phase_year)
		if not plan.criteria_set:
			frappe.throw(
				_("Plan {0} has no criteria set; add one to the plan first.").format(plan.name),
				EvaluationError,
			)
		evaluations.validate_unique(
			self.plan,
			self.phase,
			self.phase_year,
			self.subject_type,
			self.subject_unit or self.union_member,
			None if self.is_new() else self.name,
		)
		evaluations.validate_rows(self.items, self._assessable, self.subject_type)
		if (self.workflow_state or DRAFT) in (DRAFT, RETURNED):
			registration.validate_registered(
				plan, self.subject_type, self.subject_unit, self.union_member, self.phase_date
			)
		self.validate_transition(plan)

	def before_submit(self):
		if in_workflow_action() != "Approve":
			frappe.throw(
				_("An evaluation is approved only by the council through the approval chain."),
				EvaluationError,
			)

	def before_cancel(self):
		frappe.throw(
			_("An approved evaluation cannot be cancelled; the council's decision stands."), EvaluationError
		)

	def on_trash(self):
		if self.workflow_state not in (None, "", DRAFT, RETURNED):
			frappe.throw(_("Only a draft evaluation can be deleted."), EvaluationError)

	def on_update(self):
		self.after_transition()

	def db_insert(self, *args, **kwargs):
		"""The evaluation, then its criteria rows in one INSERT instead of one per row (an import writes
		thousands of evaluations of a dozen or more rows each)."""
		from frappe.model.naming import set_new_name

		super().db_insert(*args, **kwargs)
		for row in self.items:
			# what BaseDocument.db_insert does first: rows the controller added have no name yet
			if not row.name:
				set_new_name(row)
			if not row.creation:
				row.creation = row.modified = self.creation
				row.owner = row.modified_by = self.owner
		rows = [row.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True) for row in self.items]
		if not rows:
			return
		columns = list(rows[0])
		frappe.db.sql(
			"insert into `tabEmulation Evaluation Item` ({}) values {}".format(
				", ".join(f"`{column}`" for column in columns),
				", ".join(["({})".format(", ".join(["%s"] * len(columns)))] * len(rows)),
			),
			[row[column] for row in rows for column in columns],
		)
		for row in self.items:
			row.flags.vhcs_inserted_with_parent = True
			row.set("__islocal", False)

	def notify_update(self):
		# Frappe holds each realtime update for after the commit in a list that it searches before
		# every append, so an import writing thousands of evaluations in one transaction would slow
		# down quadratically; the import tells open lists once, at its end.
		if self.flags.in_bulk_import:
			return
		super().notify_update()

	def on_submit(self):
		self.after_transition()

	# --- derived values

	def add_missing_criteria(self):
		"""Every criterion of the plan has its row, whatever rows the client sent."""
		present = {row.criterion for row in self.items}
		for row in evaluations.criteria_rows(self._assessable):
			if row["criterion"] not in present:
				self.append("items", row)

	def fill_criterion_details(self):
		for row in self.items:
			details = self._assessable.get(row.criterion)
			if details:
				row.criterion_code = details.code
				row.criterion_text = details.criterion_text
				row.assessment_type = details.assessment_type
				row.max_score = details.max_score
				row.weight = details.weight

	def compute_totals(self, plan):
		# stored for the rankings, which read one row per evaluation and never its criteria rows
		self.update(evaluations.stored_results(self.items, self._group_of, plan))

	# --- guards

	def editable_fields(self, before, roles: set[str]) -> set[str]:
		"""Each role edits only its own fields, and only in the state where it holds the document; a new
		evaluation carries only what the grassroots officer fills in."""
		editor = OFFICER if before is None else EDITOR_BY_STATE.get(before.workflow_state or DRAFT)
		if not editor or editor not in roles:
			return set()
		allowed = HEADER_FIELDS_BY_ROLE[editor] | {
			f"items.{field}" for field in evaluations.ROW_FIELDS[ROW_LEVEL_BY_ROLE[editor]]
		}
		# the rows themselves follow the plan's criteria; a new evaluation may bring them
		return allowed | {"items[]", "items.criterion"} if before is None else allowed

	def validate_state_change(self):
		if self.is_new() or frappe.flags.in_install:
			return
		before = self.get_doc_before_save()
		if before.workflow_state != self.workflow_state and not in_workflow_action():
			frappe.throw(
				_(
					"The approval state changes only through the approval actions, not by editing the document."
				),
				EvaluationError,
			)

	def validate_transition(self, plan):
		action = in_workflow_action()
		if not action or self.is_new():
			return
		before = self.get_doc_before_save()
		if before.workflow_state == self.workflow_state:
			return
		user = frappe.session.user
		if self.workflow_state in (SENT, FORWARDED) and before.workflow_state in (DRAFT, RETURNED):
			evaluations.validate_route_still_holds(self)
			evaluations.validate_ready_to_send(self)
			self.sent_by = user
			self.transition_reason = None
		elif self.workflow_state == FORWARDED:
			self.refuse_self_approval(user)
			self.forwarded_by = user
			self.transition_reason = None
		elif action in (RETURN_ACTION, REFUSE_ACTION):
			if not (self.transition_reason or "").strip():
				frappe.throw(_("Give the reason for returning or refusing the evaluation."), EvaluationError)
			self.last_return_reason = self.transition_reason
			if action == REFUSE_ACTION:
				self.approved_by = user
		if self.workflow_state == APPROVED:
			self.refuse_self_approval(user)
			evaluations.validate_council_vote(self, plan)
			self.approved_by = user

	def refuse_self_approval(self, user):
		if user != "Administrator" and user in {self.owner, self.sent_by, self.forwarded_by}:
			frappe.throw(
				_("You sent or forwarded this evaluation, so you cannot approve it yourself."),
				EvaluationError,
			)

	# --- side effects

	def after_transition(self):
		action = in_workflow_action()
		before = self.get_doc_before_save()
		# submitting runs on_update and then on_submit: one line in the timeline for one transition
		if (
			self.flags.vhcs_transition_logged
			or not action
			or not before
			or before.workflow_state == self.workflow_state
		):
			return
		self.flags.vhcs_transition_logged = True
		reason = self.last_return_reason if action in (RETURN_ACTION, REFUSE_ACTION) else None
		text = _("{0}: {1} → {2}").format(
			_(action), _(before.workflow_state or DRAFT), _(self.workflow_state)
		)
		if reason:
			# the timeline shows comments as HTML; the reason is what a user typed
			text += " — " + _("Reason: {0}").format(frappe.utils.escape_html(reason))
			self.db_set("transition_reason", None, update_modified=False)
		self.add_comment("Info", text)
		from vanhoa_congso.notifications import notify_transition

		notify_transition(self, action, reason)


def on_doctype_update():
	# a plan phase's evaluations: the scoreboard, the uniqueness check, the import and decisions
	frappe.db.add_index("Emulation Evaluation", ["plan", "phase_year", "phase"])
