frappe.query_reports["Emulation Registration Status"] = (() => {
	// Select options whose labels show translated while their values stay the server's
	const options = (values) => values.map((value) => ({ value: value, label: value ? __(value) : "" }));
	return {
		filters: [
			{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan", reqd: 1 },
			{ fieldname: "unit", label: __("Unit (with the units below it)"), fieldtype: "Link", options: "Emulation Unit" },
			{
				fieldname: "level",
				label: __("Unit Level"),
				fieldtype: "Select",
				options: options(["", "District Federation", "District-Equivalent Union", "Commune Union", "Grassroots Union"]),
			},
			{
				fieldname: "cluster",
				label: __("Cluster or Block"),
				fieldtype: "Link",
				options: "Emulation Cluster",
				get_query: () => ({ filters: { plan: frappe.query_report.get_filter_value("plan") } }),
			},
			{
				fieldname: "registration",
				label: __("Registration for the Campaign"),
				fieldtype: "Select",
				options: options(["", "Registered", "Not Registered"]),
			},
			{ fieldname: "as_on", label: __("Units as On"), fieldtype: "Date", default: frappe.datetime.get_today() },
		],
		formatter(value, row, column, data, default_formatter) {
			value = default_formatter(value, row, column, data);
			if (column.fieldname !== "status" || !data) return value;
			const colours = { Acknowledged: "green", Sent: "blue", Returned: "orange", Draft: "grey" };
			const colour = colours[data.status_key] || "red";
			return `<span style="color: var(--${colour}-600)">${value}</span>`;
		},
	};
})();
