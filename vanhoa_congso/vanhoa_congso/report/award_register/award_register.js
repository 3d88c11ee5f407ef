frappe.query_reports["Award Register"] = (() => {
	// Select options whose labels show translated while their values stay the server's
	const options = (values) => values.map((value) => ({ value: value, label: value ? __(value) : "" }));
	return {
		// opens on the latest plan under way instead of asking for filters
		onload(report) {
			frappe.xcall("vanhoa_congso.report_utils.latest_plan_and_phase").then((latest) => {
				if (latest.plan && !report.get_filter_value("plan")) {
					report.get_filter("plan").set_value(latest.plan).then(() => report.refresh());
				}
			});
		},

		filters: [
			{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan" },
			{ fieldname: "year", label: __("Year"), fieldtype: "Int" },
			{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
			{ fieldname: "award_form", label: __("Award Form"), fieldtype: "Link", options: "Award Form" },
			{
				fieldname: "subject_type",
				label: __("Subject Type"),
				fieldtype: "Select",
				options: options(["", "Collective", "Individual"]),
			},
			{ fieldname: "sector", label: __("Sector"), fieldtype: "Link", options: "Emulation Sector" },
			{ fieldname: "gender", label: __("Gender"), fieldtype: "Select", options: options(["", "Male", "Female"]) },
			{ fieldname: "ethnic_group", label: __("Ethnic Group"), fieldtype: "Link", options: "Ethnic Group" },
			{
				fieldname: "position",
				label: __("Leaders and Front-Line Workers"),
				fieldtype: "Select",
				options: options(["", "Leaders and Managers", "Front-Line Workers"]),
			},
			{
				fieldname: "include_proposals",
				label: __("With Proposals to Higher Bodies"),
				fieldtype: "Check",
				default: 1,
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
