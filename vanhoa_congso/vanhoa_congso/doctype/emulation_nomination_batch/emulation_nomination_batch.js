// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.ui.form.on("Emulation Nomination Batch", {
	setup(frm) {
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("cluster", () => ({ filters: { plan: frm.doc.plan } }));
		frm.set_query("council_session", () => ({ filters: { plan: frm.doc.plan } }));
		frm.set_query("evaluation", "nominations", () => ({
			filters: {
				plan: frm.doc.plan,
				phase: frm.doc.phase,
				phase_year: frm.doc.phase_year,
				reviewing_unit: frm.doc.sending_unit,
			},
		}));
	},
	refresh(frm) {
		vanhoa_congso_sent_up.add_buttons(frm);
		const open = ["Draft", "Returned"].includes(frm.doc.status || "Draft");
		if (open && !frm.doc.cluster && frm.doc.plan && frm.doc.sending_unit) {
			frm.add_custom_button(__("Get Evaluations Sent for Review"), () => {
				frappe
					.xcall(
						"vanhoa_congso.vanhoa_congso.doctype.emulation_nomination_batch.emulation_nomination_batch.get_candidates",
						{
							plan: frm.doc.plan,
							phase: frm.doc.phase,
							phase_year: frm.doc.phase_year,
							sending_unit: frm.doc.sending_unit,
						}
					)
					.then((rows) => {
						const listed = new Set((frm.doc.nominations || []).map((row) => row.evaluation));
						rows.filter((row) => !listed.has(row.name)).forEach((row) => {
							frm.add_child("nominations", {
								evaluation: row.name,
								subject_name: row.subject_name,
								final_percent: row.final_percent,
								proposed_award_form: row.proposed_award_form,
							});
						});
						frm.refresh_field("nominations");
						frappe.show_alert(__("{0} evaluations listed", [rows.length]));
					});
			});
		}
	},
});
