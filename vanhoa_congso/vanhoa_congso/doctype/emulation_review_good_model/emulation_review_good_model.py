# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmulationReviewGoodModel(Document):
	pass
