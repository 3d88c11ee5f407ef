// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

const REASON_ACTIONS = ["Return for Revision", "Refuse"];

frappe.ui.form.on("Emulation Evaluation", {
	setup(frm) {
		frm.set_query("subject_unit", () => ({ filters: { is_active: 1 } }));
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("council_session", () => ({ filters: { plan: frm.doc.plan } }));
	},

	before_workflow_action(frm) {
		// Returning or refusing needs a reason, which the server records before the action runs.
		if (!REASON_ACTIONS.includes(frm.selected_workflow_action)) return;
		return new Promise((resolve, reject) => {
			frappe.prompt(
				{
					fieldname: "reason",
					fieldtype: "Small Text",
					label: __("Reason for Return or Refusal"),
					reqd: 1,
				},
				({ reason }) => {
					frappe
						.xcall("frappe.client.set_value", {
							doctype: frm.doctype,
							name: frm.doc.name,
							fieldname: "transition_reason",
							value: reason,
						})
						.then(resolve, reject);
				},
				__(frm.selected_workflow_action),
				__("Continue")
			);
		});
	},
});
