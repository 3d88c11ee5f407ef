"""The issue 16 benchmark at a tiny scale: the decision with the quota counters, the Scoreboard from
stored results and the import, each beside its baseline, in their own section; nothing left behind."""

import re

import frappe
from test_benchmark import leftovers

from vanhoa_congso import benchmark

FIGURES = (
	"Scoreboard, province, collective",
	"Scoreboard, province, individual",
	"Excel import, assessment rows per second",
	"Decision of 20 issued with the quota check",
)


def test_measures_the_issue_16_figures_and_cleans_up(demo_data, monkeypatch, tmp_path):
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 1)
	output = tmp_path / "benchmarks.md"
	output.write_text("# Benchmarks\n\nNotes written by hand stay.\n", encoding="utf-8")
	benchmark.run_issue16(scales=[0.01], output=str(output))
	text = output.read_text(encoding="utf-8")
	assert "Notes written by hand stay." in text
	assert text.count("<!-- issue 16 -->") == 1
	lines = [line for line in text.splitlines() if line.startswith("| 0.01 | ")]
	for figure in FIGURES:
		line = next((row for row in lines if row.split(" | ")[1].startswith(figure)), None)
		assert line, f"{figure} is missing from the table"
		assert re.search(r"\| [\d,.]+ (ms|per s) \|", line), line
	assert set(leftovers().values()) == {0}
	# the quota counters of the benchmark's plan go with it
	assert not frappe.get_all("Emulation Quota Counter", filters={"award_form": benchmark.AWARD_FORM})
	# a scale measured on its own goes to a section of its own, and the first table stays
	benchmark.run_issue16(scales=[0.01], output=str(output), section="issue 16 scale 0.01")
	text = output.read_text(encoding="utf-8")
	assert text.count("<!-- issue 16 -->") == 1 and text.count("<!-- issue 16 scale 0.01 -->") == 1
	assert len([line for line in text.splitlines() if line.startswith("| 0.01 | ")]) == 2 * len(lines)


def test_each_scale_is_judged_against_its_own_target():
	"""The province's Scoreboard of individuals: 300 ms at scale 10, 1.5 s at scale 50, none at scale 1."""
	figure = benchmark.Figure("scoreboard_province_individual", "Scoreboard", 1.2, "s")
	assert benchmark.target_16(figure, 10) == "< 300 ms: NOT met"
	assert benchmark.target_16(figure, 50) == "< 1500 ms: met"
	assert benchmark.target_16(figure, 1) == ""
	rate = benchmark.Figure("import_rate", "Import", 999.0, "per s", higher_is_better=True)
	assert benchmark.target_16(rate, 10) == ">= 1000 per s: NOT met"
