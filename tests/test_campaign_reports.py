"""The reports on the demo campaign: reporting from the plan's issue date, the breakdowns officers are
asked for, and the outcome of proposals in the Award Register."""

import frappe
import pytest

from vanhoa_congso.vanhoa_congso.report.award_register import award_register
from vanhoa_congso.vanhoa_congso.report.emulation_registration_status import emulation_registration_status
from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard import emulation_scoreboard
from vanhoa_congso.vanhoa_congso.report.reporting_compliance import reporting_compliance


@pytest.fixture
def plan(demo_data):
	return frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})


def test_plan_117_first_asks_for_the_2019_yearly_report(plan):
	columns, rows, *_ = reporting_compliance.execute({"plan": plan, "year": 2019, "as_on": "2020-03-01"})
	assert [c["fieldname"] for c in columns[2:]] == ["y_2019"]
	assert rows and not any("h_2019" in row for row in rows)


def test_award_register_breaks_down_commendations_by_gender(plan):
	_c, rows, _m, chart, summary = award_register.execute({"plan": plan, "year": 2022, "breakdown": "Gender"})
	individuals = [row for row in rows if row["subject_type"] == "Individual"]
	assert {(row["subject"], row["gender"]) for row in individuals} == {
		("Nguyễn Thị Hà", "Female"),
		("Vàng Thị Mai", "Female"),
	}
	assert summary[0]["value"] == 2 and {card["label"]: card["value"] for card in summary[1:]} == {
		"Female": 2
	}
	assert chart["data"]["labels"] == ["Female"]


def test_award_register_filters_by_ethnic_group_and_shows_the_higher_bodys_answer(plan):
	_c, rows, *_ = award_register.execute({"plan": plan, "ethnic_group": "HMông"})
	assert [(row["subject"], row["decision_number"], row["outcome"]) for row in rows] == [
		("Vàng Thị Mai", "12/QĐ-LĐLĐ", "Issued")
	]
	_c, rows, *_ = award_register.execute({"plan": plan, "year": 2022})
	answered = {row["subject"]: row["outcome"] for row in rows if row["proposal"]}
	assert answered == {
		"CĐCS Trường THCS Đoàn Kết": "Granted",
		"Nguyễn Thị Hà": "Granted",
		"CĐCS Trường Tiểu học thị trấn Tam Đường": "Not Granted",
	}
	_c, without, *_ = award_register.execute({"plan": plan, "year": 2022, "include_proposals": 0})
	assert not any(row["proposal"] for row in without)


def test_award_register_of_a_sector_union_is_its_own(plan):
	frappe.set_user("thamdinh.nganhgd@vanhoa.demo")
	_c, rows, *_ = award_register.execute({"plan": plan})
	assert {row["unit"] for row in rows} <= {"LC-GD", "LC-GD-01"}
	assert ("Lù Thị Dung", "25/QĐ-CĐN") in {(row["subject"], row["decision_number"]) for row in rows}


def test_scoreboard_breaks_individuals_down_by_leaders_and_front_line_workers(plan):
	_c, rows, _m, _chart, summary = emulation_scoreboard.execute(
		{"plan": plan, "subject_type": "Individual", "breakdown": "Leaders and Front-Line Workers"}
	)
	assert {row["position"] for row in rows} == {"Front-Line Workers"}
	assert summary[1] == {
		"value": len(rows),
		"label": "Front-Line Workers",
		"datatype": "Int",
		"indicator": "Grey",
	}
	_c, leaders, *_ = emulation_scoreboard.execute(
		{"plan": plan, "subject_type": "Individual", "position": "Leaders and Managers"}
	)
	assert leaders == []


def test_scoreboard_of_the_school_block(plan):
	block = frappe.db.get_value("Emulation Cluster", {"plan": plan, "cluster_kind": "Block by Sector"})
	_c, rows, *_ = emulation_scoreboard.execute(
		{"plan": plan, "cluster": block, "phase": "Full Year", "phase_year": 2024}
	)
	# LC-TP-02 and LC-CQ are evaluated too, but are not schools
	assert sorted(row["unit"] for row in rows) == ["LC-TD-01", "LC-TP-01"]
	assert [row["rank"] for row in rows] == [1, 2]


def test_registration_status_of_the_demo(plan):
	_c, rows, _m, _chart, summary = emulation_registration_status.execute(
		{"plan": plan, "as_on": "2024-12-31"}
	)
	by_unit = {row["unit"]: row["status_key"] for row in rows}
	assert by_unit["LC-TP-01"] == "Acknowledged" and by_unit["LC-PT-01"] == "Not Registered"
	assert len(rows) == 16
	_c, rows, *_ = emulation_registration_status.execute({"plan": plan, "as_on": "2025-12-31"})
	assert "LC-TD" not in {row["unit"] for row in rows}  # closed on 1/7/2025
