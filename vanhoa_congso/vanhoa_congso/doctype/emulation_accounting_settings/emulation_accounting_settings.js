// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.ui.form.on("Emulation Accounting Settings", {
	setup(frm) {
		const of_company = (filters) => (doc, cdt, cdn) => {
			const row = locals[cdt][cdn];
			return { filters: { company: row.company, is_group: 0, ...filters } };
		};
		frm.set_query("expense_account", "mappings", of_company({ root_type: "Expense" }));
		frm.set_query("paying_account", "mappings", of_company({ root_type: ["in", ["Asset", "Liability"]] }));
		frm.set_query("cost_center", "mappings", of_company({}));
	},
});
