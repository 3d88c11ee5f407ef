// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

const AWARD_METHODS = "vanhoa_congso.vanhoa_congso.doctype.emulation_award.emulation_award";

frappe.ui.form.on("Emulation Award", {
	setup(frm) {
		frm.set_query("plan", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("evaluation", "recipients", () => ({
			filters: { plan: frm.doc.plan, phase: frm.doc.phase, phase_year: frm.doc.phase_year, docstatus: 1 },
		}));
	},

	issuing_unit: fill_defaults,
	plan: fill_defaults,
	phase: fill_defaults,
	phase_year: fill_defaults,

	refresh(frm) {
		// A new decision cannot be saved without recipients, so the list is filled before the first save.
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Get Approved Evaluations"), () => get_approved(frm), __("Award Recipients"));
		}
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Publish for Public Notice"), () => publish(frm));
		}
		if (frm.doc.is_published) {
			frm.add_custom_button(__("Open Public Page"), () =>
				window.open(`/cong-khai-khen-thuong?name=${encodeURIComponent(frm.doc.name)}`)
			);
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Download Excel List"), () =>
				window.open(
					`/api/method/vanhoa_congso.excel.download_decision?name=${encodeURIComponent(frm.doc.name)}`
				)
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Revoke an Award"), () => revoke(frm));
		}
	},
});

// A new decision shows the wording its issuing unit writes (legal bases, articles, signer) as soon as
// the unit, plan and phase are chosen; a field the user has changed is left as it is.
function fill_defaults(frm) {
	if (!frm.is_new() || !frm.doc.issuing_unit) return;
	frappe
		.xcall(`${AWARD_METHODS}.get_decision_defaults`, {
			issuing_unit: frm.doc.issuing_unit,
			plan: frm.doc.plan,
			phase: frm.doc.phase,
			phase_year: frm.doc.phase_year,
		})
		.then((values) => {
			const previous = frm.__vhcs_defaults || {};
			for (const [field, value] of Object.entries(values)) {
				if (value && (!frm.doc[field] || frm.doc[field] === previous[field])) {
					frm.set_value(field, value);
				}
			}
			frm.__vhcs_defaults = values;
		});
}

function get_approved(frm) {
	if (!frm.doc.plan || !frm.doc.phase || !frm.doc.phase_year) {
		frappe.msgprint(__("Choose the plan, phase and year first; the approved evaluations are those of that phase."));
		return;
	}
	frappe
		.xcall(`${AWARD_METHODS}.get_approved_evaluations`, {
			plan: frm.doc.plan,
			phase: frm.doc.phase,
			phase_year: frm.doc.phase_year,
		})
		.then((rows) => {
			const present = new Set((frm.doc.recipients || []).map((r) => r.evaluation).filter(Boolean));
			rows.filter((row) => !present.has(row.evaluation)).forEach((row) => frm.add_child("recipients", row));
			frm.refresh_field("recipients");
			frm.dirty();
			frappe.show_alert({ message: __("{0} approved evaluations listed", [rows.length]), indicator: "green" });
		});
}

function publish(frm) {
	frappe.confirm(__("Put the proposed list on the public page for the plan's notice period?"), () =>
		frappe.xcall(`${AWARD_METHODS}.publish_for_notice`, { name: frm.doc.name }).then(() => frm.reload_doc())
	);
}

function revoke(frm) {
	const options = (frm.doc.recipients || [])
		.filter((row) => !row.revoked)
		.map((row) => ({ label: `${row.idx}. ${row.subject_name} — ${row.award_form}`, value: row.name }));
	frappe.prompt(
		[
			{ fieldname: "row_name", fieldtype: "Select", label: __("Recipient"), options, reqd: 1 },
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Revocation"), reqd: 1 },
		],
		(values) =>
			frappe
				.xcall(`${AWARD_METHODS}.revoke_recipient`, { name: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Revoke an Award"),
		__("Revoke")
	);
}
