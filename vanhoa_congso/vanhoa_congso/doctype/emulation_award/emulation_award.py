# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import cint, escape_html, nowdate

from vanhoa_congso import printing
from vanhoa_congso.controllers.app_document import AppDocument
from vanhoa_congso.printing import decision
from vanhoa_congso.rules import award_forms, awards, quotas, register, reviews
from vanhoa_congso.rules.awards import AwardError


class EmulationAward(AppDocument):
	def save(self, *args, **kwargs):
		if self.docstatus and not self.is_new() and self.plan:
			# Issuing, cancelling and revoking take turns on the plan (rules.quotas) before frappe's save
			# locks anything: it locks the decision's rows and child rows first, and with them the
			# index gap up to the next decision's rows, where that decision, holding the plan, writes.
			quotas.take_turn(self.plan)
		return super().save(*args, **kwargs)

	def before_validate(self):
		if getattr(self, "_action", None) == "submit" and self.plan and self.is_new():
			# a decision created already issued locked nothing yet (`save` took the turn of a saved one)
			quotas.take_turn(self.plan)
		register.clear_unissued(self)
		# the members' units, read here once, are where `validate` checks the recipients belong
		self.flags.member_units = awards.fill_recipients(self.recipients, self.decision_date)
		for row in self.recipients:
			row.plan, row.phase, row.phase_year = self.plan, self.phase, self.phase_year
		awards.compute_totals(self)
		if self.is_new():
			# after the totals: whether there is an article on prizes decides the articles' numbers
			decision.fill_defaults(self)
		self.signer_on_behalf_of = " / ".join(decision.authority_lines(self))
		self.issuing_body, self.governing_body = printing.header_bodies(self.issuing_unit)
		if self.flags.publish_for_notice or (
			self.is_published and self.docstatus == 0 and self.recipients_changed()
		):
			# the public must see the list that will be decided: a changed list starts a new notice
			awards.publish(self)
		self.set_status()

	def validate(self):
		plan = awards.cached_plan(self.plan)
		if not plan or plan.docstatus != 1:
			frappe.throw(
				_("Plan {0} is not issued (submitted); decide on an issued plan.").format(self.plan),
				AwardError,
			)
		if not cint(plan.period_from_year) <= cint(self.phase_year) <= cint(plan.period_to_year):
			frappe.throw(
				_("Year {0} is outside the plan's period {1}–{2}.").format(
					self.phase_year, plan.period_from_year, plan.period_to_year
				),
				AwardError,
			)
		reviews.validate_review_phase(plan, self.phase, self.phase_year, AwardError)
		self.validate_issuer_in_scope()
		awards.validate_recipients(self, self.flags.member_units)
		self.validate_deciding_body()
		register.validate_signed_copies(self)

	def before_submit(self):
		awards.validate_notice_over(self)
		# the quota counters are locked first, then the register's counter: every issuer takes them in
		# that order
		awards.check_before_issue(self)
		register.register(self)
		register.number_certificates(self, award_kinds(self))

	def before_cancel(self):
		self.validate_issuer_in_scope()
		# before frappe writes the cancelled rows: every path locks the counters before award rows
		quotas.cancel(self)

	def on_trash(self):
		self.validate_issuer_in_scope()

	def validate_issuer_in_scope(self):
		"""Whoever changes a decision acts for its issuing unit, as stored and as about to be saved."""
		before = None if self.is_new() else self.get_doc_before_save()
		for unit in {self.issuing_unit, before.issuing_unit if before else None} - {None}:
			award_forms.validate_issuer_in_scope(unit, AwardError)

	def on_submit(self):
		# `set_status` has written it with the decision, unless validation was skipped
		if self.status != "Issued":
			self.db_set("status", "Issued")

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def editable_fields_after_submit(self, before, roles: set[str]) -> set[str]:
		# the signed copy is filed once the decision is signed, which is after it is issued
		return {"signed_copies"}

	def before_update_after_submit(self):
		self.validate_issuer_in_scope()
		register.validate_signed_copies(self)
		# otherwise an issued decision changes only by revoking awards (field ownership refuses the rest)
		if self.flags.revocation:
			awards.revoke(self, **self.flags.revocation)
		awards.compute_totals(self)
		self.set_status()

	def validate_deciding_body(self):
		if "hội đồng" in (self.deciding_body or "").lower():
			frappe.throw(
				_(
					"The emulation council examines and recommends; the decision is made and signed by the body that decides, such as the Standing Committee (Ban Thường vụ)."
				),
				AwardError,
			)

	def set_status(self):
		if self.docstatus == 2:
			self.status = "Cancelled"
		elif self.docstatus == 1:
			self.status = "Issued"
		else:
			self.status = "In Public Notice" if self.is_published else "Draft"

	def recipients_changed(self) -> bool:
		before = self.get_doc_before_save()
		if not before:
			return False

		def key(doc):
			return [(r.subject_unit, r.union_member, r.award_form, r.achievement) for r in doc.recipients]

		return key(before) != key(self)


def award_kinds(doc) -> dict[str, str]:
	forms = {row.award_form for row in doc.recipients if row.award_form}
	return {form: frappe.get_cached_value("Award Form", form, "award_kind") for form in forms}


@frappe.whitelist()
def publish_for_notice(name: str) -> dict:
	"""Put the proposed list on the public page for the plan's notice period."""
	doc = frappe.get_doc("Emulation Award", name)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("Only a draft decision can be published for public notice."), AwardError)
	doc.flags.publish_for_notice = True
	doc.save()
	return {"notice_start": doc.notice_start, "notice_end": doc.notice_end}


@frappe.whitelist()
@frappe.read_only()
def get_decision_defaults(
	issuing_unit: str, plan: str | None = None, phase: str | None = None, phase_year: int | None = None
) -> dict:
	"""The wording a new decision of `issuing_unit` takes, for the form to show before the first save."""
	frappe.has_permission("Emulation Unit", doc=issuing_unit, throw=True)
	if plan:
		frappe.has_permission("Emulation Plan", doc=plan, throw=True)
	doc = frappe.new_doc("Emulation Award")
	doc.update({"issuing_unit": issuing_unit, "plan": plan, "phase": phase, "phase_year": phase_year})
	decision.fill_defaults(doc)
	fields = (
		"place",
		"legal_bases",
		"proposal_by",
		"commended_for",
		"funding_source",
		"executors",
		*decision.SIGNER_FIELDS,
	)
	return {field: doc.get(field) for field in fields}


@frappe.whitelist()
@frappe.read_only()
def get_approved_evaluations(plan: str, phase: str, phase_year: int) -> list[dict]:
	"""Approved evaluations of a plan phase, as recipient rows (permission-aware)."""
	rows = frappe.get_list(
		"Emulation Evaluation",
		filters={"plan": plan, "phase": phase, "phase_year": cint(phase_year), "docstatus": 1},
		fields=[
			"name",
			"subject_type",
			"subject_unit",
			"union_member",
			"proposed_award_form",
			"classification",
			"final_percent",
		],
		order_by="final_percent desc",
	)
	return [
		{
			"evaluation": row.name,
			"subject_type": row.subject_type,
			"subject_unit": row.subject_unit,
			"union_member": row.union_member,
			"award_form": row.proposed_award_form,
			# part of the decision's text, which is Vietnamese whatever the reader's language
			"achievement": _("Rated {0} in the emulation campaign, {1}", lang="vi").format(
				_(row.classification, lang="vi"), decision.phase_period(phase, phase_year, plan)
			),
		}
		for row in rows
	]


@frappe.whitelist()
def revoke_recipient(name: str, row_name: str, reason: str) -> None:
	"""Withdraw one recipient's award; the row stays in the decision's history and its quota slot frees."""
	doc = frappe.get_doc("Emulation Award", name)
	doc.check_permission("submit")
	if doc.docstatus != 1:
		frappe.throw(_("Only an issued decision has awards to revoke."), AwardError)
	doc.flags.revocation = {"row_name": row_name, "reason": reason}
	doc.save()
	row = next(r for r in doc.recipients if r.name == row_name)
	doc.add_comment(
		"Info",
		_("Award of {0} revoked: {1}").format(
			escape_html(row.subject_name), escape_html(row.revocation_reason)
		),
	)


def on_doctype_update():
	# the register's locking lookup of a number reads only the unit's documents of that number
	frappe.db.add_index("Emulation Award", ["issuing_unit", "decision_number"])
