"""Reads on a MariaDB replica: the Scoreboard, the reports and the app's read-only endpoints, measured on
the primary and on a replica, idle and while an Excel import writes on the primary.

    scripts/replica.sh start                               # primary on 3307, replica on 3308
    bench new-site SITE --db-host 127.0.0.1 --db-port 3307 ...  # the site lives on that primary
    bench --site SITE set-config allow_tests true
    bench --site SITE execute vanhoa_congso.benchmark_replica.run --kwargs "{'scale': 1, 'replica_port': 3308}"

Frappe routes reads by code, not by request: a function under `@frappe.read_only()` (every script
report through `frappe.desk.query_report.run`, the list view's `frappe.desk.reportview.get` and
`get_count`, and the app's own read-only endpoints) opens a connection to `replica_host` /
`replica_db_port` with the site's own credentials when the site config sets `read_from_replica`, and
goes back to the primary afterwards; everything else stays on the primary. The command writes those
three keys into the site config for the run and restores the config afterwards.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import frappe
from frappe import _

REPLICA_KEYS = ("read_from_replica", "replica_host", "replica_db_port")


class ReplicaRefused(frappe.ValidationError):
	pass


# --- the site config (pure)


def replica_config(host: str, port: int | str) -> dict:
	"""The site config keys that send Frappe's read-only calls to the replica at host:port."""
	host = (host or "").strip()
	try:
		port = int(port)
	except (TypeError, ValueError):
		port = 0
	if not host or not 0 < port < 65536:
		frappe.throw(_("Give the replica's host and port, such as 127.0.0.1 and 3308."), ReplicaRefused)
	return {"read_from_replica": 1, "replica_host": host, "replica_db_port": port}


def check_not_primary(conf: dict, replica: dict) -> None:
	"""A replica that is the site's own database server would measure nothing and hide the mistake."""
	primary = (
		(conf.get("db_host") or "127.0.0.1").replace("localhost", "127.0.0.1"),
		int(conf.get("db_port") or 3306),
	)
	target = (replica["replica_host"].replace("localhost", "127.0.0.1"), int(replica["replica_db_port"]))
	if primary == target:
		frappe.throw(
			_(
				"The replica {0}:{1} is the site's own database server; start a replica (scripts/replica.sh start) and give its port."
			).format(*target),
			ReplicaRefused,
		)


def restored_config(before: dict, keys=REPLICA_KEYS) -> dict:
	"""What to write back for `keys`: the values they had, or None to remove them."""
	return {key: before.get(key) for key in keys}


# --- the results file


def write_section(path: str, key: str, table: str) -> None:
	"""Replace the section marked `key` in the results file, or add it at the end."""
	start, end = f"<!-- {key} -->", f"<!-- /{key} -->"
	text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
	section = f"{start}\n{table}{end}"
	if start in text and end in text:
		before, _sep, rest = text.partition(start)
		_old, _sep, after = rest.partition(end)
		text = before + section + after
	else:
		text = text.rstrip("\n") + "\n\n" + section + "\n"
	with open(path, "w", encoding="utf-8") as f:
		f.write(text)


# --- reading on the replica


def set_site_config(values: dict) -> None:
	from frappe.installer import update_site_config

	for key, value in values.items():
		update_site_config(key, "None" if value is None else value)
		if value is None:
			frappe.local.conf.pop(key, None)
		else:
			frappe.local.conf[key] = value


def route(replica: dict | None) -> None:
	"""Send the next read-only calls to the replica (or keep them on the primary), as a new request would.
	Frappe keeps the replica connection on frappe.local until the request ends, and after the first
	read-only call of a request the rest of it reads from the primary; the measured calls are each a
	request of their own."""
	for key in REPLICA_KEYS:
		if replica:
			frappe.local.conf[key] = replica[key]
		else:
			frappe.local.conf.pop(key, None)
	for attribute in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attribute):
			delattr(frappe.local, attribute)


def server_of_reads(replica: dict) -> int:
	"""The server id that answers a read-only call: the replica's when the routing works."""
	route(replica)
	return int(frappe.read_only()(lambda: frappe.db.sql("select @@server_id")[0][0])())


def wait_for_replica(replica: dict, timeout: float = 600) -> float:
	"""Seconds until the replica has applied everything the primary has committed so far."""
	route(None)
	position = frappe.db.sql("select @@gtid_binlog_pos")[0][0]
	started = time.perf_counter()

	def wait():
		return frappe.db.sql("select master_gtid_wait(%s, %s)", (position, timeout))[0][0]

	route(replica)
	if frappe.read_only()(wait)() != 0:
		raise RuntimeError(f"the replica did not reach the primary's position {position} in {timeout:g} s")
	return time.perf_counter() - started


def reads(world) -> list[tuple[str, str, Callable[[], object]]]:
	"""(label, user, call) of what is read on the replica: reports through the desk's endpoint, the list
	view, the workspace's number cards."""
	from frappe.desk import reportview

	from vanhoa_congso import benchmark, dashboard
	from vanhoa_congso.permissions.endpoints import run_report

	def report(name: str, **filters):
		return lambda: run_report(name, filters=json.dumps(filters), ignore_prepared_report=True)

	scoreboard = {"plan": world.plan, "phase": benchmark.PHASE, "phase_year": benchmark.YEAR}

	def open_list():
		frappe.local.form_dict = frappe._dict(
			doctype=benchmark.EVALUATION,
			fields=json.dumps(benchmark.LIST_FIELDS),
			filters="[]",
			order_by="`tabEmulation Evaluation`.`modified` desc",
			start=0,
			page_length=20,
			with_comment_count=1,
		)
		reportview.get()
		frappe.local.form_dict = frappe._dict(doctype=benchmark.EVALUATION, filters="[]", distinct="false")
		return reportview.get_count()

	return [
		(
			"Scoreboard, province, collective",
			world.manager,
			report("Emulation Scoreboard", **scoreboard, subject_type="Collective", unit=world.province),
		),
		(
			"Scoreboard, province, individual",
			world.manager,
			report("Emulation Scoreboard", **scoreboard, subject_type="Individual", unit=world.province),
		),
		(
			"Scoreboard, one district, individual",
			world.reviewer,
			report("Emulation Scoreboard", **scoreboard, subject_type="Individual", unit=world.districts[0]),
		),
		("Award quota usage", world.manager, report("Award Quota Usage", plan=world.plan)),
		("Award register, 2024", world.manager, report("Award Register", plan=world.plan, year=2024)),
		("Reporting compliance", world.manager, report("Reporting Compliance", plan=world.plan)),
		("Reviewer's evaluation list, page + count", world.reviewer, open_list),
		("Card: my pending reviews", world.reviewer, dashboard.my_pending_reviews),
		("Card: quota left", world.manager, dashboard.quota_left),
	]


def timed_as(user: str, call: Callable[[], object], replica: dict | None) -> float:
	from vanhoa_congso import benchmark

	benchmark.as_user(user)
	route(replica)
	try:
		return benchmark.timed(call)
	finally:
		frappe.set_user("Administrator")


def round_of(chosen, replica: dict | None) -> dict[str, float]:
	"""One run of every read, on the replica if `replica` is given, else on the primary."""
	return {label: timed_as(user, call, replica) for label, user, call in chosen}


# --- the import that writes meanwhile (its own process)


def import_writer(year: int) -> None:
	"""The benchmark's Excel import of every collective's first half-year, as the province's importer.
	Run in a second process so that it writes on the primary while this one reads."""
	from vanhoa_congso import benchmark
	from vanhoa_congso.assessment_import import SHEETS, run_import, template
	from vanhoa_congso.rules import evaluations

	plan = frappe.db.get_value("Emulation Plan", {"plan_number": benchmark.PLAN_NUMBER})
	benchmark.as_user(f"canbo-nhap-excel@{benchmark.DOMAIN}")
	workbook = template(plan)
	for line in workbook[SHEETS["Collective"]].iter_rows(min_row=3):
		for cell in line[2:]:
			cell.value = "Đạt"
	content = io.BytesIO()
	workbook.save(content)
	started = time.perf_counter()
	result = run_import(plan, evaluations.FIRST_HALF, int(year), content.getvalue())
	frappe.db.commit()
	seconds = time.perf_counter() - started
	if result.get("errors"):
		raise RuntimeError(str(result["errors"])[:1000])
	print(json.dumps({"imported": result["imported"], "seconds": seconds, "committed_at": time.time()}))


def start_import(year: int) -> subprocess.Popen:
	return subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"execute",
			"vanhoa_congso.benchmark_replica.import_writer",
			"--kwargs",
			json.dumps({"year": year}),
		],
		cwd=os.path.abspath(frappe.local.sites_path),
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		text=True,
	)


# --- the command


def run(
	scale: float = 1,
	replica_host: str = "127.0.0.1",
	replica_port: int = 3308,
	rounds: int = 3,
	keep: bool = False,
	output: str | None = None,
) -> None:
	from vanhoa_congso import benchmark

	if not frappe.conf.allow_tests:
		frappe.throw(
			_(
				"The benchmark writes tens of thousands of records; run it on a scratch site with allow_tests set (bench --site SITE set-config allow_tests true)."
			),
			benchmark.BenchmarkRefused,
		)
	replica = replica_config(replica_host, replica_port)
	check_not_primary(frappe.local.conf, replica)
	before = restored_config(frappe.get_site_config())
	started = time.monotonic()
	frappe.set_user("Administrator")
	benchmark.remove_data()
	try:
		world = benchmark.build_province(float(scale))
		benchmark.bulk_evaluations(world, benchmark.subjects(world), benchmark.PHASE, benchmark.YEAR)
		benchmark.build_awards(world)
		frappe.db.commit()
		set_site_config(replica)
		primary_id = int(frappe.db.sql("select @@server_id")[0][0])
		replica_id = server_of_reads(replica)
		if replica_id == primary_id:
			raise RuntimeError("read-only calls were answered by the primary; the replica routing is off")
		catch_up_build = wait_for_replica(replica)
		chosen = reads(world)
		round_of(chosen, replica)  # warms both servers' caches before anything is kept
		round_of(chosen, None)
		idle_primary = [round_of(chosen, None) for _ in range(rounds)]
		idle_replica = [round_of(chosen, replica) for _ in range(rounds)]
		writer = start_import(benchmark.YEAR)
		busy_primary, busy_replica = [], []
		while writer.poll() is None:
			busy_replica.append(round_of(chosen, replica))
			if writer.poll() is None:
				busy_primary.append(round_of(chosen, None))
		out, err = writer.communicate()
		if writer.returncode != 0:
			raise RuntimeError(f"the import failed: {err[-2000:]}")
		imported = json.loads(out.strip().splitlines()[-1])
		catch_up_import = time.time() - imported["committed_at"] + wait_for_replica(replica)
	finally:
		route(None)
		set_site_config(before)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		if not keep:
			benchmark.remove_data()
	table = render(
		float(scale),
		chosen,
		idle_primary,
		idle_replica,
		busy_primary,
		busy_replica,
		imported,
		catch_up_build,
		catch_up_import,
		(primary_id, replica_id),
		time.monotonic() - started,
	)
	print(table)
	write_section(output or benchmark.results_path(), f"replica scale {float(scale):g}", table)


def ms(values: list[float]) -> str:
	return f"{statistics.median(values) * 1000:,.1f} ms" if values else "—"


def render(
	scale,
	chosen,
	idle_primary,
	idle_replica,
	busy_primary,
	busy_replica,
	imported,
	catch_up_build,
	catch_up_import,
	servers,
	elapsed,
) -> str:
	from vanhoa_congso import benchmark

	districts, grassroots, members = benchmark.counts(scale)
	rate = imported["imported"] / imported["seconds"]
	lines = [
		f"### Reads on a replica, scale {scale:g}",
		"",
		f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {benchmark.machine()}.",
		f"Province: {districts} district-level unions, {grassroots} grassroots unions, {members:,} members; "
		f"primary (server id {servers[0]}) and replica (server id {servers[1]}) on the same machine, "
		"each with MariaDB's default 128 MiB buffer pool; whole run "
		f"{elapsed:.0f} s. During the import ({imported['imported']} collectives in "
		f"{imported['seconds']:.1f} s, {rate:.1f} subjects a second, one transaction) every read ran "
		f"{len(busy_replica)} times on the replica and {len(busy_primary)} times on the primary, in turn. "
		f"The replica took {catch_up_build:.1f} s to catch up with the built province and "
		f"{catch_up_import:.1f} s after the import's commit to show it.",
		"",
		"| read (median) | primary, idle | replica, idle | replica, import running | primary, import running |",
		"|---|---:|---:|---:|---:|",
	]
	for label, _user, _call in chosen:
		lines.append(
			f"| {label} | {ms([r[label] for r in idle_primary])} | {ms([r[label] for r in idle_replica])} | "
			f"{ms([r[label] for r in busy_replica])} | {ms([r[label] for r in busy_primary])} |"
		)
	return "\n".join(lines) + "\n"
