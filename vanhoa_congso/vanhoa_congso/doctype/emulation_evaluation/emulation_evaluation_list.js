frappe.listview_settings["Emulation Evaluation"] = {
	add_fields: ["workflow_state", "classification"],

	onload(listview) {
		const bulk = (action, needs_reason) => {
			const names = listview.get_checked_items(true);
			if (!names.length) {
				frappe.msgprint(__("Select at least one document."));
				return;
			}
			const run = (reason) =>
				frappe
					.xcall("vanhoa_congso.workflow.bulk_transition", {
						doctype: "Emulation Evaluation",
						names,
						action,
						reason,
					})
					.then((done) => {
						frappe.show_alert({
							message: __("{0} evaluations: {1}", [done.length, __(action)]),
							indicator: "green",
						});
						listview.refresh();
					});
			if (needs_reason) {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Return or Refusal"), reqd: 1 },
					({ reason }) => run(reason),
					__(action)
				);
			} else {
				run();
			}
		};
		listview.page.add_actions_menu_item(__("Forward to Council"), () => bulk("Forward to Council"), false);
		listview.page.add_actions_menu_item(__("Return for Revision"), () => bulk("Return for Revision", true), false);
		listview.page.add_inner_button(
			__("Download Assessment Template"),
			() =>
				frappe.prompt(
					[
						{ fieldname: "plan", fieldtype: "Link", options: "Emulation Plan", label: __("Emulation Plan"), reqd: 1 },
						{
							fieldname: "unit",
							fieldtype: "Link",
							options: "Emulation Unit",
							label: __("Only the Subjects Under This Unit"),
							description: __("Leave empty for every subject of the plan you may assess."),
						},
					],
					({ plan, unit }) =>
						window.open(
							`/api/method/vanhoa_congso.assessment_import.download_template?${new URLSearchParams(
								unit ? { plan, unit } : { plan }
							)}`
						),
					__("Download Assessment Template")
				),
			__("Excel")
		);
		listview.page.add_inner_button(__("Import Assessments"), () => import_assessments(listview), __("Excel"));
		listview.page.add_inner_button(__("Download Proposal List"), () => {
			frappe.prompt(
				plan_phase_fields(),
				(values) =>
					window.open(`/api/method/vanhoa_congso.excel.download_proposals?${new URLSearchParams(values)}`),
				__("Download Proposal List")
			);
		}, __("Excel"));
	},
};

function import_assessments(listview) {
	const dialog = new frappe.ui.Dialog({
		title: __("Import Assessments"),
		fields: [
			...plan_phase_fields(),
			{ fieldname: "file_url", fieldtype: "Attach", label: __("Filled-in Template"), reqd: 1 },
		],
		primary_action_label: __("Import"),
		primary_action(values) {
			frappe
				.xcall("vanhoa_congso.assessment_import.import_assessments", values)
				.then((result) => {
					if (result.queued) {
						frappe.show_alert({ message: __("Importing in the background"), indicator: "blue" });
						follow_import(result.job, listview);
					} else if (result.errors && result.errors.length) {
						show_import_errors(result.errors);
						return;
					} else {
						frappe.show_alert({ message: __("{0} assessments imported.", [result.imported]), indicator: "green" });
					}
					dialog.hide();
					listview.refresh();
				});
		},
	});
	dialog.show();
}

function show_import_errors(errors) {
	frappe.msgprint({
		title: __("Nothing was imported"),
		message: errors.map((e) => frappe.utils.escape_html(e)).join("<br>"),
		indicator: "red",
	});
}

// A background import tells how it went by a realtime message; a job whose worker died sends none,
// so the list asks until the job has finished (the message has come) or failed (it shows why).
function follow_import(job, listview) {
	const ask = () =>
		frappe.xcall("vanhoa_congso.assessment_import.import_status", { job }).then((status) => {
			if (status.status === "finished" || status.status === "failed") {
				if (status.status === "failed") show_import_errors(status.errors);
				listview.refresh();
				return;
			}
			setTimeout(ask, 5000);
		});
	setTimeout(ask, 5000);
}

function plan_phase_fields() {
	return [
		{ fieldname: "plan", fieldtype: "Link", options: "Emulation Plan", label: __("Emulation Plan"), reqd: 1 },
		{
			fieldname: "phase",
			fieldtype: "Select",
			label: __("Phase"),
			options: ["First Half-Year", "Full Year", "Mid-term Review", "Final Review"],
			reqd: 1,
		},
		{ fieldname: "phase_year", fieldtype: "Int", label: __("Year"), reqd: 1 },
	];
}
