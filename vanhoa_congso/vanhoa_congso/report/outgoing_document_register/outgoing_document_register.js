// Copyright (c) 2026, vanhoa_congso developers
// For license information, please see license.txt

frappe.query_reports["Outgoing Document Register"] = {
	filters: [
		{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear() },
		{
			fieldname: "document_type",
			label: __("Document Type"),
			fieldtype: "Select",
			options: ["", "Decision", "Plan"],
		},
	],
};
