"""Report figures against values worked out by hand from the demo, as the province and as a district."""

import frappe
import pytest

from vanhoa_congso import demo
from vanhoa_congso.rules import reporting
from vanhoa_congso.vanhoa_congso.report.award_quota_usage import award_quota_usage
from vanhoa_congso.vanhoa_congso.report.award_register import award_register
from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard import emulation_scoreboard
from vanhoa_congso.vanhoa_congso.report.reporting_compliance import reporting_compliance

DISTRICT_REVIEWER = "thamdinh.tamduong"  # LĐLĐ huyện Tam Đường (LC-TD), closed on 1/7/2025
SECTOR_REVIEWER = "thamdinh.nganhgd"  # Công đoàn ngành Giáo dục tỉnh (LC-GD)


@pytest.fixture
def plan(demo_data):
	return frappe.db.get_value("Emulation Plan", {"plan_number": "117/KH-LĐLĐ", "issuing_unit": "LC"})


def as_user(login):
	frappe.set_user(demo.demo_email(login))


def test_scoreboard_for_the_province(plan):
	columns, rows, _message, chart = emulation_scoreboard.execute(
		{"plan": plan, "phase": "Full Year", "phase_year": 2024}
	)
	# every demo evaluation self-assessed all rows "Meets" except LC-TD-02's, which met none
	assert [(row["subject"], row["final_percent"]) for row in rows][-1] == (
		"CĐCS Trung tâm Y tế huyện Tam Đường",
		0,
	)
	assert [row["final_percent"] for row in rows] == [100, 100, 100, 100, 0]
	assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
	group_columns = [c["fieldname"] for c in columns if c["fieldname"].startswith("g_")]
	assert group_columns == ["g_a.1", "g_a.2", "g_a.3"]
	assert all(rows[0][column] == 100 for column in group_columns)
	assert rows[-1]["g_a.2"] == 0
	assert chart["data"]["datasets"][0]["values"] == [4, 0, 0, 0, 1]


def test_scoreboard_for_a_sector_union_reviewer(plan):
	as_user(SECTOR_REVIEWER)
	_columns, rows, _message, _chart = emulation_scoreboard.execute(
		{"plan": plan, "phase": "Full Year", "phase_year": 2024, "subject_type": "Individual"}
	)
	assert [(row["unit"], row["subject"]) for row in rows] == [("LC-GD-01", "Hoàng Văn Thắng")]
	assert (rows[0]["gender"], rows[0]["ethnic_group"], rows[0]["position"]) == (
		"Male",
		"Tày",
		"Front-Line Workers",
	)


def test_a_closed_districts_reviewer_no_longer_sees_its_former_units(plan):
	# LĐLĐ huyện Tam Đường closed on 1/7/2025 and its grassroots unions moved to the province
	as_user(DISTRICT_REVIEWER)
	_columns, rows, *_ = emulation_scoreboard.execute(
		{"plan": plan, "phase": "Full Year", "phase_year": 2024}
	)
	assert rows == []


def test_scoreboard_reads_a_district_on_each_evaluations_own_date(plan):
	_c, rows, *_ = emulation_scoreboard.execute({"plan": plan, "unit": "LC-TP", "subject_type": "Collective"})
	# 2022 and 2024 under the district; in 2025 LC-TP-01 already answered to the province
	assert sorted((row["unit"], row["evaluation"][:7]) for row in rows) == [
		("LC-TP-01", "DG-2022"),
		("LC-TP-01", "DG-2024"),
		("LC-TP-02", "DG-2024"),
	]


def test_scoreboard_filters_by_sector_and_subtree(plan):
	_c, rows, *_ = emulation_scoreboard.execute({"plan": plan, "phase_year": 2024, "sector": "Giáo dục"})
	assert {row["unit"] for row in rows} == {"LC-TP-01", "LC-TD-01"}
	_c, rows, *_ = emulation_scoreboard.execute({"plan": plan, "unit": "LC-TP"})
	assert {row["unit"] for row in rows} == {"LC-TP-01", "LC-TP-02"}


def test_quota_usage(plan):
	_columns, rows, _message, _chart = award_quota_usage.execute({"plan": plan})
	collective, individual = rows
	# decision 05/QĐ-LĐLĐ gave Bằng khen to LC-CQ and to LC-GD-01 (education); LC-TD-01 is before the council
	assert {
		k: collective[k] for k in ("quota", "reserved", "proposed", "approved", "issued", "issued_in_sector")
	} == {
		"quota": 10,
		"reserved": 4,
		"proposed": 2,
		"approved": 1,
		"issued": 2,
		"issued_in_sector": 1,
	}
	assert collective["remaining"] == 8 and collective["remaining_outside_sector"] == 5
	assert (
		individual["quota"],
		individual["issued"],
		individual["remaining"],
		individual["remaining_outside_sector"],
	) == (
		15,
		0,
		15,
		9,
	)


def test_award_register_as_province_and_district(plan):
	_c, rows, *_ = award_register.execute({"plan": plan, "year": 2025})
	assert {row["unit"] for row in rows} == {"LC-CQ", "LC-GD-01"}
	assert sum(row["prize_amount"] for row in rows) == 2 * 2 * 2_340_000
	as_user(DISTRICT_REVIEWER)
	_c, rows, *_ = award_register.execute({"plan": plan, "year": 2025})
	assert rows == []


def test_reporting_compliance(plan):
	filters = {"plan": plan, "year": 2024, "as_on": "2025-03-01"}
	columns, rows, _message, chart = reporting_compliance.execute(filters)
	assert [c["fieldname"] for c in columns[2:]] == ["h_2024", "y_2024"]
	by_unit = {row["unit"]: row for row in rows}
	assert len(rows) == 16  # every unit below LĐLĐ tỉnh Lai Châu
	assert (by_unit["LC-TP-01"]["h_2024"], by_unit["LC-TP-01"]["y_2024"]) == ("On Time", "Late")
	assert by_unit["LC-TD-01"]["h_2024"] == "On Time"
	assert by_unit["LC-TD-02"]["h_2024"] == "Missing"
	values = chart["data"]["datasets"][0]["values"]
	assert values == [3, 1, 28, 0]  # 32 unit-periods: 3 on time, 1 late, 28 missing

	as_user(SECTOR_REVIEWER)
	_c, rows, *_ = reporting_compliance.execute(filters)
	assert [row["unit"] for row in rows] == ["LC-GD", "LC-GD-01"]


def test_reminder_job_flags_a_late_unit(plan):
	flagged = reporting.send_reminders("2024-07-20")
	assert ("LC-TD-02", "Six-Monthly", 2024, "late") in flagged
	assert not any(unit == "LC-TP-01" and (p, y) == ("Six-Monthly", 2024) for unit, p, y, _k in flagged)
	officer = demo.demo_email("canbo.ttyttamduong")
	assert frappe.db.exists("Notification Log", {"for_user": officer, "subject": ("like", "%LC-TD-02%")})
	# told once: running again the same day flags nothing new for that unit
	assert ("LC-TD-02", "Six-Monthly", 2024, "late") not in reporting.send_reminders("2024-07-20")
	reminded = reporting.send_reminders("2025-07-10")
	assert ("LC-TD-02", "Six-Monthly", 2025, "reminder") in reminded


def test_reminder_job_isolates_a_failing_unit_and_a_failing_plan(plan, monkeypatch):
	"""One unit whose alert cannot be written, and one plan that cannot even be read, are logged and
	skipped: every other unit is still told, and nothing of the failed steps stays written."""
	real_notify, real_remind = reporting.notify_unit, reporting.remind_plan

	def notify(plan_doc, unit, *args):
		if unit == "LC-TD-02":
			# what it wrote before failing must go with it
			frappe.db.set_value("Emulation Unit", unit, "unit_name", "Ghi dở")
			raise frappe.ValidationError("alert could not be written")
		return real_notify(plan_doc, unit, *args)

	others = frappe.get_all(
		"Emulation Plan", filters={"docstatus": 1, "name": ("!=", plan)}, pluck="name", order_by="name"
	)
	assert others, "the demo has plans besides 117"

	def remind(name, today, flagged):
		if name in others:
			raise frappe.DoesNotExistError("plan cannot be read")
		return real_remind(name, today, flagged)

	monkeypatch.setattr(reporting, "notify_unit", notify)
	monkeypatch.setattr(reporting, "remind_plan", remind)
	errors_before = frappe.db.count("Error Log")
	unit_name = frappe.db.get_value("Emulation Unit", "LC-TD-02", "unit_name")

	flagged = reporting.send_reminders("2024-07-20")

	assert not any(unit == "LC-TD-02" for unit, *_rest in flagged)
	assert flagged, "the other units of the plan are still told"
	assert frappe.db.get_value("Emulation Unit", "LC-TD-02", "unit_name") == unit_name
	assert frappe.db.count("Error Log") >= errors_before + 1 + len(others)
