"""The workspace, its number cards and charts, and Report Builder on every doctype of the app."""

import frappe

from vanhoa_congso import dashboard, demo


def test_workspace_is_installed_with_cards_and_charts():
	workspace = frappe.get_doc("Workspace", "Văn hóa công sở")
	assert workspace.public and workspace.module == "Vanhoa Congso"
	assert {row.number_card_name for row in workspace.number_cards} == {
		"My Pending Reviews",
		"Approved This Phase",
		"Quota Left",
	}
	assert {row.chart_name for row in workspace.charts} == {
		"Evaluations by Stage",
		"Evaluations by Classification",
	}
	for card in workspace.number_cards:
		assert frappe.db.exists("Number Card", card.number_card_name)
	for chart in workspace.charts:
		assert frappe.db.exists("Dashboard Chart", chart.chart_name)
	links = {row.link_to for row in workspace.links if row.type == "Link"}
	assert {
		"Emulation Evaluation",
		"Emulation Award",
		"Emulation Scoreboard",
		"Reporting Compliance",
	} <= links


def test_number_cards_count_within_the_users_scope(demo_data):
	assert dashboard.approved_this_phase() == 2  # the 2025 final review: LC-TP-01 and Lê Văn Hùng
	assert dashboard.quota_left() == 8 + 15
	for login, expected in (
		("thamdinh.tplaichau", 0),  # its district closed on 1/7/2025, after returning LC-TP-02
		("thamdinh.tamduong", 0),
		("thamdinh.nganhgd", 1),  # Hoàng Văn Thắng waits for the education sector union
		("canbo.ubndtp", 1),  # LC-TP-02 came back for revision
		("canbo.ttyttamduong", 1),  # LC-TD-02 came back for revision
		("thuky.hoidong", 1),  # LC-TD-01 waits for the council
		("uyvien.hoidong", 0),
	):
		frappe.set_user(demo.demo_email(login))
		assert dashboard.my_pending_reviews() == expected, login
		# frappe shows a card to users who are not System Managers only if they may read its doctype
		assert frappe.has_permission("Number Card", doc="My Pending Reviews"), login


def test_every_app_doctype_works_in_report_builder():
	from frappe.desk.reportview import get

	# settings (single doctypes) have no list to report on
	doctypes = frappe.get_all(
		"DocType", filters={"module": "Vanhoa Congso", "istable": 0, "issingle": 0}, pluck="name"
	)
	assert len(doctypes) >= 12
	for doctype in doctypes:
		meta = frappe.get_meta(doctype)
		assert [f for f in meta.fields if f.in_list_view], f"{doctype} has no list columns"
		assert [f for f in meta.fields if f.in_standard_filter] or doctype in (
			"Base Salary Rate",
			"Emulation Criteria Set",
			"Emulation Sector",
		), doctype
		assert any(p.report for p in meta.permissions), f"{doctype} cannot be used in Report Builder"
		frappe.local.form_dict = frappe._dict(doctype=doctype, fields='["name"]', filters="[]", view="Report")
		assert get() is not None
