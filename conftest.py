"""pytest against a real Frappe site.

Set VHCS_TEST_SITE to the site to test (it must have vanhoa_congso installed) and FRAPPE_BENCH to the
bench (default ~/frappe-bench). Each test runs as Administrator inside a transaction that is rolled
back afterwards, so tests do not see each other's data.
"""

import os

import pytest

BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))
SITE = os.environ.get("VHCS_TEST_SITE")


def pytest_configure(config):
	config.addinivalue_line("markers", "uninstall: removes and reinstalls the app; runs last")
	if not SITE:
		raise pytest.UsageError(
			"Set VHCS_TEST_SITE to a site of the bench at FRAPPE_BENCH that has vanhoa_congso installed."
		)
	import frappe

	sites_path = os.path.join(BENCH, "sites")
	# frappe writes its logs relative to the sites folder
	os.chdir(sites_path)
	frappe.init(site=SITE, sites_path=sites_path)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")


def pytest_collection_modifyitems(config, items):
	items.sort(key=lambda item: item.get_closest_marker("uninstall") is not None)


def pytest_unconfigure(config):
	import frappe

	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
		frappe.destroy()


@pytest.fixture(autouse=True)
def _rollback():
	import frappe

	frappe.set_user("Administrator")
	# Tests match messages by their English source; the demo makes Vietnamese the site's language.
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.message_log = []


@pytest.fixture(scope="session")
def web_server():
	"""The site served by frappe's own web server on a free local port, for REST tests as real users."""
	from vanhoa_congso.testing import serving

	python = os.path.join(BENCH, "env", "bin", "python")

	def command(port: int) -> list[str]:
		return [python, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, "serve"] + [
			"--port",
			str(port),
			"--noreload",
		]

	with serving(command, "vhcs-test-web.log", BENCH) as base_url:
		yield base_url


@pytest.fixture(scope="session")
def demo_data():
	"""The demo, loaded once and committed: loading it takes seconds, and tests only read it or change
	it inside their own rolled-back transaction. The uninstall test, which runs last, removes it."""
	import frappe

	from vanhoa_congso import demo

	frappe.set_user("Administrator")
	demo.load()
	frappe.db.commit()
