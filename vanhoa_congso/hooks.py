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
# ERPNext installed after this app, or removed before it (vanhoa_congso/integrations)
after_app_install = "vanhoa_congso.integrations.after_app_install"
before_app_uninstall = "vanhoa_congso.integrations.before_app_uninstall"

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
		"vanhoa_congso.printing.decision.decision_print_context",
		"vanhoa_congso.printing.plan.plan_print_context",
		"vanhoa_congso.printing.pdf.pdf_zoom",
		"vanhoa_congso.printing.certificate.certificate_print_context",
		"vanhoa_congso.printing.evaluation.achievement_report_context",
		"vanhoa_congso.printing.evaluation.submission_letter_context",
		"vanhoa_congso.printing.minutes.council_minutes_context",
		"vanhoa_congso.printing.nomination.nomination_letter_context",
	],
}

# Frappe's timeline shows changed Select values as stored (English source strings): translate them.
doctype_js = {
	doctype: "public/js/timeline_values.js"
	for doctype in (
		"Emulation Evaluation",
		"Emulation Award",
		"Emulation Plan",
		"Emulation Council Session",
		"Emulation Periodic Report",
		"Emulation Unit",
		"Union Member",
	)
}

# ERPNext integration: the decision's books, the unit's Employees (each script returns early without it)
doctype_js["Emulation Award"] = [doctype_js["Emulation Award"], "public/js/erpnext_award.js"]
doctype_js["Emulation Unit"] = [doctype_js["Emulation Unit"], "public/js/erpnext_unit.js"]

scheduler_events = {
	"daily": ["vanhoa_congso.rules.reporting.send_reminders"],
}

# Permissions
# -----------
# One scope rule (permissions/scope.py) for every app doctype and its child tables, and for frappe's
# own records about app documents (permissions/platform.py); both hook lists are generated from the
# doctypes on disk, so a new doctype is covered without being listed here.

# frappe takes every public name of this module for a hook, so what is imported stays private
from vanhoa_congso.permissions.registry import DELETED_DOCUMENTS as _DELETED  # noqa: E402
from vanhoa_congso.permissions.registry import PLATFORM_REFERENCES as _REFERENCES  # noqa: E402
from vanhoa_congso.permissions.registry import PREPARED_REPORTS as _PREPARED  # noqa: E402
from vanhoa_congso.permissions.registry import app_doctypes as _app_doctypes  # noqa: E402

_SCOPE = "vanhoa_congso.permissions.scope"
_PLATFORM = "vanhoa_congso.permissions.platform"
_ENDPOINTS = "vanhoa_congso.permissions.endpoints"
_RECORD_DOCTYPES = (*_REFERENCES, _DELETED[0], _PREPARED)

permission_query_conditions = {
	**{doctype: f"{_SCOPE}.query_conditions" for doctype in _app_doctypes()},
	**{doctype: f"{_PLATFORM}.reference_conditions" for doctype in _RECORD_DOCTYPES},
}
has_permission = {
	**{doctype: f"{_SCOPE}.has_permission" for doctype in _app_doctypes()},
	**{doctype: f"{_PLATFORM}.reference_has_permission" for doctype in _RECORD_DOCTYPES},
}
doc_events = {
	**{
		doctype: {"before_insert": f"{_PLATFORM}.check_new_reference"}
		for doctype in ("Comment", "ToDo", "Document Follow", "Tag Link", "DocShare")
	},
	# ERPNext integration (vanhoa_congso/integrations): each handler returns early without ERPNext
	"Emulation Award": {
		"onload": "vanhoa_congso.integrations.on_award_onload",
		"on_submit": "vanhoa_congso.integrations.on_award_submit",
		"on_update_after_submit": "vanhoa_congso.integrations.on_award_update_after_submit",
		"on_cancel": "vanhoa_congso.integrations.on_award_cancel",
	},
	"Union Member": {"validate": "vanhoa_congso.integrations.on_member_validate"},
	"Journal Entry": {"on_cancel": "vanhoa_congso.integrations.on_journal_entry_cancel"},
}
# Files attached to app documents are private, and a new File record cannot borrow another's private file.
override_doctype_class = {"File": "vanhoa_congso.overrides.file.AppFile"}

override_whitelisted_methods = {
	"frappe.client.get_count": f"{_ENDPOINTS}.get_count",
	"frappe.client.validate_link": f"{_ENDPOINTS}.validate_link",
	"frappe.desk.search.search_link": f"{_ENDPOINTS}.search_link",
	"frappe.desk.search.search_widget": f"{_ENDPOINTS}.search_widget",
	"frappe.desk.search.get_link_title": f"{_ENDPOINTS}.get_link_title",
	"frappe.desk.listview.get_group_by_count": f"{_ENDPOINTS}.get_group_by_count",
	"frappe.desk.form.load.getdoc": f"{_ENDPOINTS}.getdoc",
	"frappe.desk.form.load.get_docinfo": f"{_ENDPOINTS}.get_docinfo",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": f"{_ENDPOINTS}.get_submitted_linked_docs",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": f"{_ENDPOINTS}.get_tagged_docs",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": f"{_ENDPOINTS}.dashboard_chart",
	"frappe.desk.query_report.run": f"{_ENDPOINTS}.run_report",
	# Marks transitions made through the workflow, so the controller can refuse state changes made
	# any other way (a REST PUT of workflow_state, frappe.client.submit).
	"frappe.model.workflow.apply_workflow": "vanhoa_congso.workflow.apply_workflow",
	"frappe.model.workflow.bulk_workflow_approval": "vanhoa_congso.workflow.bulk_workflow_approval",
	# Debian's wkhtmltopdf cannot print page numbers; the app's formats get them stamped on.
	"frappe.utils.print_format.download_pdf": "vanhoa_congso.printing.pdf.download_pdf",
}

# Refuses calls that reach the originals of those overrides by other names, and keeps frappe's
# child-row permission check and link counts on the scope rule (permissions/frappe_patches.py).
before_request = ["vanhoa_congso.permissions.gate.before_request"]
before_job = ["vanhoa_congso.permissions.gate.before_job"]

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
