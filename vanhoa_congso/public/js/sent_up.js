// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

// Buttons of the documents a unit sends up to the level above (registrations, review reports,
// nomination batches). The server says which actions the user may take and applies them.
frappe.provide("vanhoa_congso_sent_up");

vanhoa_congso_sent_up.add_buttons = function (frm) {
	if (frm.is_new()) return;
	vanhoa_congso_sent_up.lock_fields(frm);
	const actions = (frm.doc.__onload && frm.doc.__onload.sent_up_actions) || [];
	if (!actions.length) return;
	const act = (action, reason) =>
		frappe
			.xcall("vanhoa_congso.controllers.sent_up.act", {
				doctype: frm.doctype,
				name: frm.doc.name,
				action: action,
				reason: reason || null,
			})
			.then(() => frm.reload_doc());
	const save_then = (action) => (frm.is_dirty() ? frm.save().then(() => act(action)) : act(action));
	if (actions.includes("Send")) {
		frm.add_custom_button(__("Send"), () => save_then("Send")).addClass("btn-primary");
	}
	if (actions.includes("Acknowledge")) {
		frm.add_custom_button(__("Acknowledge"), () => act("Acknowledge")).addClass("btn-primary");
	}
	if (actions.includes("Return")) {
		frm.add_custom_button(__("Return"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Return"), reqd: 1 },
				({ reason }) => act("Return", reason),
				__("Return"),
				__("Return")
			)
		);
	}
};

// The server refuses changes the user may not make; show the form accordingly: all of it while the
// sending unit holds the document, only the receiver's own fields while it is with the receiver.
vanhoa_congso_sent_up.lock_fields = function (frm) {
	const editable = frm.doc.__onload && frm.doc.__onload.sent_up_editable;
	if (editable === undefined) return;
	frm.fields
		.filter((field) => field.df.fieldname)
		.forEach((field) => {
			const fieldname = field.df.fieldname;
			const locked = editable !== "all" && !editable.includes(fieldname);
			// back to the doctype's own setting once the document is open again
			const own = (frappe.meta.get_docfield(frm.doctype, fieldname) || {}).read_only || 0;
			frm.set_df_property(fieldname, "read_only", locked ? 1 : own);
		});
	if (editable !== "all" && !editable.length) frm.disable_save();
	else if (frm.save_disabled) frm.enable_save();
};
