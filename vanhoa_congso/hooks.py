app_name = "vanhoa_congso"
app_title = "Văn hóa công sở"
app_publisher = "vanhoa_congso developers"
app_description = "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” cho các cấp công đoàn"
app_email = "vanhoa.congso@example.org"
app_license = "mit"

# Installation
# ------------

after_install = "vanhoa_congso.install.after_install"
before_uninstall = "vanhoa_congso.install.before_uninstall"

# Desk
# ----
# the Send / Acknowledge / Return buttons of the documents sent up to the level above
app_include_js = ["/assets/vanhoa_congso/js/sent_up.js"]


jinja = {
	"methods": [
		"vanhoa_congso.printing.place_and_date",
		"vanhoa_congso.printing.header_bodies",
		"vanhoa_congso.printing.award_kind_title",
		"vanhoa_congso.printing.vnd",
	],
}

scheduler_events = {
	"daily": ["vanhoa_congso.rules.reporting.send_reminders"],
}

# Permissions
# -----------

override_whitelisted_methods = {
	"frappe.client.get_count": "vanhoa_congso.permissions.get_count",
	"frappe.desk.search.search_link": "vanhoa_congso.permissions.search_link",
	# Marks transitions made through the workflow, so the controller can refuse state changes made
	# any other way (a REST PUT of workflow_state, frappe.client.submit).
	"frappe.model.workflow.apply_workflow": "vanhoa_congso.workflow.apply_workflow",
}

permission_query_conditions = {
	"Workflow Action": "vanhoa_congso.permissions.workflow_action_query",
}

has_permission = {
	"Workflow Action": "vanhoa_congso.permissions.workflow_action_has_permission",
}

# Workflow
# --------
# Shipped as fixtures filtered by name, so a site's other workflows and states are never touched.

EVALUATION_WORKFLOW = "Emulation Evaluation Approval"
WORKFLOW_STATES = [
	"Draft",
	"Sent for Review",
	"Returned for Revision",
	"Forwarded to Council",
	"Approved",
	"Not Approved",
]
WORKFLOW_ACTIONS = [
	"Send for Review",
	"Send to Council",
	"Forward to Council",
	"Return for Revision",
	"Approve",
	"Refuse",
]
fixtures = [
	{"dt": "Workflow State", "filters": [["name", "in", WORKFLOW_STATES]]},
	{"dt": "Workflow Action Master", "filters": [["name", "in", WORKFLOW_ACTIONS]]},
	{"dt": "Workflow", "filters": [["name", "in", [EVALUATION_WORKFLOW]]]},
]
