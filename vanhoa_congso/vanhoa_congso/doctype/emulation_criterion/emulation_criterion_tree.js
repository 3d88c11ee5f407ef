frappe.treeview_settings["Emulation Criterion"] = {
	breadcrumb: "Vanhoa Congso",
	title: __("Emulation Criteria"),
	get_tree_root: false,
	root_label: __("All Criteria"),
	get_tree_nodes: "frappe.desk.treeview.get_children",
	filters: [
		{
			fieldname: "criteria_set",
			fieldtype: "Link",
			options: "Emulation Criteria Set",
			label: __("Criteria Set"),
		},
	],
};
