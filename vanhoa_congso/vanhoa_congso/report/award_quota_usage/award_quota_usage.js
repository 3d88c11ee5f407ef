frappe.query_reports["Award Quota Usage"] = {
	// opens on the latest plan under way and its latest phase instead of asking for filters
	onload(report) {
		frappe.xcall("vanhoa_congso.report_utils.latest_plan_and_phase").then((latest) => {
			const changes = [];
			for (const field of ["plan"]) {
				if (latest[field] && !report.get_filter_value(field)) {
					changes.push(report.get_filter(field).set_value(latest[field]));
				}
			}
			if (changes.length) Promise.all(changes).then(() => report.refresh());
		});
	},

	filters: [
		{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan", reqd: 1 },
		// a line counted per year is shown for this year (by default the latest year with decisions)
		{ fieldname: "phase_year", label: __("Year"), fieldtype: "Int" },
	],
};
