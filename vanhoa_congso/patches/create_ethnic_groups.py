"""Sites installed before Union Member had an ethnic group get Vietnam's 54 ethnic groups."""

from vanhoa_congso.install import create_ethnic_groups


def execute():
	create_ethnic_groups()
