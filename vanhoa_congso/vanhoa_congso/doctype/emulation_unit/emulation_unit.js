// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.ui.form.on("Emulation Unit", {
	setup(frm) {
		frm.set_query("parent_emulation_unit", () => ({
			filters: { is_group: 1, is_active: 1, name: ["!=", frm.doc.name] },
		}));
	},

	refresh(frm) {
		if (frm.is_new() || !frm.doc.is_group || !frm.doc.is_active) return;
		frm.add_custom_button(__("Close and Move Units"), () => show_reorganise_dialog(frm));
	},
});

function show_reorganise_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Close {0} and move its units", [frm.doc.unit_name]),
		fields: [
			{
				fieldname: "successor",
				fieldtype: "Link",
				options: "Emulation Unit",
				label: __("Successor Unit"),
				reqd: 1,
				get_query: () => ({ filters: { is_group: 1, is_active: 1, name: ["!=", frm.doc.name] } }),
			},
			{
				fieldname: "effective_date",
				fieldtype: "Date",
				label: __("Effective Date"),
				reqd: 1,
				description: __("Units move on this date; the closed unit's last day is the day before."),
			},
			{ fieldname: "reason", fieldtype: "Data", label: __("Reason (decision number)") },
		],
		primary_action_label: __("Close and Move"),
		primary_action(values) {
			frappe.call({
				method: "vanhoa_congso.vanhoa_congso.doctype.emulation_unit.emulation_unit.reorganise",
				args: { unit: frm.doc.name, ...values },
				freeze: true,
				callback(r) {
					dialog.hide();
					frappe.show_alert({
						message: __("{0} units moved to {1}", [(r.message || []).length, values.successor]),
						indicator: "green",
					});
					frm.reload_doc();
				},
			});
		},
	});
	dialog.show();
}
