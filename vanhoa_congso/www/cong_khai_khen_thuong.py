import frappe
from frappe import _

from vanhoa_congso.public_notice import published_award, published_awards

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	context.no_breadcrumbs = True
	if name:
		award = published_award(name)
		if not award:
			raise frappe.DoesNotExistError(_("This list is not on public notice."))
		context.award = award
		context.title = _("Public notice: {0}").format(award.decision_title)
	else:
		context.awards = published_awards()
		context.title = _("Public notice of proposed commendations")
	return context
