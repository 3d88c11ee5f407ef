// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

const PROPOSAL_METHODS =
	"vanhoa_congso.vanhoa_congso.doctype.emulation_upward_proposal.emulation_upward_proposal";

frappe.ui.form.on("Emulation Upward Proposal", {
	setup(frm) {
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("award_form", "items", () => ({ filters: { issuing_level: frm.doc.higher_body } }));
		frm.set_query("evaluation", "items", () => ({
			filters: {
				plan: frm.doc.plan,
				phase: frm.doc.phase,
				phase_year: frm.doc.phase_year,
				docstatus: 1,
			},
		}));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const act = (method) =>
			(frm.is_dirty() ? frm.save() : Promise.resolve())
				.then(() => frappe.xcall(`${PROPOSAL_METHODS}.${method}`, { name: frm.doc.name }))
				.then(() => frm.reload_doc());
		if (frm.doc.status === "Draft") {
			frm.add_custom_button(__("Get Approved Evaluations"), () => {
				frappe
					.xcall(`${PROPOSAL_METHODS}.get_approved_evaluations`, {
						plan: frm.doc.plan,
						phase: frm.doc.phase,
						phase_year: frm.doc.phase_year,
					})
					.then((rows) => {
						const listed = new Set((frm.doc.items || []).map((row) => row.evaluation));
						rows.filter((row) => !listed.has(row.evaluation)).forEach((row) =>
							frm.add_child("items", row)
						);
						frm.refresh_field("items");
						frappe.show_alert(__("{0} approved evaluations listed", [rows.length]));
					});
			});
			frm.add_custom_button(__("Send"), () => act("send_proposal")).addClass("btn-primary");
		}
		if (frm.doc.status === "Sent") {
			frm.add_custom_button(__("Record Answer"), () => act("record_answer")).addClass("btn-primary");
		}
	},
});
