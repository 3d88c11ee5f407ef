frappe.treeview_settings["Emulation Unit"] = {
	breadcrumb: "Vanhoa Congso",
	title: __("Union Hierarchy"),
	get_tree_root: false,
	root_label: __("All Units"),
	get_tree_nodes: "frappe.desk.treeview.get_children",
	filters: [],
	fields: [
		{ fieldtype: "Data", fieldname: "unit_name", label: __("Unit Name"), reqd: true },
		{ fieldtype: "Data", fieldname: "unit_code", label: __("Unit Code"), reqd: true },
		{
			fieldtype: "Select",
			fieldname: "level",
			label: __("Unit Level"),
			reqd: true,
			options: [
				"District Federation",
				"District-Equivalent Union",
				"Commune Union",
				"Grassroots Union",
			],
		},
	],
	ignore_fields: ["parent_emulation_unit"],
};
