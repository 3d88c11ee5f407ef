"""The share of a criterion achieved, at its latest assessed level (what the Scoreboard ranks by; the
stored values are tested against the rule in tests/test_stored_results.py)."""

import frappe
import pytest

from vanhoa_congso.rules import evaluations

LEVELS = ("council", "review", "self")
# as the table holds an untouched row: scores are 0 (Float columns are NOT NULL), results are empty
EMPTY = {
	**{f"{level}_result": None for level in ("self", "review", "council")},
	**{f"{level}_score": 0 for level in ("self", "review", "council")},
}
# (assessment type, maximum score, the levels filled in, the share expected)
CASES = (
	("Pass/Fail", 0, {"self_result": "Meets"}, 1.0),
	("Pass/Fail", 0, {"self_result": "Does Not Meet", "review_result": "Meets"}, 1.0),
	("Pass/Fail", 0, {"self_result": "Meets", "council_result": "Does Not Meet"}, 0.0),
	("Pass/Fail", 0, {}, None),
	("Score", 10, {"self_score": 7}, 0.7),
	("Score", 10, {"self_score": 7, "council_score": 0, "council_result": ""}, 0.7),
	("Score", 10, {"self_score": 7, "council_result": "Meets"}, 0.0),
	("Score", 10, {"review_score": 3, "council_score": 9}, 0.9),
	("Score", 0, {"self_score": 5}, 0.0),
	("Score", 10, {}, None),
)


@pytest.mark.parametrize("assessment_type, max_score, filled, expected", CASES)
def test_latest_share_of_a_row(assessment_type, max_score, filled, expected):
	row = frappe._dict(EMPTY, assessment_type=assessment_type, max_score=max_score, **filled)
	latest = next(
		(f for f in (evaluations.row_fraction(row, level) for level in LEVELS) if f is not None), None
	)
	assert latest == pytest.approx(expected)
	assert evaluations.latest_fraction(row) == pytest.approx(expected)
