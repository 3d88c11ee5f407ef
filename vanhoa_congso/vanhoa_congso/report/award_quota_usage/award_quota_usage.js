frappe.query_reports["Award Quota Usage"] = {
	filters: [{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan", reqd: 1 }],
};
