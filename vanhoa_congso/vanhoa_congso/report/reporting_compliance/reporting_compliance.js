frappe.query_reports["Reporting Compliance"] = {
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
		{ fieldname: "year", label: __("Year"), fieldtype: "Int" },
		{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
		{ fieldname: "as_on", label: __("As On"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const colours = { [__("Late")]: "orange", [__("Missing")]: "red", [__("On Time")]: "green" };
		const raw = data && data[column.fieldname];
		return colours[raw] ? `<span style="color: var(--${colours[raw]}-600)">${value}</span>` : value;
	},
};
