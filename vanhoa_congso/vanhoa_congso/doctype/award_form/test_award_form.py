import frappe
import pytest

from vanhoa_congso.rules import prizes
from vanhoa_congso.rules.prizes import PrizeError
from vanhoa_congso.testing import make_award_form


def test_base_salary_in_force_on_a_date():
	assert prizes.get_base_salary("2024-07-01") == 2_340_000
	assert prizes.get_base_salary("2024-06-30") == 1_800_000
	assert prizes.get_base_salary("2019-09-13") == 1_490_000
	with pytest.raises(PrizeError, match="No base salary"):
		prizes.get_base_salary("2000-01-01")


def test_prize_is_coefficient_times_base_salary_or_fixed():
	form = make_award_form(
		prize_basis="Base Salary Coefficient", collective_coefficient=2, individual_coefficient=1
	)
	assert prizes.prize_amount(form.name, "Individual", "2025-09-02") == 2_340_000
	assert prizes.prize_amount(form.name, "Collective", "2025-09-02") == 4_680_000
	assert prizes.prize_amount(form.name, "Collective", "2023-09-02") == 3_600_000

	fixed = make_award_form(prize_basis="Fixed Amount", subject_type="Individual", individual_amount=500_000)
	assert prizes.prize_amount(fixed.name, "Individual", "2025-09-02") == 500_000
	with pytest.raises(PrizeError, match="not given to subjects"):
		prizes.prize_amount(fixed.name, "Collective", "2025-09-02")


def test_coefficient_must_be_positive():
	before = frappe.db.count("Award Form")
	with pytest.raises(PrizeError, match="coefficient greater than 0"):
		make_award_form(
			prize_basis="Base Salary Coefficient", collective_coefficient=2, individual_coefficient=0
		)
	assert frappe.db.count("Award Form") == before
