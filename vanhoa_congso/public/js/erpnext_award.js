// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

// ERPNext integration: whether the decision's prize money is in the books (the server fills
// __onload.accounting only when ERPNext is installed), and the action that posts it.
frappe.ui.form.on("Emulation Award", {
	refresh(frm) {
		const accounting = frm.doc.__onload && frm.doc.__onload.accounting;
		if (!accounting || !accounting.cash || !accounting.issued) return;
		if (accounting.journal_entry) {
			const states = {
				draft: [__("Journal Entry {0} is a draft; the accountants have not submitted it yet."), "orange"],
				submitted: [__("The prize money is posted: Journal Entry {0} is submitted."), "green"],
				cancelled: [__("Journal Entry {0} was cancelled; the prize money is not in the books."), "red"],
				missing: [__("Journal Entry {0} no longer exists; the prize money is not in the books."), "red"],
			};
			const [message, color] = states[accounting.state] || states.missing;
			frm.set_intro(message.replace("{0}", frappe.utils.escape_html(accounting.journal_entry)), color);
			frm.add_custom_button(
				__("Journal Entry"),
				() => frappe.set_route("Form", "Journal Entry", accounting.journal_entry),
				__("View")
			);
		} else if (accounting.message) {
			frm.set_intro(frappe.utils.escape_html(accounting.message), "orange");
		}
		if (accounting.may_post && (!accounting.journal_entry || ["cancelled", "missing"].includes(accounting.state))) {
			frm.add_custom_button(__("Post to Accounts"), () =>
				frappe.call({
					method: "vanhoa_congso.integrations.erpnext.posting.post_to_accounts",
					args: { name: frm.doc.name },
					freeze: true,
					callback(r) {
						frappe.show_alert({
							message: __("Draft Journal Entry {0} created", [r.message]),
							indicator: "green",
						});
						frm.reload_doc();
					},
				})
			);
		}
	},
});
