// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.ui.form.on("Emulation Review Report", {
	setup(frm) {
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("emulation_award", "awards_presented", () => ({
			filters: { plan: frm.doc.plan, docstatus: 1 },
		}));
		frm.set_query("upward_proposal", "awards_presented", () => ({
			filters: { plan: frm.doc.plan, status: "Answered" },
		}));
	},
	refresh(frm) {
		vanhoa_congso_sent_up.add_buttons(frm);
	},
});
