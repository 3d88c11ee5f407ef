"""The guards of the HTTP load command and the replica mode's config helpers. The measurements
themselves are commands (docs/benchmarks.md), not tests."""

import time

import frappe
import pytest

from vanhoa_congso import benchmark, benchmark_http, benchmark_replica
from vanhoa_congso.benchmark_http import LoadRefused
from vanhoa_congso.benchmark_replica import ReplicaRefused


def leftovers() -> int:
	return frappe.db.count("User", {"name": ("like", f"%@{benchmark.DOMAIN}")}) + frappe.db.count(
		"Emulation Unit", {"name": ("like", "BM-%")}
	)


@pytest.mark.parametrize(
	"url, expected",
	[
		("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
		("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
		("http://localhost:8000/app", "http://localhost:8000"),
		("https://127.0.0.2", "https://127.0.0.2"),
		("http://[::1]:8000", "http://[::1]:8000"),
	],
)
def test_loopback_urls_are_accepted(url, expected):
	assert benchmark_http.check_base_url(url) == expected


@pytest.mark.parametrize(
	"url",
	[
		"http://example.com",
		"http://10.0.0.5:8000",
		"http://192.168.1.10",
		"http://0.0.0.0:8000",
		"http://localhost.example.com",
		"http://127.0.0.1@example.com",  # the host is example.com
		"http://user:secret@127.0.0.1:8000",
		"ftp://127.0.0.1",
		"127.0.0.1:8000",
		"",
	],
)
def test_other_urls_are_refused(url):
	with pytest.raises(LoadRefused):
		benchmark_http.check_base_url(url)


def test_bounds():
	assert benchmark_http.check_bounds([50, 10, 100, 10], 60, 20_000, 4) == [10, 50, 100]
	for users, seconds, requests, workers in (
		([], 60, 100, 4),
		([0], 60, 100, 4),
		([benchmark_http.MAX_USERS + 1], 60, 100, 4),
		([10], 0, 100, 4),
		([10], benchmark_http.MAX_SECONDS + 1, 100, 4),
		([10], 60, 0, 4),
		([10], 60, benchmark_http.MAX_REQUESTS + 1, 4),
		([10], 60, 100, 0),
		([10], 60, 100, benchmark_http.MAX_WORKERS + 1),
	):
		with pytest.raises(LoadRefused):
			benchmark_http.check_bounds(users, seconds, requests, workers)


def test_the_budget_stops_at_its_request_count_and_its_deadline():
	budget = benchmark_http.Budget(3, 60)
	assert [budget.take() for _ in range(5)] == [True, True, True, False, False]
	assert not benchmark_http.Budget(10, 0).take()


def test_a_thinking_user_pauses_between_actions_but_not_past_the_deadline():
	user = benchmark_http.User(
		"http://127.0.0.1:1", benchmark_http.World("s", "p", "u", "f"), None, "officer", {}, 1
	)
	user.budget = benchmark_http.Budget(10, 0.3)
	user.think_time = 10
	started = time.monotonic()
	user.think()
	assert 0.2 <= time.monotonic() - started < 1
	user.budget, user.think_time = benchmark_http.Budget(10, 60), 0.2
	started = time.monotonic()
	user.think()
	assert 0.09 <= time.monotonic() - started < 0.5
	assert benchmark_http.section_key(0) == "http" and benchmark_http.section_key(5) == "http think 5"


def test_every_role_has_someone_and_the_counts_add_up():
	for users in (1, 4, 10, 50, 100, 200):
		counts = benchmark_http.role_counts(users)
		assert min(counts.values()) >= 1
		if users >= 4:
			assert sum(counts.values()) == users
			assert counts["officer"] == max(counts.values())
	assert benchmark_http.role_counts(10) == {"officer": 6, "reviewer": 2, "secretary": 1, "manager": 1}


def test_summary_counts_errors_and_percentiles_per_action():
	samples = [benchmark_http.Sample("open the list", i / 100, True) for i in range(1, 101)]
	samples += [benchmark_http.Sample("approve", 2.0, False), benchmark_http.Sample("approve", 1.0, True)]
	summary = benchmark_http.summarize(samples, elapsed=10)
	assert summary["requests"] == 102 and summary["errors"] == 1
	assert summary["rate"] == pytest.approx(10.2)
	lists = summary["actions"]["open the list"]
	assert (lists["p50"], lists["p95"], lists["p99"]) == (0.5, 0.95, 0.99)
	assert summary["actions"]["approve"] == {"requests": 2, "errors": 1, "p50": 1.0, "p95": 2.0, "p99": 2.0}


def test_the_load_command_refuses_before_writing_anything(monkeypatch, tmp_path):
	output = tmp_path / "benchmarks.md"
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 1)
	with pytest.raises(LoadRefused):
		benchmark_http.run(users=[10], seconds=5, base_url="http://192.0.2.1:8000", output=str(output))
	with pytest.raises(LoadRefused):
		benchmark_http.run(users=[1000], seconds=5, output=str(output))
	with pytest.raises(LoadRefused):
		benchmark_http.run(users=[10], seconds=86_400, output=str(output))
	with pytest.raises(LoadRefused):
		benchmark_http.run(users=[10], seconds=5, think=3600, output=str(output))
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 0)
	with pytest.raises(benchmark.BenchmarkRefused):
		benchmark_http.run(users=[10], seconds=5, output=str(output))
	assert not output.exists()
	assert leftovers() == 0


def test_replica_config_keys():
	assert benchmark_replica.replica_config("127.0.0.1", "3308") == {
		"read_from_replica": 1,
		"replica_host": "127.0.0.1",
		"replica_db_port": 3308,
	}
	for host, port in (("", 3308), ("127.0.0.1", 0), ("127.0.0.1", "x"), ("127.0.0.1", 70000), (None, None)):
		with pytest.raises(ReplicaRefused):
			benchmark_replica.replica_config(host, port)


def test_a_replica_that_is_the_primary_is_refused():
	replica = benchmark_replica.replica_config("localhost", 3307)
	with pytest.raises(ReplicaRefused):
		benchmark_replica.check_not_primary({"db_host": "127.0.0.1", "db_port": 3307}, replica)
	with pytest.raises(ReplicaRefused):
		benchmark_replica.check_not_primary({}, benchmark_replica.replica_config("127.0.0.1", 3306))
	benchmark_replica.check_not_primary({"db_host": "127.0.0.1", "db_port": 3306}, replica)


def test_the_site_config_is_put_back_as_it_was():
	before = {"db_name": "x", "replica_host": "10.0.0.9", "read_from_replica": 0}
	assert benchmark_replica.restored_config(before) == {
		"read_from_replica": 0,
		"replica_host": "10.0.0.9",
		"replica_db_port": None,
	}


def test_the_replica_command_refuses_its_own_primary(monkeypatch, tmp_path):
	output = tmp_path / "benchmarks.md"
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 1)
	own = frappe.local.conf.get("db_port") or 3306
	with pytest.raises(ReplicaRefused):
		benchmark_replica.run(scale=0.01, replica_host="127.0.0.1", replica_port=own, output=str(output))
	assert not output.exists()
	assert leftovers() == 0
	assert not frappe.local.conf.get("read_from_replica")


def test_a_section_is_replaced_and_the_rest_kept(tmp_path):
	path = tmp_path / "benchmarks.md"
	path.write_text("# Benchmarks\n\nWritten by hand.\n", encoding="utf-8")
	benchmark_replica.write_section(str(path), "http", "### HTTP load\n\nfirst\n")
	benchmark_replica.write_section(str(path), "replica scale 1", "### Replica\n")
	benchmark_replica.write_section(str(path), "http", "### HTTP load\n\nsecond\n")
	text = path.read_text(encoding="utf-8")
	assert "Written by hand." in text and "### Replica" in text
	assert "second" in text and "first" not in text
	assert text.count("<!-- http -->") == 1 and text.count("<!-- /http -->") == 1


def test_units_above_are_the_ancestors_in_the_nested_set():
	"""The scope's ancestor lookup (level by level, so a province's manager does not join the whole
	tree with itself) gives exactly the units whose bounds enclose one of the given units."""
	from vanhoa_congso.permissions import scope
	from vanhoa_congso.rules import units
	from vanhoa_congso.testing import make_tree, make_unit

	tree = make_tree()
	other = make_unit(units.DISTRICT, tree.province.name)
	below_other = make_unit(units.GRASSROOTS, other.name)

	def enclosing(names):
		bounds = frappe.get_all(units.UNIT, filters={"name": ("in", names or [""])}, fields=["lft", "rgt"])
		province = frappe.db.get_value(units.UNIT, tree.province.name, ["lft", "rgt"], as_dict=True)
		tree_units = frappe.get_all(
			units.UNIT,
			filters={"lft": (">=", province.lft), "rgt": ("<=", province.rgt)},
			fields=["name", "lft", "rgt"],
		)
		return sorted({u.name for u in tree_units for b in bounds if u.lft < b.lft and u.rgt > b.rgt})

	cases = [
		[tree.grassroots.name],
		[tree.grassroots.name, tree.grassroots_2.name, tree.district.name],
		[tree.district.name, below_other.name],
		[tree.province.name],
		[],
	]
	for names in cases:
		assert scope.units_above(names) == enclosing(names), names
	assert scope.units_above([tree.grassroots.name]) == sorted([tree.district.name, tree.province.name])
	assert scope.units_above([tree.province.name]) == []


def test_units_above_follow_the_tree_at_once():
	"""The ancestors are kept in the cache, under the state of the tree: a unit moved, added or removed
	is seen by the next check, and a rolled-back move leaves the answer as it was."""
	from vanhoa_congso.permissions import scope
	from vanhoa_congso.rules import units
	from vanhoa_congso.testing import make_tree, make_unit

	tree = make_tree()
	other = make_unit(units.DISTRICT, tree.province.name)
	frappe.db.commit()
	try:
		before = sorted([tree.district.name, tree.province.name])
		assert scope.units_above([tree.grassroots.name]) == before
		frappe.db.set_value(units.UNIT, tree.grassroots.name, "parent_emulation_unit", other.name)
		assert scope.units_above([tree.grassroots.name]) == sorted([other.name, tree.province.name])
		frappe.db.rollback()
		assert scope.units_above([tree.grassroots.name]) == before
		added = make_unit(units.GRASSROOTS, other.name)
		assert scope.units_above([added.name]) == sorted([other.name, tree.province.name])
	finally:
		frappe.db.rollback()
		for unit in (other.name, tree.grassroots_2.name, tree.grassroots.name, tree.district.name):
			frappe.delete_doc(units.UNIT, unit, force=True, ignore_permissions=True)
		frappe.delete_doc(units.UNIT, tree.province.name, force=True, ignore_permissions=True)
		frappe.db.commit()
