"""Load over HTTP: many logged-in users doing a campaign's daily work against a multi-worker server.

    bench --site SITE set-config allow_tests true      # a scratch site: the command refuses others
    bench --site SITE execute vanhoa_congso.benchmark_http.run --kwargs "{'users': [10, 50, 100]}"

The command builds the benchmark's province (vanhoa_congso.benchmark, at `scale`), with every
evaluation of the full year already written, and creates demo-like users under its units: officers
of grassroots unions, district reviewers, council secretaries and provincial managers, each restricted
to their unit as the demo's users are. It starts gunicorn from the bench's sites folder with `workers`
sync workers, as production runs Frappe, unless `base_url` names a server already running, logs the
users in, then for each number of concurrent users runs a closed loop (each user sends its next
request when the last one has answered, with no think time) for `seconds` or `max_requests`, whichever
comes first:

- officer: open the evaluation list (page + count), open a form, self-assess a member and send it up
  (upload the achievement report, create the evaluation with it, save the assessed criteria, Send
  for Review);
- reviewer: the list, a form, Forward to Council of what the district's officers sent;
- council secretary: the list, a form, record the council's vote and Approve what was forwarded;
- manager: the province's Scoreboard (collectives and individuals in turn), the list, and a decision
  of 20 individuals issued under the plan's quotas (create and submit).

Only loopback addresses are accepted, and every figure is bounded (users, seconds, requests), so the
command cannot be turned on someone else's server. Requests per second, p50/p95/p99 and errors are
printed per level and per action and written to docs/benchmarks.md.
"""

from __future__ import annotations

import collections
import datetime
import ipaddress
import json
import math
import os
import random
import socket
import subprocess
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import frappe
from frappe import _

MAX_USERS = 200
MAX_SECONDS = 600
MAX_REQUESTS = 100_000
MAX_WORKERS = 32
PASSWORD = "Vhcs-http-load-2026!"
ROLES = ("officer", "reviewer", "secretary", "manager")
ROLE_NAMES = {
	"officer": "Grassroots Union Officer",
	"reviewer": "Upper-Level Reviewer",
	"secretary": "Emulation Council Secretary",
	"manager": "Emulation Manager",
}
# What each kind of user does, and how often (weights); an action with nothing to do falls back to
# opening the list, as a user with an empty queue would.
MIX = {
	"officer": (("list", 4), ("form", 3), ("assess_and_send", 3)),
	"reviewer": (("list", 3), ("form", 2), ("forward", 5)),
	"secretary": (("list", 3), ("form", 2), ("approve", 5)),
	"manager": (("scoreboard", 4), ("list", 3), ("decision", 3)),
}
EVALUATION = "Emulation Evaluation"
LIST_FIELDS = json.dumps(
	[
		f"`tab{EVALUATION}`.`{name}`"
		for name in ("name", "owner", "modified", "docstatus", "subject_name", "workflow_state", "phase_year")
	]
)
SECTION = "http"
MAX_THINK = 60


class LoadRefused(frappe.ValidationError):
	pass


# --- guards (pure)


def check_base_url(base_url: str) -> str:
	"""The URL without its trailing slash, if it points at this machine; refused otherwise."""
	parts = urlsplit(base_url or "")
	host = parts.hostname or ""
	loopback = host == "localhost"
	try:
		loopback = loopback or ipaddress.ip_address(host).is_loopback
	except ValueError:
		pass
	if parts.scheme not in ("http", "https") or not loopback or parts.username or parts.password:
		frappe.throw(
			_(
				"The load test only runs against this machine: give a base URL such as http://127.0.0.1:8000 (not {0})."
			).format(base_url),
			LoadRefused,
		)
	return f"{parts.scheme}://{parts.netloc}"


def check_bounds(users: Iterable[int], seconds: float, max_requests: int, workers: int) -> list[int]:
	"""The levels of concurrent users, ascending, once the run is known to be bounded."""
	levels = sorted({int(n) for n in users})
	if not levels or levels[0] < 1 or levels[-1] > MAX_USERS:
		frappe.throw(_("Give between 1 and {0} concurrent users per level.").format(MAX_USERS), LoadRefused)
	if not 1 <= float(seconds) <= MAX_SECONDS:
		frappe.throw(_("Give each level between 1 and {0} seconds.").format(MAX_SECONDS), LoadRefused)
	if not 0 < int(max_requests) <= MAX_REQUESTS:
		frappe.throw(_("Give each level at most {0} requests.").format(MAX_REQUESTS), LoadRefused)
	if not 0 < int(workers) <= MAX_WORKERS:
		frappe.throw(_("Give the server between 1 and {0} workers.").format(MAX_WORKERS), LoadRefused)
	return levels


def role_counts(users: int) -> dict[str, int]:
	"""How many of `users` are officers, reviewers, secretaries and managers: mostly officers, as in a
	province, and at least one of each so every step of the chain has someone to do it."""
	counts = {
		"reviewer": max(1, round(users * 0.15)),
		"secretary": max(1, round(users * 0.05)),
		"manager": max(1, round(users * 0.10)),
	}
	counts["officer"] = max(1, users - sum(counts.values()))
	return {role: counts[role] for role in ROLES}


def percentile(values: list[float], share: float) -> float:
	if not values:
		return 0.0
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass
class Sample:
	action: str
	seconds: float
	ok: bool


def summarize(samples: list[Sample], elapsed: float) -> dict:
	"""Requests, rate, percentiles and errors of one level, overall and per action."""

	def figures(chosen: list[Sample]) -> dict:
		times = [s.seconds for s in chosen]
		return {
			"requests": len(chosen),
			"errors": sum(1 for s in chosen if not s.ok),
			"p50": percentile(times, 0.50),
			"p95": percentile(times, 0.95),
			"p99": percentile(times, 0.99),
		}

	by_action: dict[str, list[Sample]] = collections.defaultdict(list)
	for sample in samples:
		by_action[sample.action].append(sample)
	result = figures(samples)
	result["rate"] = len(samples) / elapsed if elapsed > 0 else 0.0
	result["elapsed"] = elapsed
	result["actions"] = {action: figures(chosen) for action, chosen in sorted(by_action.items())}
	return result


class Budget:
	"""How many requests a level may still send, and until when; shared by its users' threads."""

	def __init__(self, max_requests: int, seconds: float):
		self.left = int(max_requests)
		self.deadline = time.monotonic() + float(seconds)
		self.lock = threading.Lock()

	def take(self) -> bool:
		with self.lock:
			if self.left <= 0 or time.monotonic() >= self.deadline:
				return False
			self.left -= 1
			return True


# --- the province and its users (on the site)


@dataclass
class World:
	site: str
	plan: str
	province: str
	award_form: str
	users: dict[str, list[dict]] = field(default_factory=dict)  # role -> [{email, unit, district}]
	members_by_unit: dict[str, list[str]] = field(default_factory=dict)  # members without an evaluation
	decision_members: list[str] = field(default_factory=list)  # members without an award this year
	phase: str = ""
	year: int = 0


def prepare(scale: float, max_users: int) -> World:
	"""The benchmark's province with its evaluations and issued awards, and the users who load it."""
	from vanhoa_congso import benchmark
	from vanhoa_congso.testing import make_user

	benchmark.remove_data()
	province = benchmark.build_province(scale)
	evaluated = benchmark.subjects(province)
	benchmark.bulk_evaluations(province, evaluated, benchmark.PHASE, benchmark.YEAR)
	awarded = benchmark.build_awards(province)
	counts = role_counts(max_users)
	reviewers = counts["reviewer"]
	world = World(
		site=frappe.local.site,
		plan=province.plan,
		province=province.province,
		award_form=benchmark.AWARD_FORM,
		phase=benchmark.PHASE,
		year=benchmark.YEAR,
	)
	done = {subject for _kind, subject in evaluated}
	for member, unit in province.members:
		if member not in done:
			world.members_by_unit.setdefault(unit, []).append(member)
	districts = [province.districts[i % len(province.districts)] for i in range(reviewers)]
	# the province's thousands of users were written in bulk a moment ago, past Frappe's limit of new
	# users a minute, which is there for sign-ups
	frappe.local.conf.throttle_user_limit = 10**9
	for role, count in counts.items():
		world.users[role] = []
		for index in range(count):
			if role == "officer":
				district = districts[index % reviewers]
				# an officer whose members all have an evaluation already would have nothing to assess
				units = [u for u in province.grassroots[district] if world.members_by_unit.get(u)]
				unit = units[(index // reviewers) % len(units)]
			elif role == "reviewer":
				district = unit = districts[index]
			else:
				district, unit = None, province.province
			email = f"http-{role}-{index + 1:03d}@{benchmark.DOMAIN}"
			make_user(email, [ROLE_NAMES[role]], PASSWORD, [unit])
			world.users[role].append({"email": email, "unit": unit, "district": district})
	world.decision_members = [member for member, _unit in province.members[awarded:]]
	frappe.db.commit()
	return world


# --- the server


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def start_gunicorn(workers: int, port: int, log_path: str) -> subprocess.Popen:
	"""gunicorn serving the bench's sites on loopback, as `bench setup production` runs it."""
	bench = os.path.dirname(os.path.abspath(frappe.local.sites_path))
	log = open(log_path, "w")
	return subprocess.Popen(
		[
			os.path.join(bench, "env", "bin", "gunicorn"),
			"--workers",
			str(workers),
			"--bind",
			f"127.0.0.1:{port}",
			"--timeout",
			"120",
			"--preload",
			"frappe.app:application",
		],
		cwd=os.path.abspath(frappe.local.sites_path),
		stdout=log,
		stderr=subprocess.STDOUT,
	)


def wait_until_up(base_url: str, site: str, seconds: float = 90) -> None:
	import requests

	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		try:
			response = requests.get(
				f"{base_url}/api/method/ping", headers={"X-Frappe-Site-Name": site}, timeout=5
			)
			if response.status_code == 200:
				return
		except requests.RequestException:
			pass
		time.sleep(0.5)
	raise RuntimeError(f"the server at {base_url} did not answer within {seconds:g} s")


# --- the users (threads, plain HTTP)


class Shared:
	"""What users hand each other: evaluations sent up, forwarded, members still to be awarded."""

	def __init__(self, world: World):
		self.lock = threading.Lock()
		self.sent: dict[str, collections.deque] = collections.defaultdict(collections.deque)
		self.forwarded: collections.deque = collections.deque()
		self.members_by_unit = {unit: collections.deque(m) for unit, m in world.members_by_unit.items()}
		self.decision_members = collections.deque(world.decision_members)
		self.decisions = 0
		self.council_session: str | None = None

	def pop(self, queue: collections.deque, count: int = 1) -> list:
		with self.lock:
			if len(queue) < count:
				return []
			return [queue.popleft() for _ in range(count)]

	def push(self, queue: collections.deque, value) -> None:
		with self.lock:
			queue.append(value)

	def next_decision(self) -> int:
		with self.lock:
			self.decisions += 1
			return self.decisions


class User:
	def __init__(self, base_url: str, world: World, shared: Shared, role: str, profile: dict, seed: int):
		import requests

		self.base_url, self.world, self.shared, self.role = base_url, world, shared, role
		self.profile = profile
		self.random = random.Random(seed)
		self.session = requests.Session()
		self.session.headers["X-Frappe-Site-Name"] = world.site
		self.known: list[str] = []
		self.samples: list[Sample] = []
		self.budget: Budget | None = None
		self.failures: list[str] = []
		self.think_time = 0.0

	def login(self) -> None:
		response = self.session.post(
			f"{self.base_url}/api/method/login",
			data={"usr": self.profile["email"], "pwd": PASSWORD},
			timeout=120,
		)
		if response.status_code != 200:
			raise RuntimeError(f"login of {self.profile['email']} failed: {response.text[:300]}")

	class Stop(Exception):
		pass

	def call(self, action: str, method: str, path: str, **kwargs):
		"""One timed request; stops the user when the level's budget is spent."""
		if not self.budget.take():
			raise User.Stop
		started = time.perf_counter()
		ok, response = False, None
		try:
			response = self.session.request(method, f"{self.base_url}{path}", timeout=120, **kwargs)
			ok = response.status_code == 200
		except Exception as error:  # a refused or dropped connection is an error of the run, not a crash
			self.failures.append(f"{action}: {error}")
		self.samples.append(Sample(action, time.perf_counter() - started, ok))
		if response is not None and not ok and len(self.failures) < 5:
			self.failures.append(f"{action}: {response.status_code} {response.text[:300]}")
		return response if ok else None

	def message(self, response):
		if response is None:
			return None
		body = response.json()
		return body.get("data", body.get("message"))

	def run(self, budget: Budget) -> None:
		self.budget = budget
		actions, weights = zip(*MIX[self.role], strict=True)
		try:
			while True:
				action = self.random.choices(actions, weights)[0]
				if not getattr(self, action)():
					self.list()
				self.think()
		except User.Stop:
			pass

	def think(self) -> None:
		"""A person reads what came back before the next action: 0.5 to 1.5 times the think time."""
		if self.think_time and self.budget:
			pause = self.random.uniform(0.5, 1.5) * self.think_time
			time.sleep(max(0.0, min(pause, self.budget.deadline - time.monotonic())))

	# the actions; each returns False when it had nothing to do

	def list(self) -> bool:
		page = self.message(
			self.call(
				"open the list",
				"POST",
				"/api/method/frappe.desk.reportview.get",
				data={
					"doctype": EVALUATION,
					"fields": LIST_FIELDS,
					"filters": "[]",
					"order_by": f"`tab{EVALUATION}`.`modified` desc",
					"start": 0,
					"page_length": 20,
					"with_comment_count": 1,
				},
			)
		)
		self.call(
			"open the list",
			"POST",
			"/api/method/frappe.desk.reportview.get_count",
			data={"doctype": EVALUATION, "filters": "[]", "distinct": "false"},
		)
		if page and page.get("values"):
			names = [row[page["keys"].index("name")] for row in page["values"]]
			self.known = names
		return True

	def form(self) -> bool:
		if not self.known:
			return False
		name = self.random.choice(self.known)
		self.call(
			"open a form",
			"GET",
			"/api/method/frappe.desk.form.load.getdoc",
			params={"doctype": EVALUATION, "name": name},
		)
		return True

	def assess_and_send(self) -> bool:
		members = self.shared.members_by_unit.get(self.profile["unit"])
		picked = self.shared.pop(members) if members is not None else []
		if not picked:
			return False
		label = "self-assess and send"
		# The report is attached on the new form, before its first save, as the desk's uploader allows.
		# Attached on a later save instead, concurrent first dossier rows deadlock (docs/benchmarks.md).
		uploaded = self.message(
			self.call(
				label,
				"POST",
				"/api/method/upload_file",
				files={"file": ("bao-cao-thanh-tich.pdf", f"Báo cáo thành tích {picked[0]}".encode())},
				data={"is_private": 1},
			)
		)
		if not uploaded:
			return True
		doc = self.message(
			self.call(
				label,
				"POST",
				f"/api/resource/{EVALUATION}",
				json={
					"plan": self.world.plan,
					"phase": self.world.phase,
					"phase_year": self.world.year,
					"subject_type": "Individual",
					"union_member": picked[0],
					"dossier": [{"document_kind": "Achievement Report", "file": uploaded["file_url"]}],
				},
			)
		)
		if not doc:
			return True
		items = doc["items"]
		for row in items:
			if row.get("assessment_type") == "Score":
				row["self_score"] = row.get("max_score") or 0
			else:
				row["self_result"] = "Meets"
		saved = self.message(
			self.call(label, "PUT", f"/api/resource/{EVALUATION}/{doc['name']}", json={"items": items})
		)
		if saved and self.transition(label, doc["name"], "Send for Review"):
			self.shared.push(self.shared.sent[saved["reviewing_unit"]], doc["name"])
		return True

	def transition(self, label: str, name: str, action: str) -> bool:
		return (
			self.call(
				label,
				"POST",
				"/api/method/vanhoa_congso.workflow.transition",
				data={"doctype": EVALUATION, "name": name, "action": action},
			)
			is not None
		)

	def forward(self) -> bool:
		picked = self.shared.pop(self.shared.sent[self.profile["unit"]])
		if not picked:
			return False
		if self.transition("forward", picked[0], "Forward to Council"):
			self.shared.push(self.shared.forwarded, picked[0])
		return True

	def approve(self) -> bool:
		picked = self.shared.pop(self.shared.forwarded)
		if not picked or not self.shared.council_session:
			return False
		if self.call(
			"approve",
			"PUT",
			f"/api/resource/{EVALUATION}/{picked[0]}",
			json={"council_session": self.shared.council_session, "votes_in_favour": 3},
		):
			self.transition("approve", picked[0], "Approve")
		return True

	def scoreboard(self) -> bool:
		subject_type = self.random.choice(("Collective", "Individual"))
		self.call(
			"run the Scoreboard",
			"POST",
			"/api/method/frappe.desk.query_report.run",
			data={
				"report_name": "Emulation Scoreboard",
				"filters": json.dumps(
					{
						"plan": self.world.plan,
						"phase": self.world.phase,
						"phase_year": self.world.year,
						"subject_type": subject_type,
						"unit": self.world.province,
					}
				),
				"ignore_prepared_report": 1,
			},
		)
		return True

	def decision(self) -> bool:
		members = self.shared.pop(self.shared.decision_members, 20)
		if not members:
			return False
		number = self.shared.next_decision()
		doc = self.message(
			self.call(
				"issue a decision",
				"POST",
				"/api/resource/Emulation Award",
				json={
					"decision_number": f"{number}/QĐ-HTTP",
					"issuing_unit": self.world.province,
					"place": "Lai Châu",
					"decision_date": f"{self.world.year}-12-20",
					"plan": self.world.plan,
					"phase": self.world.phase,
					"phase_year": self.world.year,
					"decision_title": "Về việc khen thưởng (benchmark)",
					"recipients": [
						{
							"subject_type": "Individual",
							"union_member": member,
							"award_form": self.world.award_form,
							"achievement": "Hoàn thành xuất sắc nhiệm vụ",
							"entry_reason": "Đề nghị trực tiếp (benchmark)",
						}
						for member in members
					],
				},
			)
		)
		if doc:
			self.call(
				"issue a decision",
				"POST",
				"/api/method/frappe.client.submit",
				json={"doc": {**doc, "doctype": "Emulation Award"}},
			)
		return True


def open_council_session(base_url: str, world: World, shared: Shared) -> None:
	"""The council sitting that the secretaries record their approvals against (3 of 3 present)."""
	secretary = User(base_url, world, shared, "secretary", world.users["secretary"][0], 0)
	secretary.login()
	minutes = secretary.session.post(
		f"{base_url}/api/method/upload_file",
		files={"file": ("bien-ban-hoi-dong.pdf", b"Bien ban hop Hoi dong (benchmark)")},
		data={"is_private": 1},
		timeout=120,
	)
	minutes.raise_for_status()
	response = secretary.session.post(
		f"{base_url}/api/resource/Emulation Council Session",
		json={
			"plan": world.plan,
			"session_date": f"{world.year}-12-15",
			"voting_method": "Secret Ballot",
			"minutes": minutes.json()["message"]["file_url"],
			"council_members": 3,
			"members_present": [{"member_name": f"Ủy viên {i}"} for i in range(1, 4)],
		},
		timeout=120,
	)
	if response.status_code != 200:
		raise RuntimeError(f"the council session could not be opened: {response.text[:500]}")
	shared.council_session = response.json()["data"]["name"]


def run_level(
	base_url: str,
	world: World,
	shared: Shared,
	users: int,
	seconds: float,
	max_requests: int,
	think: float = 0,
):
	"""`users` logged-in users in a closed loop; the level's summary and a few failures, if any."""
	from concurrent.futures import ThreadPoolExecutor

	counts = role_counts(users)
	crowd = [
		User(
			base_url,
			world,
			shared,
			role,
			world.users[role][index],
			seed=users * 1000 + index * 10 + ROLES.index(role),
		)
		for role, count in counts.items()
		for index in range(count)
	]
	with ThreadPoolExecutor(max_workers=8) as pool:
		list(pool.map(User.login, crowd))
	for user in crowd:
		user.think_time = float(think)
	budget = Budget(max_requests, seconds)
	threads = [threading.Thread(target=user.run, args=(budget,), daemon=True) for user in crowd]
	started = time.monotonic()
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	elapsed = time.monotonic() - started
	samples = [sample for user in crowd for sample in user.samples]
	failures = [failure for user in crowd for failure in user.failures][:10]
	return summarize(samples, elapsed), counts, failures


# --- the command


def run(
	users: list[int] | int = (10, 50, 100),
	seconds: float = 60,
	max_requests: int = 20_000,
	workers: int = 4,
	scale: float = 1,
	base_url: str | None = None,
	keep: bool = False,
	output: str | None = None,
	think: float = 0,
) -> None:
	"""Load the site over HTTP at each number of concurrent `users`; print and write the results.

	With `think` (seconds), each user pauses about that long after each action (an action is one to
	four requests), as people at their desks do; without it, every user has a request in flight all
	the time. The two are written to sections of their own."""
	from vanhoa_congso import benchmark

	if not frappe.conf.allow_tests:
		frappe.throw(
			_(
				"The benchmark writes tens of thousands of records; run it on a scratch site with allow_tests set (bench --site SITE set-config allow_tests true)."
			),
			benchmark.BenchmarkRefused,
		)
	levels = check_bounds([users] if isinstance(users, int) else users, seconds, max_requests, workers)
	if not 0 <= float(think) <= MAX_THINK:
		frappe.throw(_("Give a think time between 0 and {0} seconds.").format(MAX_THINK), LoadRefused)
	if base_url:
		base_url = check_base_url(base_url)
	frappe.set_user("Administrator")
	server = None
	results = {}
	started = time.monotonic()
	try:
		world = prepare(float(scale), levels[-1])
		if not base_url:
			port = free_port()
			base_url = check_base_url(f"http://127.0.0.1:{port}")
			log = os.path.join(
				os.path.dirname(os.path.abspath(frappe.local.sites_path)), "logs", "vhcs-load.log"
			)
			server = start_gunicorn(int(workers), port, log)
		wait_until_up(base_url, world.site)
		shared = Shared(world)
		open_council_session(base_url, world, shared)
		for level in levels:
			summary, counts, failures = run_level(
				base_url, world, shared, level, seconds, max_requests, float(think)
			)
			results[level] = summary
			print(render_level(level, counts, summary))
			for failure in failures:
				print("   ", failure)
	finally:
		if server:
			server.terminate()
			server.wait(timeout=60)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		if not keep:
			benchmark.remove_data()
	table = render(
		results, int(workers), float(scale), seconds, max_requests, time.monotonic() - started, float(think)
	)
	print(table)
	from vanhoa_congso.benchmark_replica import write_section

	write_section(output or benchmark.results_path(), section_key(float(think)), table)


def section_key(think: float) -> str:
	return f"{SECTION} think {think:g}" if think else SECTION


def pacing(think: float) -> str:
	if not think:
		return "as soon as the last one has answered (no think time)"
	return (
		f"after a pause of {0.5 * think:g} to {1.5 * think:g} s following each action "
		f"(think time {think:g} s on average)"
	)


def ms(seconds: float) -> str:
	return f"{seconds * 1000:,.0f} ms"


def render_level(users: int, counts: dict[str, int], summary: dict) -> str:
	people = ", ".join(f"{counts[role]} {role}" for role in ROLES)
	return (
		f"{users} users ({people}): {summary['requests']} requests in {summary['elapsed']:.0f} s, "
		f"{summary['rate']:.1f}/s, p50 {ms(summary['p50'])}, p95 {ms(summary['p95'])}, "
		f"p99 {ms(summary['p99'])}, {summary['errors']} errors"
	)


def render(
	results: dict,
	workers: int,
	scale: float,
	seconds: float,
	max_requests: int,
	elapsed: float,
	think: float = 0,
) -> str:
	from vanhoa_congso import benchmark

	lines = [
		"### HTTP load" + (f", think time {think:g} s" if think else ""),
		"",
		f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {benchmark.machine()}.",
		f"gunicorn with {workers} sync workers on loopback; the province at scale {scale:g}; each level runs "
		f"{seconds:g} s or {max_requests:,} requests, whichever comes first, every user sending its next "
		f"request {pacing(think)}; whole run {elapsed:.0f} s.",
		"",
		"| concurrent users | officers / reviewers / secretaries / managers | requests | requests/s | p50 | p95 | p99 | errors |",
		"|---:|---|---:|---:|---:|---:|---:|---:|",
	]
	for users, summary in results.items():
		counts = role_counts(users)
		lines.append(
			f"| {users} | {' / '.join(str(counts[r]) for r in ROLES)} | {summary['requests']:,} | "
			f"{summary['rate']:.1f} | {ms(summary['p50'])} | {ms(summary['p95'])} | {ms(summary['p99'])} | "
			f"{summary['errors']} |"
		)
	for users, summary in results.items():
		lines += [
			"",
			f"Per action at {users} users (each action's requests together):",
			"",
			"| action | requests | p50 | p95 | p99 | errors |",
			"|---|---:|---:|---:|---:|---:|",
		]
		for action, figures in summary["actions"].items():
			lines.append(
				f"| {action} | {figures['requests']:,} | {ms(figures['p50'])} | {ms(figures['p95'])} | "
				f"{ms(figures['p99'])} | {figures['errors']} |"
			)
	return "\n".join(lines) + "\n"
