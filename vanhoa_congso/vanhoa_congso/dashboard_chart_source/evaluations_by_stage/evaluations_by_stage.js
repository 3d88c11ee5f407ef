frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Evaluations by Stage"] = {
	method: "vanhoa_congso.vanhoa_congso.dashboard_chart_source.evaluations_by_stage.evaluations_by_stage.get",
	filters: [{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan" }],
};
