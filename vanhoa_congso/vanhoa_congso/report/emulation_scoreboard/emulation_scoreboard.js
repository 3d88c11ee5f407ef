frappe.query_reports["Emulation Scoreboard"] = {
	filters: [
		{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan", reqd: 1 },
		{
			fieldname: "phase",
			label: __("Phase"),
			fieldtype: "Select",
			options: ["", "First Half-Year", "Full Year", "Mid-term Review", "Final Review"],
		},
		{ fieldname: "phase_year", label: __("Year"), fieldtype: "Int" },
		{ fieldname: "subject_type", label: __("Subject Type"), fieldtype: "Select", options: ["Collective", "Individual"], default: "Collective" },
		{
			fieldname: "level",
			label: __("Unit Level"),
			fieldtype: "Select",
			options: ["", "District Federation", "District-Equivalent Union", "Commune Union", "Grassroots Union"],
		},
		{ fieldname: "sector", label: __("Sector"), fieldtype: "Link", options: "Emulation Sector" },
		{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
	],
};
