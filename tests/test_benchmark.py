"""The benchmark command at a tiny scale: it refuses ordinary sites, measures every figure beside its
baseline, writes the table and leaves nothing behind."""

import re

import frappe
import pytest

from vanhoa_congso import benchmark

FIGURES = (
	"Evaluations created through the app",
	"Workflow transition p50",
	"Workflow transition p95",
	"Scoreboard, province, collective",
	"Scoreboard, one district, individual",
	"District reviewer's evaluation list",
	"Excel import, assessment rows per second",
	"Decision of 20 issued with the quota check",
)


def leftovers() -> dict[str, int]:
	return {
		"units": frappe.db.count("Emulation Unit", {"name": ("like", "BM-%")}),
		"members": frappe.db.count("Union Member", {"name": ("like", "BM-%")}),
		"users": frappe.db.count("User", {"name": ("like", f"%@{benchmark.DOMAIN}")}),
		"plans": frappe.db.count("Emulation Plan", {"plan_number": benchmark.PLAN_NUMBER}),
		"evaluations": frappe.db.count("Emulation Evaluation", {"name": ("like", "BM-%")}),
		"awards": frappe.db.count("Emulation Award", {"name": ("like", "BM-%")}),
	}


def test_refuses_a_site_not_marked_for_tests(monkeypatch, tmp_path):
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 0)
	output = tmp_path / "benchmarks.md"
	with pytest.raises(benchmark.BenchmarkRefused):
		benchmark.run(scale=0.01, output=str(output))
	assert not output.exists()
	assert set(leftovers().values()) == {0}


def test_measures_every_figure_and_cleans_up(demo_data, monkeypatch, tmp_path):
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 1)
	output = tmp_path / "benchmarks.md"
	output.write_text("# Benchmarks\n\nNotes written by hand stay.\n", encoding="utf-8")
	benchmark.run(scale=0.01, output=str(output))
	text = output.read_text(encoding="utf-8")
	assert "Notes written by hand stay." in text
	assert "<!-- scale 0.01 -->" in text and "## Scale 0.01" in text
	rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
	for figure in FIGURES:
		line = next((row for label, row in rows.items() if label.startswith(figure)), None)
		assert line, f"{figure} is missing from the table"
		assert re.search(r"\| [\d,.]+ (ms|per s) \|", line), line
	# baselines stand beside the app's figures, with their ratio
	assert re.search(r"hand-written SQL aggregate: [\d,.]+ ms \| [\d.]+×", text)
	assert re.search(r"frappe\.db\.bulk_insert of \d+ rows: [\d,.]+ per s \| [\d.]+×", text)
	assert set(leftovers().values()) == {0}

	# a second run of the same scale replaces its section rather than adding one
	benchmark.run(scale=0.01, output=str(output))
	assert output.read_text(encoding="utf-8").count("## Scale 0.01") == 1
