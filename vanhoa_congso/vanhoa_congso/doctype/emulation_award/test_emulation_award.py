import frappe
import pytest

from vanhoa_congso.permissions.ownership import FieldOwnershipError
from vanhoa_congso.rules.awards import AwardError, DuplicateAwardError, PublicNoticeError, QuotaExceededError
from vanhoa_congso.testing import collective, make_award, make_award_world, make_plan


@pytest.fixture
def world():
	return make_award_world()


def issued(world, units, **fields):
	award = make_award(world.plan, world.province, [collective(u, world.form) for u in units], **fields)
	award.submit()
	return award


def test_prize_is_the_coefficient_times_the_base_salary_on_the_decision_date(world):
	award = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	row = award.recipients[0]
	assert row.standard_amount == row.prize_amount == 2 * 2_340_000
	assert award.total_amount == 4_680_000 and award.total_recipients == 1
	assert [(t.award_form, t.recipient_count) for t in award.totals] == [(world.form, 1)]


def test_changed_amount_needs_a_reason(world):
	with pytest.raises(AwardError, match="give the reason"):
		make_award(
			world.plan, world.province, [collective(world.education[0], world.form, prize_amount=1_000_000)]
		)
	award = make_award(
		world.plan,
		world.province,
		[
			collective(
				world.education[0], world.form, prize_amount=1_000_000, amount_change_reason="Theo quy chế"
			)
		],
	)
	assert award.total_amount == 1_000_000


def test_quota_maximum_is_enforced_at_submit(world):
	issued(world, [world.education[0], world.others[0]])
	before = frappe.db.count("Emulation Award", {"docstatus": 1})
	award = make_award(world.plan, world.province, [collective(u, world.form) for u in world.education[1:3]])
	with pytest.raises(QuotaExceededError, match="maximum of 3"):
		award.submit()
	assert frappe.db.count("Emulation Award", {"docstatus": 1}) == before


def test_reserved_slot_cannot_go_outside_the_sector(world):
	issued(world, [world.others[0]])
	award = make_award(world.plan, world.province, [collective(u, world.form) for u in world.others[1:3]])
	with pytest.raises(QuotaExceededError, match="reserved for the Giáo dục sector"):
		award.submit()
	# the reserved slot is there for an education union
	issued(world, [world.others[1], world.education[0]])


def test_no_subject_gets_the_same_award_twice_in_a_phase(world):
	issued(world, [world.education[0]])
	award = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	with pytest.raises(DuplicateAwardError, match="already received"):
		award.submit()
	with pytest.raises(DuplicateAwardError):
		make_award(world.plan, world.province, [collective(world.education[1], world.form)] * 2)
	# another phase is another occasion
	issued(world, [world.education[0]], phase="Mid-term Review", phase_year=2022)


def test_revocation_frees_the_slot_and_keeps_history(world):
	first = issued(world, [world.others[0], world.others[1]])
	blocked = make_award(world.plan, world.province, [collective(world.others[2], world.form)])
	with pytest.raises(QuotaExceededError):
		blocked.submit()

	from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import revoke_recipient

	with pytest.raises(AwardError, match="reason"):
		revoke_recipient(first.name, first.recipients[0].name, " ")
	revoke_recipient(first.name, first.recipients[0].name, "Phát hiện vi phạm kỷ luật")
	first.reload()
	assert first.recipients[0].revoked == 1 and first.total_recipients == 1
	assert first.recipients[0].revocation_reason == "Phát hiện vi phạm kỷ luật"
	blocked.reload()
	blocked.submit()
	assert blocked.docstatus == 1


def test_cancelled_decision_frees_its_slots(world):
	first = issued(world, [world.others[0], world.others[1]])
	first.cancel()
	issued(world, [world.others[0], world.others[1]])


def test_issued_list_cannot_be_edited(world):
	award = issued(world, [world.education[0]])
	award.recipients[0].achievement = "Sửa sau khi ban hành"
	with pytest.raises(FieldOwnershipError, match="issued"):
		award.save()


def test_decision_waits_for_the_public_notice(world):
	frappe.db.set_value("Emulation Plan", world.plan, {"allow_early_decision": 0, "public_notice_days": 5})
	frappe.clear_document_cache("Emulation Plan", world.plan)
	award = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	with pytest.raises(PublicNoticeError, match="Publish"):
		award.submit()

	from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import publish_for_notice

	publish_for_notice(award.name)
	award.reload()
	assert award.status == "In Public Notice" and award.is_published
	with pytest.raises(PublicNoticeError, match="runs until"):
		award.submit()
	frappe.db.set_value("Emulation Award", award.name, "notice_end", "2000-01-01")
	award.reload()
	award.submit()
	assert award.status == "Issued"


def test_recipient_needs_an_evaluation_or_a_reason(world):
	with pytest.raises(AwardError, match="no approved evaluation"):
		make_award(world.plan, world.province, [collective(world.education[0], world.form, entry_reason="")])


def test_a_decision_takes_its_issuing_unit_as_it_is_when_saved(world):
	# the unit's names come from frappe's document cache, which the unit's save must clear
	award = make_award(world.plan, world.province, [collective(world.education[0], world.form)])
	unit = frappe.get_doc("Emulation Unit", world.province)
	assert award.issuing_body == (unit.full_name or unit.unit_name).upper()
	unit.full_name = "Liên đoàn Lao động tỉnh Thử Nghiệm"
	unit.save()
	award.save()
	assert award.issuing_body == "LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM"


def test_a_plan_issued_after_a_decision_was_refused_takes_it(world):
	# the plan comes from frappe's document cache, which the plan's submission must clear
	plan = make_plan(
		world.province,
		plan_number="AW-2/KH-LĐLĐ",
		allow_early_decision=1,
		award_quotas=[{"award_form": world.form, "subject_type": "Collective", "max_count": 1}],
	)
	with pytest.raises(AwardError, match="is not issued"):
		make_award(plan.name, world.province, [collective(world.education[0], world.form)])
	plan.submit()
	award = make_award(plan.name, world.province, [collective(world.education[0], world.form)])
	award.submit()
	assert award.status == "Issued"
	with pytest.raises(QuotaExceededError):
		make_award(plan.name, world.province, [collective(world.education[1], world.form)]).submit()
