# Copyright (c) 2026, vanhoa_congso developers
# For license information, please see license.txt

from vanhoa_congso.controllers.app_document import AppDocument


class EmulationQuotaCounter(AppDocument):
	# Written only by rules.quotas, with locking SQL, inside the transaction that issues, revokes or
	# cancels a decision; the form shows the counts and every field is server-owned.
	pass
