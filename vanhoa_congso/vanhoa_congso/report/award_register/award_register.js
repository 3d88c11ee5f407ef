frappe.query_reports["Award Register"] = {
	filters: [
		{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int" },
		{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
		{ fieldname: "award_form", label: __("Award Form"), fieldtype: "Link", options: "Award Form" },
	],
};
