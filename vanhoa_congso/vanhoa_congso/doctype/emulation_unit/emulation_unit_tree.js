frappe.treeview_settings["Emulation Unit"] = {
	breadcrumb: "Vanhoa Congso",
	title: __("Union Hierarchy"),
	get_tree_root: false,
	// without a root to fetch or a filter to change, frappe's tree view never builds the tree itself;
	// the provinces are the units with no parent
	onload(treeview) {
		treeview.root_value = "";
		treeview.make_tree();
	},
	root_label: __("All Units"),
	// frappe's own children, with the ERPNext Company and Department a unit stands for
	get_tree_nodes: "vanhoa_congso.integrations.unit_tree_children",
	onrender(node) {
		if (!node.data || !node.data.erpnext_company || !node.$tree_link) return;
		const names = [node.data.erpnext_company, node.data.erpnext_department].filter(Boolean);
		$(`<span class="text-muted small ml-2"></span>`)
			.text(`(${names.join(" / ")})`)
			.appendTo(node.$tree_link);
	},
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
