"""The app installs its doctypes, roles and master records, and uninstalling leaves nothing behind."""

import os
import subprocess

import frappe
import pytest

from vanhoa_congso.install import APP_ROLES, BASE_SALARY_RATES
from vanhoa_congso.testing import make_unit, make_user

BENCH = os.path.abspath(os.path.expanduser(os.environ.get("FRAPPE_BENCH", "~/frappe-bench")))
DOCTYPES = (
	"Emulation Unit",
	"Emulation Plan",
	"Emulation Criterion",
	"Emulation Criteria Set",
	"Award Form",
	"Union Member",
	"Emulation Sector",
	"Base Salary Rate",
	"Emulation Evaluation",
	"Emulation Council Session",
)


def app_tables():
	return [table for table in frappe.db.get_tables(cached=False) if table[3:] in DOCTYPES]


def test_installed_with_doctypes_roles_and_masters():
	assert "vanhoa_congso" in frappe.get_installed_apps()
	for doctype in DOCTYPES:
		assert frappe.db.exists("DocType", doctype)
	for role in APP_ROLES:
		assert frappe.db.exists("Role", role)
	assert frappe.db.get_value("Workflow", "Emulation Evaluation Approval", "is_active") == 1
	assert frappe.db.count("Base Salary Rate") >= len(BASE_SALARY_RATES)
	assert frappe.db.get_value("Base Salary Rate", "2024-07-01", "amount") == 2_340_000
	assert frappe.db.exists("Emulation Sector", "Giáo dục")
	assert frappe.get_meta("Emulation Plan").is_submittable
	assert frappe.get_meta("Emulation Unit").is_nested_set()


def bench(*args):
	result = subprocess.run(
		[os.path.join(BENCH, "env", "bin", "python"), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
	return result.stdout


@pytest.mark.uninstall
def test_uninstall_leaves_nothing_behind():
	site = frappe.local.site
	unit = make_unit("Provincial Federation", unit_code="UNINSTALL-P")
	make_user("uninstall.check@vhcs.test", ["Grassroots Union Officer"], "Vhcs-test-2026!", [unit.name])
	unit.add_comment("Comment", "Ghi chú sẽ bị xóa cùng ứng dụng")
	frappe.db.commit()
	try:
		bench("--site", site, "uninstall-app", "vanhoa_congso", "--yes", "--no-backup", "--force")
		frappe.db.rollback()
		frappe.clear_cache()

		assert "vanhoa_congso" not in frappe.get_installed_apps()
		assert app_tables() == []
		assert not frappe.db.exists("Module Def", "Vanhoa Congso")
		assert not frappe.get_all("DocType", filters={"module": "Vanhoa Congso"})
		assert not frappe.get_all("Role", filters={"name": ("in", APP_ROLES)})
		assert not frappe.get_all("Has Role", filters={"role": ("in", APP_ROLES)})
		assert not frappe.get_all("User Permission", filters={"allow": "Emulation Unit"})
		assert not frappe.db.exists("Workflow", "Emulation Evaluation Approval")
		assert not frappe.db.exists("Workflow State", "Forwarded to Council")
		assert not frappe.db.exists("Workflow Action Master", "Forward to Council")
		assert not frappe.db.exists("Comment", {"reference_doctype": ("like", "Emulation%")})
		assert not frappe.db.exists("Notification Log", {"document_type": ("like", "Emulation%")})
	finally:
		frappe.db.rollback()
		if "vanhoa_congso" not in frappe.get_installed_apps():
			bench("--site", site, "install-app", "vanhoa_congso")
		frappe.db.rollback()
		frappe.clear_cache()
		if frappe.db.exists("User", "uninstall.check@vhcs.test"):
			frappe.delete_doc("User", "uninstall.check@vhcs.test", force=True, ignore_permissions=True)
			frappe.db.commit()
	assert "vanhoa_congso" in frappe.get_installed_apps()
	assert len(app_tables()) == len(DOCTYPES)
