"""The proposed award list on a public page, without login, and comments on it."""

import frappe
import pytest
import requests

from vanhoa_congso.testing import collective, delete_counters, make_award, make_award_world, make_user
from vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award import publish_for_notice

PAGE = "/cong-khai-khen-thuong"
SECRETARY = "secretary@notice.vhcs.test"


@pytest.fixture(scope="module")
def notice(web_server):
	frappe.set_user("Administrator")
	world = make_award_world("PN")
	published = make_award(
		world.plan,
		world.province,
		[collective(world.education[0], world.form, achievement="Dẫn đầu phong trào văn hóa công sở")],
		decision_title="Về việc khen thưởng công khai thử",
	)
	publish_for_notice(published.name)
	hidden = make_award(
		world.plan,
		world.province,
		[collective(world.others[0], world.form)],
		decision_title="Danh sách nội bộ chưa công khai",
	)
	make_user(SECRETARY, ["Emulation Council Secretary"], "Vhcs-notice-2026!", [world.province])
	frappe.db.commit()
	yield frappe._dict(base_url=web_server, published=published.name, hidden=hidden.name, world=world)

	frappe.db.rollback()
	for name in (published.name, hidden.name):
		frappe.db.delete("Emulation Award Recipient", {"parent": name})
		frappe.db.delete("Emulation Award Total", {"parent": name})
		frappe.db.delete("Emulation Award", {"name": name})
	frappe.db.delete("Comment", {"reference_doctype": "Emulation Award", "reference_name": published.name})
	frappe.db.delete("Notification Log", {"for_user": SECRETARY})
	frappe.delete_doc("User", SECRETARY, force=True, ignore_permissions=True)
	frappe.db.delete("User Permission", {"user": SECRETARY})
	frappe.db.delete("Emulation Plan Quota", {"parent": world.plan})
	frappe.db.delete("Emulation Plan", {"name": world.plan})
	frappe.delete_doc("Award Form", world.form, force=True, ignore_permissions=True)
	delete_counters([world.province])
	for unit in [*world.education, *world.others, world.district, world.province]:
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_published_list_is_public_without_login(notice):
	listing = requests.get(notice.base_url + PAGE, timeout=30)
	assert listing.status_code == 200
	assert "Về việc khen thưởng công khai thử" in listing.text
	assert "Danh sách nội bộ chưa công khai" not in listing.text

	page = requests.get(notice.base_url + PAGE, params={"name": notice.published}, timeout=30)
	assert page.status_code == 200
	assert "Dẫn đầu phong trào văn hóa công sở" in page.text
	assert "4.680.000" not in page.text and "4,680,000" not in page.text  # amounts stay internal


def test_unpublished_list_is_not_found(notice):
	page = requests.get(notice.base_url + PAGE, params={"name": notice.hidden}, timeout=30)
	assert page.status_code == 404
	assert "Danh sách nội bộ chưa công khai" not in page.text
	assert (
		requests.get(
			notice.base_url + f"/api/resource/Emulation Award/{notice.hidden}", timeout=30
		).status_code
		== 403
	)


def test_anyone_can_comment_and_the_secretary_is_told(notice):
	# earlier runs on this site share the hourly limit
	frappe.cache.delete_keys("rl:vanhoa_congso.public_notice.send_comment")
	response = requests.post(
		notice.base_url + "/api/method/vanhoa_congso.public_notice.send_comment",
		data={"award": notice.published, "sender_name": "Người dân", "comment": "Đề nghị xem xét <b>kỹ</b>"},
		timeout=30,
	)
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	comments = frappe.get_all(
		"Comment", filters={"reference_name": notice.published, "comment_type": "Comment"}, pluck="content"
	)
	assert any("Đề nghị xem xét &lt;b&gt;kỹ&lt;/b&gt;" in c for c in comments)
	assert frappe.db.exists("Notification Log", {"for_user": SECRETARY, "document_name": notice.published})

	refused = requests.post(
		notice.base_url + "/api/method/vanhoa_congso.public_notice.send_comment",
		data={"award": notice.hidden, "sender_name": "X", "comment": "Y"},
		timeout=30,
	)
	assert refused.status_code == 404
