"""Registration for the campaign: sent up with a signed commitment, acknowledged by the level above,
and required before evaluation where the plan says so."""

import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules.registration import NotRegisteredError, RegistrationError
from vanhoa_congso.rules.sending import SendingError
from vanhoa_congso.testing import act, make_campaign_world, make_registration, make_user
from vanhoa_congso.vanhoa_congso.report.emulation_registration_status import emulation_registration_status

PASSWORD = "Vhcs-reg-2026!"


@pytest.fixture
def world():
	return make_campaign_world("RG", registration_required=1, members_register=1)


def user(email, role, unit):
	make_user(email, [role], PASSWORD, [unit])
	return email


def school(world, district=0, index=0):
	return world.grassroots[world.districts[district]][index]


def test_registration_goes_to_the_level_above_and_is_acknowledged(world):
	doc = make_registration(world.plan, school(world), targets=[world.commendation])
	assert doc.status == "Draft" and doc.receiving_unit == world.districts[0]
	assert doc.subject_name == frappe.db.get_value("Emulation Unit", school(world), "unit_name")
	doc = act(doc, "Send")
	assert doc.status == "Sent" and doc.sent_by == "Administrator"
	doc = act(doc, "Acknowledge")
	assert doc.status == "Acknowledged" and doc.acknowledged_on


def test_sending_needs_a_target_and_the_signed_commitment(world):
	doc = make_registration(world.plan, school(world), commitment_file=None, targets=[world.commendation])
	with pytest.raises(RegistrationError, match="signed commitment"):
		act(doc, "Send")
	assert frappe.db.get_value("Emulation Registration", doc.name, "status") == "Draft"
	bare = make_registration(world.plan, school(world, 1))
	with pytest.raises(RegistrationError, match="at least one title"):
		act(bare, "Send")


def test_status_changes_only_through_the_actions(world):
	doc = make_registration(world.plan, school(world), targets=[world.commendation])
	doc.status = "Acknowledged"
	# the status is the server's: sent by a client it is put back, not taken
	doc.save()
	assert frappe.db.get_value("Emulation Registration", doc.name, "status") == "Draft"


def test_a_sent_registration_cannot_be_edited(world):
	doc = act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send")
	doc.commitments = "Sửa sau khi gửi"
	with pytest.raises(FieldOwnershipError, match="Commitment"):
		doc.save()


def test_return_needs_a_reason_and_reopens_the_draft(world):
	doc = act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send")
	with pytest.raises(SendingError, match="reason"):
		act(doc, "Return", " ")
	doc = act(doc, "Return", "Bổ sung chữ ký của Chủ tịch công đoàn")
	assert doc.status == "Returned" and doc.return_reason == "Bổ sung chữ ký của Chủ tịch công đoàn"
	doc.commitments = "Đã bổ sung"
	doc.save()
	assert act(doc, "Send").status == "Sent"


def test_only_the_level_above_acknowledges(world):
	doc = act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send")
	other_district = user("rg.reviewer.b@vhcs.test", "Upper-Level Reviewer", world.districts[1])
	officer = user("rg.officer.a1@vhcs.test", "Grassroots Union Officer", school(world))
	for login in (officer, other_district):
		frappe.set_user(login)
		with pytest.raises((SendingError, frappe.PermissionError)):
			act(frappe.get_doc("Emulation Registration", doc.name), "Acknowledge")
	frappe.set_user(user("rg.reviewer.a@vhcs.test", "Upper-Level Reviewer", world.districts[0]))
	assert act(frappe.get_doc("Emulation Registration", doc.name), "Acknowledge").status == "Acknowledged"


def test_the_sender_cannot_acknowledge_its_own_registration(world):
	reviewer = user("rg.reviewer.self@vhcs.test", "Upper-Level Reviewer", world.districts[0])
	frappe.set_user(reviewer)
	doc = act(make_registration(world.plan, world.districts[0], targets=[world.commendation]), "Send")
	assert doc.receiving_unit == world.province
	frappe.set_user("Administrator")
	frappe.db.set_value("Emulation Registration", doc.name, "receiving_unit", world.districts[0])
	frappe.set_user(reviewer)
	with pytest.raises(SendingError, match="You sent this"):
		act(frappe.get_doc("Emulation Registration", doc.name), "Acknowledge")


def test_an_officer_registers_only_its_own_unit(world):
	frappe.set_user(user("rg.officer.own@vhcs.test", "Grassroots Union Officer", school(world)))
	before = frappe.db.count("Emulation Registration")
	with pytest.raises((SendingError, frappe.PermissionError)):
		make_registration(world.plan, school(world, 0, 1), targets=[world.commendation])
	assert frappe.db.count("Emulation Registration") == before
	make_registration(world.plan, school(world), targets=[world.commendation])


def test_one_registration_per_subject_and_plan(world):
	make_registration(world.plan, school(world))
	with pytest.raises(RegistrationError, match="already registered"):
		make_registration(world.plan, school(world))


def test_a_unit_outside_the_plan_cannot_register(world):
	from vanhoa_congso.rules import units
	from vanhoa_congso.testing import make_unit

	stranger = make_unit(units.GRASSROOTS, make_unit(units.PROVINCE).name)
	with pytest.raises(RegistrationError, match="cannot register for this plan"):
		make_registration(world.plan, stranger.name)


def test_members_register_only_where_the_plan_asks():
	world = make_campaign_world("RM", registration_required=1)
	member = world.members[world.grassroots[world.districts[0]][0]]
	with pytest.raises(RegistrationError, match="does not ask members"):
		make_registration(world.plan, member=member)


def evaluation(world, unit=None, member=None):
	return frappe.get_doc(
		{
			"doctype": "Emulation Evaluation",
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Individual" if member else "Collective",
			"subject_unit": unit,
			"union_member": member,
		}
	)


def test_evaluation_refuses_an_unregistered_subject(world):
	before = frappe.db.count("Emulation Evaluation")
	with pytest.raises(NotRegisteredError, match="no acknowledged registration"):
		evaluation(world, unit=school(world)).insert()
	# sent but not yet acknowledged is not enough
	act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send")
	with pytest.raises(NotRegisteredError):
		evaluation(world, unit=school(world)).insert()
	assert frappe.db.count("Emulation Evaluation") == before


def test_evaluation_of_a_registered_subject_is_accepted(world):
	doc = act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send")
	act(doc, "Acknowledge")
	evaluation(world, unit=school(world)).insert()
	member = world.members[school(world)]
	with pytest.raises(NotRegisteredError):
		evaluation(world, member=member).insert()
	act(
		act(make_registration(world.plan, member=member, targets=[world.commendation]), "Send"), "Acknowledge"
	)
	evaluation(world, member=member).insert()


def test_without_members_registering_the_unit_covers_its_members():
	world = make_campaign_world("RU", registration_required=1)
	unit = world.grassroots[world.districts[0]][0]
	act(act(make_registration(world.plan, unit, targets=[world.commendation]), "Send"), "Acknowledge")
	evaluation(world, member=world.members[unit]).insert()


def test_status_report_lists_who_has_and_has_not_registered(world):
	act(
		act(make_registration(world.plan, school(world), targets=[world.commendation]), "Send"), "Acknowledge"
	)
	act(make_registration(world.plan, school(world, 1), targets=[world.commendation]), "Send")
	_columns, rows, _m, chart, summary = emulation_registration_status.execute(
		{"plan": world.plan, "as_on": "2024-12-31"}
	)
	by_unit = {row["unit"]: row for row in rows}
	assert len(rows) == 7  # two districts, four grassroots unions under them, one directly under the province
	assert by_unit[school(world)]["status_key"] == "Acknowledged"
	assert by_unit[school(world)]["targets"] == world.commendation
	assert by_unit[school(world, 1)]["status_key"] == "Sent"
	assert by_unit[world.direct]["status_key"] == "Not Registered"
	assert by_unit[school(world)]["active_members"] == 1
	assert summary[0]["value"] == 7
	_c, rows, *_ = emulation_registration_status.execute(
		{"plan": world.plan, "as_on": "2024-12-31", "registration": "Not Registered"}
	)
	assert school(world) not in {row["unit"] for row in rows} and len(rows) == 6
	_c, rows, *_ = emulation_registration_status.execute(
		{"plan": world.plan, "as_on": "2024-12-31", "unit": world.districts[1]}
	)
	assert {row["unit"] for row in rows} == {world.districts[1], *world.grassroots[world.districts[1]]}


def test_status_report_of_a_district_shows_its_units_only(world):
	frappe.set_user(user("rg.report.a@vhcs.test", "Upper-Level Reviewer", world.districts[0]))
	_c, rows, *_ = emulation_registration_status.execute({"plan": world.plan, "as_on": "2024-12-31"})
	assert {row["unit"] for row in rows} == {world.districts[0], *world.grassroots[world.districts[0]]}


def test_a_district_cannot_hand_its_draft_to_a_unit_below_it(world):
	frappe.set_user(user("rg.reviewer.move@vhcs.test", "Upper-Level Reviewer", world.districts[0]))
	doc = make_registration(world.plan, world.districts[0], targets=[world.commendation])
	doc.subject_unit = school(world)
	with pytest.raises(SendingError, match="do not act for"):
		doc.save()
	assert frappe.db.get_value("Emulation Registration", doc.name, "subject_unit") == world.districts[0]
