"""Every evaluation of a member keeps a copy of the member's gender, ethnic group and position, which
the rankings break it down by."""

from vanhoa_congso.rules import members


def execute():
	members.refresh_evaluation_profiles()
