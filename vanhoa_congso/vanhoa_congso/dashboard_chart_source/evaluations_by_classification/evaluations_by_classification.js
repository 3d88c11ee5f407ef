frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Evaluations by Classification"] = {
	method: "vanhoa_congso.vanhoa_congso.dashboard_chart_source.evaluations_by_classification.evaluations_by_classification.get",
	filters: [{ fieldname: "plan", label: __("Emulation Plan"), fieldtype: "Link", options: "Emulation Plan" }],
};
