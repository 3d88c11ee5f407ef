// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

// Frappe's timeline writes the old and new value of a changed field as they are stored: for the
// app's Select fields (stages, classifications, phases, results) that is the English source string.
// Its lines are built from the form's versions, so the values are translated there, just before the
// timeline builds them. Added to the app's forms through doctype_js in hooks.py.
frappe.provide("vanhoa_congso.timeline");

vanhoa_congso.timeline.translate_value = function (doctype, fieldname, value) {
	const df = frappe.meta.get_docfield(doctype, fieldname);
	return df && df.fieldtype === "Select" && typeof value === "string" && value ? __(value) : value;
};

vanhoa_congso.timeline.translate_version = function (doctype, version) {
	let data;
	try {
		data = JSON.parse(version.data);
	} catch (e) {
		return;
	}
	const translate = vanhoa_congso.timeline.translate_value;
	(data.changed || []).forEach((change) => {
		change[1] = translate(doctype, change[0], change[1]);
		change[2] = translate(doctype, change[0], change[2]);
	});
	(data.row_changed || []).forEach((row) => {
		const table = frappe.meta.get_docfield(doctype, row[0]);
		(row[3] || []).forEach((change) => {
			if (!table) return;
			change[1] = translate(table.options, change[0], change[1]);
			change[2] = translate(table.options, change[0], change[2]);
		});
	});
	version.data = JSON.stringify(data);
};

// The form builds its timeline before the "refresh" event, so the first time the timeline is wrapped
// it is built once more.
vanhoa_congso.timeline.refresh = function (frm) {
	const timeline = frm.timeline;
	if (!timeline || timeline.__vhcs_translated) return;
	const build = timeline.get_version_timeline_contents.bind(timeline);
	timeline.get_version_timeline_contents = function () {
		(this.doc_info.versions || []).forEach((version) =>
			vanhoa_congso.timeline.translate_version(frm.doctype, version)
		);
		return build();
	};
	timeline.__vhcs_translated = true;
	timeline.refresh();
};

[
	"Emulation Evaluation",
	"Emulation Award",
	"Emulation Plan",
	"Emulation Council Session",
	"Emulation Periodic Report",
	"Emulation Unit",
	"Union Member",
].forEach((doctype) => frappe.ui.form.on(doctype, { refresh: vanhoa_congso.timeline.refresh }));
