// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.ui.form.on("Emulation Registration", {
	setup(frm) {
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("subject_unit", () => ({ filters: { is_active: 1 } }));
		frm.set_query("union_member", () => ({ filters: { status: "Active Member" } }));
	},
	refresh(frm) {
		vanhoa_congso_sent_up.add_buttons(frm);
	},
});
