// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

// ERPNext integration: a grassroots union that names its Company takes its members from the
// Company's Employees, after a preview of what will change. The fields exist only with ERPNext.
const EMPLOYEES = "vanhoa_congso.integrations.erpnext.employees";

frappe.ui.form.on("Emulation Unit", {
	refresh(frm) {
		if (!frm.fields_dict.erpnext_department) return;
		frm.set_query("erpnext_department", () => ({ filters: { company: frm.doc.erpnext_company } }));
		if (frm.is_new() || !frm.doc.erpnext_company) return;
		if (frm.doc.level === "Grassroots Union") {
			frm.add_custom_button(__("Sync Members from Employees"), () =>
				preview_employee_sync(frm, "preview_employee_sync", "sync_employees", { unit: frm.doc.name })
			);
		} else {
			// a unit above the grassroots unions that stands for the Company syncs all of them at once
			frm.add_custom_button(__("Sync Members of Every Union of {0}", [frm.doc.erpnext_company]), () =>
				preview_employee_sync(frm, "preview_company_sync", "sync_company", {
					company: frm.doc.erpnext_company,
				})
			);
		}
	},
});

function preview_employee_sync(frm, preview, apply, args) {
	frappe.call({
		method: `${EMPLOYEES}.${preview}`,
		args,
		freeze: true,
		callback(r) {
			// one unit's entries, or {unit: entries} for the Company's unions
			const message = r.message || [];
			const entries = Array.isArray(message)
				? message
				: Object.entries(message).flatMap(([unit, rows]) => rows.map((row) => ({ ...row, unit })));
			// the changes are shown with the member form's labels
			frappe.model.with_doctype("Union Member", () => show_sync_preview(frm, entries, apply, args));
		},
	});
}

function show_sync_preview(frm, entries, apply, args) {
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
			const unit = entry.unit ? ` (${text(entry.unit)})` : "";
			return `<tr><td>${text(entry.employee_name || entry.employee)}${unit}</td>
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
				method: `${EMPLOYEES}.${apply}`,
				args,
				freeze: true,
				callback(res) {
					dialog.hide();
					// one unit's counts, or {unit: counts}
					const result = res.message || {};
					const done = args.unit ? result : { create: 0, update: 0, leave: 0 };
					if (!args.unit) {
						Object.values(result).forEach((counts) =>
							Object.keys(done).forEach((key) => (done[key] += counts[key] || 0))
						);
					}
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
