"""A backup with files restores into a new site with every record and every file byte-identical, as
README's "Backup and restore" says to do it."""

import glob
import json

import frappe

from vanhoa_congso.testing import DB_ROOT, bench_run, drop_scratch_site, site_digest

RESTORED = "vhcs-restore.localhost"


def backup_file(folder, suffix: str) -> str:
	"""The one file of the backup whose name ends with `suffix` ("-files.tar" is not "-private-files.tar")."""
	(path,) = [
		path
		for path in glob.glob(f"{folder}/*{suffix}")
		if suffix == "-private-files.tar" or not path.endswith("-private-files.tar")
	]
	return path


def test_a_backup_with_files_restores_into_a_new_site_byte_identical(demo_data, tmp_path):
	frappe.db.commit()
	source = site_digest()
	assert source["tables"]["Emulation Evaluation"]["rows"] and source["tables"]["Emulation Award"]["rows"]
	assert any(url.startswith("/private/files/") for url in source["files"]), "the demo has private files"

	bench_run("--site", frappe.local.site, "backup", "--with-files", "--backup-path", str(tmp_path))
	drop_scratch_site(RESTORED)
	user, password = DB_ROOT
	try:
		# as a federation moving to a new server would: an empty site first, then the backup into it
		bench_run(
			"new-site",
			RESTORED,
			"--admin-password",
			"admin",
			"--db-root-username",
			user,
			"--db-root-password",
			password,
			"--mariadb-user-host-login-scope=%",
		)
		bench_run(
			"--site",
			RESTORED,
			"restore",
			backup_file(tmp_path, "-database.sql.gz"),
			"--with-public-files",
			backup_file(tmp_path, "-files.tar"),
			"--with-private-files",
			backup_file(tmp_path, "-private-files.tar"),
			"--db-root-username",
			user,
			"--db-root-password",
			password,
			"--admin-password",
			"admin",
		)
		output = bench_run("--site", RESTORED, "execute", "vanhoa_congso.testing.site_digest").stdout
		restored = json.loads(output.strip().splitlines()[-1])
	finally:
		drop_scratch_site(RESTORED)
	assert restored["files"] == source["files"]
	assert restored["tables"] == source["tables"]
