// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

// ERPNext integration: a grassroots union that names its Company takes its members from the
// Company's Employees, after a preview of what will change. The fields exist only with ERPNext.
frappe.ui.form.on("Emulation Unit", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.erpnext_company || frm.doc.level !== "Grassroots Union") return;
		frm.add_custom_button(__("Sync Members from Employees"), () => preview_employee_sync(frm));
	},
});

function preview_employee_sync(frm) {
	frappe.call({
		method: "vanhoa_congso.integrations.erpnext.employees.preview_employee_sync",
		args: { unit: frm.doc.name },
		freeze: true,
		callback(r) {
			// the changes are shown with the member form's labels
			frappe.model.with_doctype("Union Member", () => show_sync_preview(frm, r.message || []));
		},
	});
}

function show_sync_preview(frm, entries) {
	if (!entries.length) {
		frappe.msgprint(__("The members of {0} already match its Employees.", [frm.doc.unit_name]));
		return;
	}
	const actions = {
		create: __("New member"),
		update: __("Update"),
		leave: __("Left the union"),
	};
	const text = (value) => frappe.utils.escape_html(value == null ? "" : String(value));
	// Select values (gender, status) are stored in English and shown translated
	const shown = (field, value) =>
		(frappe.meta.get_docfield("Union Member", field) || {}).fieldtype === "Select" && value ? __(value) : value;
	const rows = entries
		.map((entry) => {
			const changes = Object.entries(entry.changes)
				.map(([field, [old, value]]) => {
					const label = __(frappe.meta.get_label("Union Member", field));
					return `${text(label)}: ${text(shown(field, old))} → ${text(shown(field, value))}`;
				})
				.join("<br>");
			return `<tr><td>${text(entry.employee_name || entry.employee)}</td>
				<td>${actions[entry.action] || ""}</td><td>${changes}</td></tr>`;
		})
		.join("");
	const dialog = new frappe.ui.Dialog({
		title: __("Sync Members of {0} from Employees", [frm.doc.unit_name]),
		size: "large",
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "preview",
				options: `<p>${__("These changes will be made together, or none of them if one fails.")}</p>
					<table class="table table-bordered"><thead><tr><th>${__("Employee")}</th>
					<th>${__("Change")}</th><th>${__("Details")}</th></tr></thead><tbody>${rows}</tbody></table>`,
			},
		],
		primary_action_label: __("Apply"),
		primary_action() {
			frappe.call({
				method: "vanhoa_congso.integrations.erpnext.employees.sync_employees",
				args: { unit: frm.doc.name },
				freeze: true,
				callback(res) {
					dialog.hide();
					const done = res.message || {};
					frappe.show_alert({
						message: __("{0} members created, {1} updated, {2} marked as left", [
							done.create || 0,
							done.update || 0,
							done.leave || 0,
						]),
						indicator: "green",
					});
					frm.reload_doc();
				},
			});
		},
	});
	dialog.show();
}
