"""Cash prizes: a coefficient of the base salary in force on a date, or a fixed amount."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate

BASE_SALARY = "Base Salary Rate"
COLLECTIVE = "Collective"
INDIVIDUAL = "Individual"
BOTH = "Collective and Individual"
NO_PRIZE = "No Cash Prize"
COEFFICIENT = "Base Salary Coefficient"
FIXED = "Fixed Amount"


class PrizeError(frappe.ValidationError):
	pass


def get_base_salary(on_date) -> float:
	"""The base salary (mức lương cơ sở) in force on `on_date`."""
	rate = frappe.qb.DocType(BASE_SALARY)
	rows = (
		frappe.qb.from_(rate)
		.select(rate.amount)
		.where(rate.effective_from <= getdate(on_date))
		.orderby(rate.effective_from, order=frappe.qb.desc)
		.limit(1)
		.run()
	)
	if not rows:
		frappe.throw(
			_(
				"No base salary is in force on {0}. Add a Base Salary Rate effective on or before that date."
			).format(frappe.format(getdate(on_date), "Date")),
			PrizeError,
		)
	return flt(rows[0][0])


def applies_to(form_subject_type: str, subject_type: str) -> bool:
	return form_subject_type == BOTH or form_subject_type == subject_type


def prize_amount(award_form: str, subject_type: str, on_date) -> float:
	"""Cash prize of `award_form` for a collective or an individual on `on_date` (0 if none)."""
	form = frappe.get_cached_doc("Award Form", award_form)
	if not applies_to(form.subject_type, subject_type):
		frappe.throw(
			_("Award form {0} is not given to subjects of type {1}.").format(award_form, _(subject_type)),
			PrizeError,
		)
	prefix = "collective" if subject_type == COLLECTIVE else "individual"
	if form.prize_basis == COEFFICIENT:
		return flt(form.get(f"{prefix}_coefficient")) * get_base_salary(on_date)
	if form.prize_basis == FIXED:
		return flt(form.get(f"{prefix}_amount"))
	return 0.0


def validate_award_form(form) -> None:
	subject_types = [COLLECTIVE, INDIVIDUAL] if form.subject_type == BOTH else [form.subject_type]
	for subject_type in subject_types:
		prefix = "collective" if subject_type == COLLECTIVE else "individual"
		if form.prize_basis == COEFFICIENT and flt(form.get(f"{prefix}_coefficient")) <= 0:
			frappe.throw(
				_("Enter a coefficient greater than 0 for {0}, or choose another prize basis.").format(
					_(subject_type)
				),
				PrizeError,
			)
		if form.prize_basis == FIXED and flt(form.get(f"{prefix}_amount")) <= 0:
			frappe.throw(
				_("Enter an amount greater than 0 for {0}, or choose another prize basis.").format(
					_(subject_type)
				),
				PrizeError,
			)
