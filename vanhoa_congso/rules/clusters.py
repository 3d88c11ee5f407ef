"""Emulation clusters and blocks (cụm, khối thi đua): units the plan groups to compete with each other,
led by one of them."""

from __future__ import annotations

import frappe
from frappe import _

from vanhoa_congso.rules import units

CLUSTER = "Emulation Cluster"
MEMBER = "Emulation Cluster Member"


class ClusterError(frappe.ValidationError):
	pass


def fill_members(rows) -> None:
	names = [row.emulation_unit for row in rows if row.emulation_unit]
	details = {
		row.name: row
		for row in frappe.get_all(
			units.UNIT, filters={"name": ("in", names or [""])}, fields=["name", "unit_name", "level"]
		)
	}
	for row in rows:
		unit = details.get(row.emulation_unit)
		row.unit_name = unit.unit_name if unit else None
		row.level = _(unit.level) if unit else None


def validate_members(doc, plan) -> None:
	"""Two or more units of the plan, each once, the leading (and deputy) unit among them."""
	members = [row.emulation_unit for row in doc.members]
	if len(members) < 2:
		frappe.throw(_("A cluster groups at least two units; add its member units."), ClusterError)
	seen: set[str] = set()
	in_plan = set(units.current_descendants(plan.issuing_unit))
	for row in doc.members:
		if row.emulation_unit in seen:
			frappe.throw(_("Row {0}: {1} is listed twice.").format(row.idx, row.emulation_unit), ClusterError)
		seen.add(row.emulation_unit)
		if row.emulation_unit not in in_plan:
			frappe.throw(
				_("Row {0}: {1} is not under {2}, which issued plan {3}.").format(
					row.idx, row.emulation_unit, plan.issuing_unit, plan.name
				),
				ClusterError,
			)
	for label, unit in ((_("leading unit"), doc.leading_unit), (_("deputy leading unit"), doc.deputy_unit)):
		if unit and unit not in seen:
			frappe.throw(
				_("The {0} {1} must be one of the cluster's member units.").format(label, unit), ClusterError
			)
	if doc.deputy_unit and doc.deputy_unit == doc.leading_unit:
		frappe.throw(_("The deputy leading unit must be another unit than the leading unit."), ClusterError)


def validate_one_cluster_per_kind(doc) -> None:
	"""A unit competes in one cluster and one block of a plan at most."""
	cluster = frappe.qb.DocType(CLUSTER)
	member = frappe.qb.DocType(MEMBER)
	rows = (
		frappe.qb.from_(member)
		.join(cluster)
		.on((cluster.name == member.parent) & (member.parenttype == CLUSTER))
		.select(member.emulation_unit, cluster.name, cluster.cluster_name)
		.where(
			(cluster.plan == doc.plan)
			& (cluster.cluster_kind == doc.cluster_kind)
			& (cluster.name != (doc.name or ""))
			& member.emulation_unit.isin([row.emulation_unit for row in doc.members] or [""])
		)
		.limit(1)
		.run(as_dict=True)
	)
	if rows:
		frappe.throw(
			_("{0} already belongs to {1} ({2}) of this plan; a unit is in one {3} only.").format(
				rows[0].emulation_unit, rows[0].cluster_name, rows[0].name, _(doc.cluster_kind).lower()
			),
			ClusterError,
		)


def validate_editor(plan) -> None:
	"""Clusters are named by the plan, so only the people of the plan's issuing unit set them."""
	if not units.acts_for(plan.issuing_unit):
		frappe.throw(
			_("The clusters of plan {0} are set by {1}.").format(plan.name, plan.issuing_unit), ClusterError
		)


def member_units(cluster: str) -> list[str]:
	return frappe.get_all(
		MEMBER, filters={"parent": cluster, "parenttype": CLUSTER}, pluck="emulation_unit", order_by="idx"
	)
