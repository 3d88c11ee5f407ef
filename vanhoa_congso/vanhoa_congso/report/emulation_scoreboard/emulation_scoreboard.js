frappe.query_reports["Emulation Scoreboard"] = (() => {
	// Select options whose labels show translated while their values stay the server's
	const options = (values) => values.map((value) => ({ value: value, label: value ? __(value) : "" }));
	return {
		// opens on the latest plan under way and its latest phase instead of asking for filters
		onload(report) {
			frappe.xcall("vanhoa_congso.report_utils.latest_plan_and_phase").then((latest) => {
				const changes = [];
				for (const field of ["plan", "phase", "phase_year"]) {
					if (latest[field] && !report.get_filter_value(field)) {
						changes.push(report.get_filter(field).set_value(latest[field]));
					}
				}
				if (changes.length) Promise.all(changes).then(() => report.refresh());
			});
		},

		filters: [
			{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan", reqd: 1 },
			{
				fieldname: "phase",
				label: __("Phase"),
				fieldtype: "Select",
				options: ["", "First Half-Year", "Full Year", "Mid-term Review", "Final Review"],
			},
			{ fieldname: "phase_year", label: __("Year"), fieldtype: "Int" },
			{
				fieldname: "subject_type",
				label: __("Subject Type"),
				fieldtype: "Select",
				options: ["Collective", "Individual"],
				default: "Collective",
			},
			{
				fieldname: "level",
				label: __("Unit Level"),
				fieldtype: "Select",
				options: ["", "District Federation", "District-Equivalent Union", "Commune Union", "Grassroots Union"],
			},
			{ fieldname: "sector", label: __("Sector"), fieldtype: "Link", options: "Emulation Sector" },
			{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
			{
				fieldname: "cluster",
				label: __("Cluster or Block"),
				fieldtype: "Link",
				options: "Emulation Cluster",
				get_query: () => ({ filters: { plan: frappe.query_report.get_filter_value("plan") } }),
			},
			{ fieldname: "gender", label: __("Gender"), fieldtype: "Select", options: options(["", "Male", "Female"]) },
			{ fieldname: "ethnic_group", label: __("Ethnic Group"), fieldtype: "Link", options: "Ethnic Group" },
			{
				fieldname: "position",
				label: __("Leaders and Front-Line Workers"),
				fieldtype: "Select",
				options: options(["", "Leaders and Managers", "Front-Line Workers"]),
			},
			{
				fieldname: "breakdown",
				label: __("Break Down By"),
				fieldtype: "Select",
				options: options(["", "Gender", "Ethnic Group", "Leaders and Front-Line Workers", "Sector", "Unit Level"]),
			},
		],
	};
})();
