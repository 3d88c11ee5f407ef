"""A site that installed the ERPNext integration before its fields changed (the decision's Journal Entry
at permission level 1) gets them as a new install would."""

from vanhoa_congso import integrations


def execute():
	integrations.after_install()
