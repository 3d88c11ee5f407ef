"""Benchmark: a synthetic province on a scratch site, the app's hot paths timed beside platform baselines.

    bench --site SITE set-config allow_tests true      # the benchmark refuses any other site
    bench --site SITE execute vanhoa_congso.benchmark.run --kwargs "{'scale': 1}"

At scale 1 the province has 10 district-level unions, 600 grassroots unions and 25,000 members; the
number of district-level unions grows with the square root of the scale (a large province has more
districts, and many more grassroots unions under each). Every grassroots union and 5% of members have
an evaluation on plan criteria set LC-117 (seed 000), and the plan has 10,000 × scale issued awards.

What goes through the app does so as real restricted users (officer, district reviewer, provincial
manager), with the app's validation; the bulk of the background data is written with
`frappe.db.bulk_insert`, which is itself the baseline for the creation figures. Results are printed and
written, with the machine's description, to docs/benchmarks.md (one section per scale). The data is
removed afterwards unless `keep` is set.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt

from vanhoa_congso.rules import evaluations, members, units

PREFIX = "BM"
DOMAIN = "benchmark.vhcs.test"
PLAN_NUMBER = "BM/KH-LĐLĐ"
CRITERIA_SET = "LC-117"
AWARD_FORM = "Bằng khen (benchmark)"
EDUCATION = "Giáo dục"
PHASE, YEAR = evaluations.FULL_YEAR, 2025
EVALUATION, ITEM = "Emulation Evaluation", "Emulation Evaluation Item"
AWARD, RECIPIENT = "Emulation Award", "Emulation Award Recipient"
ROLE_OFFICER, ROLE_REVIEWER, ROLE_MANAGER = (
	"Grassroots Union Officer",
	"Upper-Level Reviewer",
	"Emulation Manager",
)
# Targets of issue 7, at scale 1 on the project's 2-core machine.
TARGETS = {
	"scoreboard_province": ("<", 2.0),
	"reviewer_list": ("<", 0.3),
	"transition_p95": ("<", 0.25),
	"import_rate": (">=", 500.0),
	"decision_submit": ("<", 0.5),
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Vàng", "Tẩn")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Sen", "Thắng", "Yến")


class BenchmarkRefused(frappe.ValidationError):
	pass


@dataclass
class Figure:
	key: str
	label: str
	value: float
	unit: str
	baseline_label: str = ""
	baseline: float | None = None
	higher_is_better: bool = False
	note: str = ""

	@property
	def ratio(self) -> float | None:
		"""How many times slower (or, for rates, lower) the app is than the baseline."""
		if not self.baseline or not self.value:
			return None
		return self.baseline / self.value if self.higher_is_better else self.value / self.baseline

	def target_met(self) -> str:
		if self.key not in TARGETS:
			return ""
		op, bound = TARGETS[self.key]
		shown = f"{op} {bound * 1000:g} ms" if self.unit == "s" else f"{op} {bound:g} {self.unit}"
		met = self.value < bound if op == "<" else self.value >= bound
		return f"{shown}: {'met' if met else 'NOT met'}"


@dataclass
class Province:
	scale: float
	province: str = ""
	districts: list[str] = field(default_factory=list)
	grassroots: dict[str, list[str]] = field(default_factory=dict)  # district -> its grassroots unions
	members: list[tuple[str, str]] = field(default_factory=list)  # (member, unit)
	names: dict[str, str] = field(default_factory=dict)  # unit or member -> its name
	sector_of: dict[str, str | None] = field(default_factory=dict)  # unit -> its sector
	plan: str = ""
	officer: str = ""
	reviewer: str = ""
	manager: str = ""
	importer: str = ""


def run(
	scale: float = 1,
	keep: bool = False,
	output: str | None = None,
	repeat: int = 5,
	skip: tuple[str, ...] = (),
) -> None:
	"""Build the province at `scale`, measure, print the table and write it to `output`
	(docs/benchmarks.md of the app by default). `repeat` is how many runs a best-of figure takes;
	`skip` may hold "import", which no other figure depends on."""
	global REPEAT, SKIP
	REPEAT, SKIP = max(1, int(repeat)), frozenset(skip) & {"import"}
	figures, elapsed = measure(scale, keep)
	table = render(flt(scale), figures, elapsed)
	print(table)
	write_results(output or results_path(), flt(scale), table)


def measure(scale: float = 1, keep: bool = False) -> tuple[list[Figure], float]:
	"""The figures at `scale`, and the seconds the whole run took."""
	scale = flt(scale)
	if not frappe.conf.allow_tests:
		frappe.throw(
			_(
				"The benchmark writes tens of thousands of records; run it on a scratch site with allow_tests set (bench --site SITE set-config allow_tests true)."
			),
			BenchmarkRefused,
		)
	if scale <= 0:
		frappe.throw(_("Give the benchmark a positive scale, such as 1 or 10."), BenchmarkRefused)
	frappe.set_user("Administrator")
	remove_data()
	figures: list[Figure] = []
	started = time.perf_counter()
	try:
		world = build_province(scale)
		figures += measure_evaluations(world)
		figures += measure_reports(world)
		figures += measure_reviewer_list(world)
		if "import" not in SKIP:
			figures += measure_import(world)
		figures += measure_decision(world)
	finally:
		frappe.set_user("Administrator")
		frappe.db.commit()
		if not keep:
			remove_data()
	return figures, time.perf_counter() - started


# --- measuring


def timed(fn: Callable[[], object]) -> float:
	started = time.perf_counter()
	fn()
	return time.perf_counter() - started


# How many runs best_of takes. At scale 50 one run of the province's Scoreboard reads gigabytes through
# the default buffer pool, so `run(..., repeat=1)` keeps the whole benchmark within the hour.
REPEAT = 5
# Figures left out of a run: at scale 50 the all-or-nothing import of 30,000 collectives alone takes
# the better part of an hour on this machine, and nothing else depends on it.
SKIP: frozenset[str] = frozenset()


def best_of(fn: Callable[[], object], times: int | None = None) -> float:
	"""The best of a few runs: the figure a warmed-up server gives, without the noise of this machine."""
	return min(timed(fn) for _ in range(times or REPEAT))


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def as_user(user: str) -> None:
	frappe.set_user(user)
	frappe.local.lang = "vi"


# --- building the province


def counts(scale: float) -> tuple[int, int, int]:
	"""(district-level unions, grassroots unions, members) at `scale`."""
	return max(1, round(10 * math.sqrt(scale))), max(1, round(600 * scale)), max(1, round(25_000 * scale))


def build_province(scale: float) -> Province:
	from vanhoa_congso import demo

	world = Province(scale=scale)
	seed = demo.read_seed()
	definition = next(d for d in seed["criteria_sets"] if d["set_code"] == CRITERIA_SET)
	demo.ensure_criteria_set(definition)
	if not frappe.db.exists("Emulation Sector", EDUCATION):
		frappe.get_doc({"doctype": "Emulation Sector", "sector_name": EDUCATION}).insert()
	build_units(world)
	build_members(world)
	build_users(world)
	build_plan(world)
	frappe.db.commit()
	return world


def standard_values(name: str, owner: str = "Administrator") -> dict:
	now = frappe.utils.now()
	return {"name": name, "creation": now, "modified": now, "owner": owner, "modified_by": owner}


def bulk(doctype: str, rows: list[dict]) -> None:
	if not rows:
		return
	fields = list(rows[0])
	frappe.db.bulk_insert(doctype, fields, [tuple(row[f] for f in fields) for row in rows], chunk_size=5000)


def build_units(world: Province) -> None:
	"""The tree with its nested-set bounds and parent history written in one pass."""
	district_count, grassroots_count, _members = counts(world.scale)
	next_bound = (frappe.db.sql("select coalesce(max(rgt), 0) from `tabEmulation Unit`")[0][0] or 0) + 1
	world.province = f"{PREFIX}-P"
	world.districts = [f"{PREFIX}-D{i:03d}" for i in range(1, district_count + 1)]
	for index in range(grassroots_count):
		district = world.districts[index % district_count]
		world.grassroots.setdefault(district, []).append(f"{district}-G{index // district_count + 1:04d}")

	unit_rows, history_rows = [], []

	def unit(name, title, level, parent, lft, rgt, sector=None):
		world.names[name], world.sector_of[name] = title, sector
		unit_rows.append(
			{
				**standard_values(name),
				"unit_code": name,
				"unit_name": title,
				"level": level,
				"parent_emulation_unit": parent,
				"sector": sector,
				"is_group": int(level != units.GRASSROOTS),
				"valid_from": "2019-01-01",
				"is_active": 1,
				"lft": lft,
				"rgt": rgt,
			}
		)
		if parent:
			history_rows.append(
				{
					**standard_values(frappe.generate_hash(length=10)),
					"parent": name,
					"parenttype": units.UNIT,
					"parentfield": "parent_history",
					"idx": 1,
					"parent_unit": parent,
					"from_date": "2019-01-01",
				}
			)

	province_lft = next_bound
	bound = province_lft + 1
	for number, district in enumerate(world.districts, start=1):
		district_lft = bound
		bound += 1
		for position, grassroots in enumerate(world.grassroots[district]):
			sector = EDUCATION if position % 3 == 0 else None
			title = f"CĐCS {'Trường' if sector else 'Cơ quan'} số {position + 1} huyện {number} (benchmark)"
			unit(grassroots, title, units.GRASSROOTS, district, bound, bound + 1, sector)
			bound += 2
		unit(
			district, f"LĐLĐ huyện {number} (benchmark)", units.DISTRICT, world.province, district_lft, bound
		)
		bound += 1
	unit(world.province, "LĐLĐ tỉnh (benchmark)", units.PROVINCE, None, province_lft, bound)
	bulk(units.UNIT, unit_rows)
	bulk(units.HISTORY, history_rows)


def build_members(world: Province) -> None:
	_districts, _grassroots, member_count = counts(world.scale)
	all_units = [unit for district in world.districts for unit in world.grassroots[district]]
	rows = []
	for index in range(member_count):
		unit = all_units[index % len(all_units)]
		name = f"{PREFIX}-M{index + 1:07d}"
		world.members.append((name, unit))
		world.names[name] = f"{FAMILY[index % 12]} {MIDDLE[index // 12 % 8]} {GIVEN[index // 96 % 12]}"
		rows.append(
			{
				**standard_values(name),
				"full_name": world.names[name],
				"gender": "Female" if index % 2 else "Male",
				"emulation_unit": unit,
				"category": ("Civil Servant", "Public Employee", "Cadre")[index % 3],
				"status": "Active Member",
			}
		)
	bulk("Union Member", rows)


def build_users(world: Province) -> None:
	"""An officer for every grassroots union and a reviewer for every district, each restricted to their
	unit, as a real province has them (the notification fan-out depends on how many there are), plus the
	provincial manager. Written in bulk; the users the benchmark acts as are ordinary enabled users."""
	user_rows, role_rows, permission_rows = [], [], []

	def user(login: str, role: str, unit: str) -> str:
		email = f"{login}@{DOMAIN}"
		user_rows.append(
			{
				**standard_values(email),
				"email": email,
				"first_name": login,
				"full_name": login,
				"enabled": 1,
				"user_type": "System User",
				"language": "vi",
			}
		)
		role_rows.append(
			{
				**standard_values(frappe.generate_hash(length=10)),
				"parent": email,
				"parenttype": "User",
				"parentfield": "roles",
				"idx": 1,
				"role": role,
			}
		)
		permission_rows.append(
			{
				**standard_values(frappe.generate_hash(length=10)),
				"user": email,
				"allow": units.UNIT,
				"for_value": unit,
				"apply_to_all_doctypes": 1,
				"hide_descendants": 0,
				"is_default": 0,
			}
		)
		return email

	for district in world.districts:
		for grassroots in world.grassroots[district]:
			user(f"canbo-{grassroots.lower()}", ROLE_OFFICER, grassroots)
		user(f"thamdinh-{district.lower()}", ROLE_REVIEWER, district)
	# The officer who assesses the first district's unions and members in the measured sample.
	world.officer = user("canbo-district-1", ROLE_OFFICER, world.districts[0])
	world.reviewer = f"thamdinh-{world.districts[0].lower()}@{DOMAIN}"
	world.manager = user("bancongtaccoso", ROLE_MANAGER, world.province)
	# Self-assessments are an officer's to enter; this one consolidates the province's from Excel.
	world.importer = user("canbo-nhap-excel", ROLE_OFFICER, world.province)
	bulk("User", user_rows)
	bulk("Has Role", role_rows)
	bulk("User Permission", permission_rows)
	frappe.clear_cache()


def build_plan(world: Province) -> None:
	form = frappe.get_doc(
		{
			"doctype": "Award Form",
			"award_form_name": AWARD_FORM,
			"award_kind": "Certificate of Merit",
			"issuing_level": units.PROVINCE,
			"subject_type": "Collective and Individual",
			"prize_basis": "Base Salary Coefficient",
			"collective_coefficient": 2,
			"individual_coefficient": 1,
		}
	).insert()
	slots = round(20_000 * world.scale)
	plan = frappe.get_doc(
		{
			"doctype": "Emulation Plan",
			"plan_number": PLAN_NUMBER,
			"issuing_unit": world.province,
			"place": "Lai Châu",
			"issue_date": "2019-09-13",
			"title": "Kế hoạch thi đua (benchmark)",
			"period_from_year": 2019,
			"period_to_year": 2025,
			"criteria_set": CRITERIA_SET,
			"allow_early_decision": 1,
			"award_quotas": [
				{
					"award_form": form.name,
					"subject_type": subject_type,
					"max_count": slots,
					"reserved_count": slots // 10,
					"reserved_sector": EDUCATION,
				}
				for subject_type in ("Collective", "Individual")
			],
		}
	).insert()
	plan.submit()
	world.plan = plan.name


# --- evaluations


def subjects(world: Province, district: str | None = None) -> list[tuple[str, str]]:
	"""(subject type, subject) of every evaluation: each grassroots union and every 20th member."""
	chosen_units = set(world.grassroots[district]) if district else None
	result = [
		("Collective", unit)
		for d in world.districts
		for unit in world.grassroots[d]
		if chosen_units is None or unit in chosen_units
	]
	result += [
		("Individual", member)
		for index, (member, unit) in enumerate(world.members)
		if index % 20 == 0 and (chosen_units is None or unit in chosen_units)
	]
	return result


def measure_evaluations(world: Province) -> list[Figure]:
	"""The first district's evaluations through the app, as its officer; the rest with bulk_insert."""
	from vanhoa_congso.workflow import transition

	first = world.districts[0]
	sample = subjects(world, first)
	criteria_by_type = {
		subject_type: evaluations.assessable_criteria(CRITERIA_SET, subject_type)
		for subject_type in ("Collective", "Individual")
	}
	as_user(world.officer)
	from vanhoa_congso.testing import own_file

	evidence = own_file("bm.pdf")
	created: list[str] = []

	def create(subject_type: str, subject: str) -> None:
		doc = frappe.get_doc(
			{
				"doctype": EVALUATION,
				"plan": world.plan,
				"phase": PHASE,
				"phase_year": YEAR,
				"subject_type": subject_type,
				"subject_unit" if subject_type == "Collective" else "union_member": subject,
				"dossier": [{"document_kind": evaluations.ACHIEVEMENT_REPORT, "file": evidence}],
			}
		)
		# the form fills the plan's criteria on first save; the officer assesses them before saving
		doc.set("items", evaluations.criteria_rows(criteria_by_type[subject_type]))
		for row in doc.items:
			row.self_result = "Meets" if row.idx < len(doc.items) else "Does Not Meet"
		doc.insert()
		created.append(doc.name)

	seconds = timed(lambda: [create(*subject) for subject in sample])
	frappe.db.commit()
	app_rate = len(sample) / seconds

	sends = []
	for name in created:
		sends.append(timed(lambda name=name: transition(EVALUATION, name, "Send for Review")))
		frappe.db.commit()
	as_user(world.reviewer)
	forwards = []
	for name in created[: len(created) // 2]:
		forwards.append(timed(lambda name=name: transition(EVALUATION, name, "Forward to Council")))
		frappe.db.commit()
	as_user("Administrator")

	rest = [subject for subject in subjects(world) if subject not in set(sample)]
	rows_written, bulk_seconds = bulk_evaluations(world, rest, PHASE, YEAR)
	bulk_rate = len(rest) / bulk_seconds
	transitions = sends + forwards
	return [
		Figure(
			"evaluation_create",
			f"Evaluations created through the app ({len(sample)} with all criteria rows)",
			app_rate,
			"per s",
			f"frappe.db.bulk_insert of {len(rest)} evaluations and {rows_written} rows",
			bulk_rate,
			higher_is_better=True,
		),
		Figure(
			"transition_p50",
			f"Workflow transition p50 ({len(transitions)}: Send for Review, Forward to Council)",
			statistics.median(transitions),
			"s",
		),
		Figure("transition_p95", "Workflow transition p95", percentile(transitions, 0.95), "s"),
	]


def bulk_evaluations(
	world: Province, chosen: list[tuple[str, str]], phase: str, year: int
) -> tuple[int, float]:
	"""Write evaluations and their rows straight to the tables, with the totals the app's rules give."""
	plan = frappe.get_doc("Emulation Plan", world.plan)
	criteria_by_type = {
		subject_type: evaluations.criteria_rows(evaluations.assessable_criteria(CRITERIA_SET, subject_type))
		for subject_type in ("Collective", "Individual")
	}
	# the values the controller stores on save, which the Scoreboard reads
	group_of = {
		subject_type: evaluations.criteria_layout(CRITERIA_SET, subject_type)[1]
		for subject_type in ("Collective", "Individual")
	}
	unit_of = dict(world.members)
	parent_of = {unit: district for district in world.districts for unit in world.grassroots[district]}
	states = ("Draft", "Sent for Review", "Sent for Review", "Forwarded to Council", "Draft")
	evaluation_rows, item_rows = [], []
	phase_date = evaluations.phase_date(world.plan, phase, year)
	for index, (subject_type, subject) in enumerate(chosen):
		unit = subject if subject_type == "Collective" else unit_of[subject]
		name = f"{PREFIX}-DG-{phase[:1]}{year}-{index + 1:07d}"
		rows = []
		for position, criterion in enumerate(criteria_by_type[subject_type], start=1):
			rows.append(
				frappe._dict(
					criterion,
					self_result="Does Not Meet" if (index + position) % 9 == 0 else "Meets",
				)
			)
		stored = evaluations.stored_results(rows, group_of[subject_type], plan)
		state = states[index % len(states)]
		evaluation_rows.append(
			{
				**standard_values(name),
				"docstatus": 0,
				"plan": world.plan,
				"phase": phase,
				"phase_year": year,
				"phase_date": phase_date,
				"subject_type": subject_type,
				"subject_unit": subject if subject_type == "Collective" else None,
				"union_member": subject if subject_type == "Individual" else None,
				"subject_name": world.names[subject],
				"emulation_unit": unit,
				"reviewing_unit": parent_of[unit],
				"direct_to_council": 0,
				"sector": world.sector_of[unit],
				# as a save stores them: a total not reached yet is 0 in its NOT NULL column
				**{key: value or 0 if key.endswith("percent") else value for key, value in stored.items()},
				"group_shares": json.dumps(stored["group_shares"]),
				"workflow_state": state,
			}
		)
		for position, row in enumerate(rows, start=1):
			item_rows.append(
				{
					**standard_values(frappe.generate_hash(length=12)),
					"parent": name,
					"parenttype": EVALUATION,
					"parentfield": "items",
					"idx": position,
					"criterion": row.criterion,
					"criterion_code": row.criterion_code,
					"criterion_text": row.criterion_text,
					"assessment_type": row.assessment_type,
					"max_score": row.max_score,
					"weight": row.weight,
					"self_result": row.self_result,
				}
			)

	def write():
		bulk(EVALUATION, evaluation_rows)
		bulk(ITEM, item_rows)

	seconds = timed(write)
	# the members' profiles, which a save copies from the member
	members.refresh_evaluation_profiles([row["name"] for row in evaluation_rows])
	frappe.db.commit()
	return len(item_rows), seconds


# --- reports and lists


# The optimiser would start from the handful of criteria groups and join every item to each of them;
# STRAIGHT_JOIN keeps the natural order (evaluations, their items, then each item's group).
SCOREBOARD_SQL = """
select straight_join e.name, e.subject_name, e.emulation_unit, e.final_percent, g.code,
	sum(case
		when i.assessment_type = 'Score' then coalesce(i.council_score, i.review_score, i.self_score) / nullif(i.max_score, 0)
		else coalesce(i.council_result, i.review_result, i.self_result) = 'Meets'
	end * coalesce(nullif(i.weight, 0), 1)) / sum(coalesce(nullif(i.weight, 0), 1)) as share
from `tabEmulation Evaluation` e
join `tabEmulation Unit` u on u.name = e.emulation_unit
join `tabEmulation Evaluation Item` i on i.parent = e.name and i.parenttype = 'Emulation Evaluation'
join `tabEmulation Criterion` c on c.name = i.criterion
join `tabEmulation Criterion` g on g.criteria_set = c.criteria_set and g.parent_emulation_criterion is null
	and g.lft <= c.lft and c.lft < g.rgt
where e.plan = %(plan)s and e.subject_type = %(subject_type)s and e.phase = %(phase)s
	and e.phase_year = %(year)s and e.docstatus < 2 and u.lft >= %(lft)s and u.rgt <= %(rgt)s
group by e.name, g.code
order by e.final_percent desc, e.subject_name
"""


def hand_scoreboard(world: Province, unit: str, subject_type: str) -> list:
	bounds = frappe.db.get_value(units.UNIT, unit, ["lft", "rgt"], as_dict=True)
	return frappe.db.sql(
		SCOREBOARD_SQL,
		{
			"lft": bounds.lft,
			"rgt": bounds.rgt,
			"plan": world.plan,
			"subject_type": subject_type,
			"phase": PHASE,
			"year": YEAR,
		},
	)


def measure_reports(world: Province) -> list[Figure]:
	from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard.emulation_scoreboard import execute

	figures = []
	for key, user, unit, label in (
		("scoreboard_province", world.manager, world.province, "province"),
		("scoreboard_district", world.reviewer, world.districts[0], "one district"),
	):
		for subject_type in ("Collective", "Individual"):
			as_user(user)
			filters = {
				"plan": world.plan,
				"phase": PHASE,
				"phase_year": YEAR,
				"subject_type": subject_type,
				"unit": unit,
			}
			rows = execute(filters)[1]
			app = best_of(lambda filters=filters: execute(filters))
			as_user("Administrator")
			hand = hand_scoreboard(world, unit, subject_type)
			baseline = best_of(
				lambda unit=unit, subject_type=subject_type: hand_scoreboard(world, unit, subject_type)
			)
			assert len({row[0] for row in hand}) == len(rows), "the hand-written aggregate disagrees"
			figures.append(
				Figure(
					key if subject_type == "Collective" else f"{key}_individual",
					f"Scoreboard, {label}, {subject_type.lower()} ({len(rows)} evaluations)",
					app,
					"s",
					"hand-written SQL aggregate",
					baseline,
				)
			)
	return figures


LIST_FIELDS = [
	"`tabEmulation Evaluation`.`name`",
	"`tabEmulation Evaluation`.`owner`",
	"`tabEmulation Evaluation`.`modified`",
	"`tabEmulation Evaluation`.`docstatus`",
	"`tabEmulation Evaluation`.`subject_name`",
	"`tabEmulation Evaluation`.`workflow_state`",
	"`tabEmulation Evaluation`.`phase_year`",
	"`tabEmulation Evaluation`.`final_percent`",
	"`tabEmulation Evaluation`.`classification`",
]

LIST_SQL = """
select e.name, e.owner, e.modified, e.docstatus, e.subject_name, e.workflow_state, e.phase_year,
	e.final_percent, e.classification
from `tabEmulation Evaluation` e
where e.emulation_unit in (select name from `tabEmulation Unit` where lft >= %(lft)s and rgt <= %(rgt)s)
order by e.modified desc
limit 20
"""
COUNT_SQL = """
select count(*) from `tabEmulation Evaluation` e
where e.emulation_unit in (select name from `tabEmulation Unit` where lft >= %(lft)s and rgt <= %(rgt)s)
"""


def measure_reviewer_list(world: Province) -> list[Figure]:
	"""What the desk's list view asks for when the district reviewer opens it: page 1 and the count."""
	from frappe.desk import reportview

	def open_list():
		frappe.local.form_dict = frappe._dict(
			doctype=EVALUATION,
			fields=json.dumps(LIST_FIELDS),
			filters="[]",
			order_by="`tabEmulation Evaluation`.`modified` desc",
			start=0,
			page_length=20,
			with_comment_count=1,
		)
		page = reportview.get()
		frappe.local.form_dict = frappe._dict(doctype=EVALUATION, filters="[]", distinct="false")
		return page, reportview.get_count()

	as_user(world.reviewer)
	page, total = open_list()
	app = best_of(open_list)
	as_user("Administrator")
	bounds = frappe.db.get_value(units.UNIT, world.districts[0], ["lft", "rgt"], as_dict=True)

	def hand():
		return frappe.db.sql(LIST_SQL, bounds), frappe.db.sql(COUNT_SQL, bounds)[0][0]

	hand_total = hand()[1]
	assert total == hand_total, f"the reviewer sees {total} evaluations, the hand-written query {hand_total}"
	return [
		Figure(
			"reviewer_list",
			f"District reviewer's evaluation list, first page + count ({total} visible)",
			app,
			"s",
			"hand-written SQL, same page and count",
			best_of(hand),
		)
	]


# --- import


def measure_import(world: Province) -> list[Figure]:
	"""The self-assessments of a whole half-year's collectives, imported from the plan's Excel template."""
	from vanhoa_congso.assessment_import import SHEETS, run_import, template

	phase = evaluations.FIRST_HALF
	as_user(world.importer)
	# the collectives only: at scale 50 the province's 1,250,000 members are more than a sheet holds
	workbook = template(world.plan, subject_type="Collective")
	# every union meets every criterion but the last
	for line in workbook[SHEETS["Collective"]].iter_rows(min_row=3):
		for cell in line[2:]:
			cell.value = "Đạt"
		line[-1].value = "Không đạt"
	content = io.BytesIO()
	workbook.save(content)
	result: dict = {}
	seconds = timed(lambda: result.update(run_import(world.plan, phase, YEAR, content.getvalue())))
	assert not result.get("errors"), result.get("errors")
	frappe.db.commit()
	as_user("Administrator")
	subjects_imported = result["imported"]
	cells = sum(
		1
		for sheet in workbook.worksheets
		for line in sheet.iter_rows(min_row=3, min_col=3, values_only=True)
		for cell in line
		if cell not in (None, "")
	)
	# the same number of evaluations and rows, written straight to the tables for another half-year
	chosen = [("Collective", unit) for d in world.districts for unit in world.grassroots[d]]
	rows_written, bulk_seconds = bulk_evaluations(world, chosen[:subjects_imported], phase, YEAR - 1)
	return [
		Figure(
			"import_rate",
			f"Excel import, assessment rows per second ({subjects_imported} subjects, {cells} rows)",
			cells / seconds,
			"per s",
			f"frappe.db.bulk_insert of {rows_written} rows",
			rows_written / bulk_seconds,
			higher_is_better=True,
			note=f"{subjects_imported / seconds:.1f} subjects per second",
		)
	]


# --- decisions


def measure_decision(world: Province) -> list[Figure]:
	"""Issue decisions for the phase while 10,000 × scale awards of the plan are already issued."""
	existing = build_awards(world)
	as_user(world.manager)
	members = [member for member, _unit in world.members[-200:]]
	seconds = []
	for batch in range(5):
		doc = frappe.get_doc(
			{
				"doctype": AWARD,
				"decision_number": f"{900 + batch}/QĐ-LĐLĐ",
				"issuing_unit": world.province,
				"place": "Lai Châu",
				"decision_date": "2025-12-20",
				"plan": world.plan,
				"phase": PHASE,
				"phase_year": YEAR,
				"decision_title": "Về việc khen thưởng (benchmark)",
				"recipients": [
					{
						"subject_type": "Individual",
						"union_member": member,
						"award_form": AWARD_FORM,
						"achievement": "Hoàn thành xuất sắc nhiệm vụ",
						"entry_reason": "Đề nghị trực tiếp (benchmark)",
					}
					for member in members[batch * 20 : batch * 20 + 20]
				],
			}
		).insert()
		frappe.db.commit()
		seconds.append(timed(doc.submit))
		frappe.db.commit()
	as_user("Administrator")

	def hand():
		return frappe.db.sql(
			"""select r.award_form, r.subject_type, r.sector, count(*)
			from `tabEmulation Award Recipient` r join `tabEmulation Award` a on a.name = r.parent
			where a.plan = %s and a.docstatus = 1 and r.revoked = 0
			group by r.award_form, r.subject_type, r.sector for update""",
			world.plan,
		)

	return [
		Figure(
			"decision_submit",
			f"Decision of 20 issued with the quota check ({existing} awards already issued), median of 5",
			statistics.median(seconds),
			"s",
			"hand-written quota count under lock",
			best_of(hand),
		)
	]


def build_awards(world: Province) -> int:
	"""Issued decisions of 100 recipients each over 2019-2024, written in bulk."""
	total = round(10_000 * world.scale)
	base_salary = 2_340_000
	award_rows, recipient_rows = [], []
	for number in range(math.ceil(total / 100)):
		name = f"{PREFIX}-QD-{number + 1:05d}"
		year = 2019 + number % 6
		award_rows.append(
			{
				**standard_values(name),
				"docstatus": 1,
				"decision_number": f"{number + 1}/QĐ-LĐLĐ (benchmark)",
				"issuing_unit": world.province,
				"place": "Lai Châu",
				"decision_date": datetime.date(year + 1, 1, 15),
				"plan": world.plan,
				"phase": PHASE,
				"phase_year": year,
				"status": "Issued",
				"decision_title": "Về việc khen thưởng (benchmark)",
				"total_recipients": 100,
				"total_amount": 100 * base_salary,
			}
		)
		for position in range(100):
			index = number * 100 + position
			if index >= total:
				break
			member, unit = world.members[index % len(world.members)]
			recipient_rows.append(
				{
					**standard_values(frappe.generate_hash(length=12)),
					"parent": name,
					"parenttype": AWARD,
					"parentfield": "recipients",
					"idx": position + 1,
					"docstatus": 1,
					"plan": world.plan,
					"phase": PHASE,
					"phase_year": year,
					"subject_type": "Individual",
					"union_member": member,
					"subject_name": world.names[member],
					"subject_unit_name": world.names[unit],
					"sector": world.sector_of[unit],
					"award_form": AWARD_FORM,
					"achievement": "Hoàn thành xuất sắc nhiệm vụ",
					"entry_reason": "benchmark",
					"standard_amount": base_salary,
					"prize_amount": base_salary,
					"revoked": 0,
				}
			)
	bulk(AWARD, award_rows)
	bulk(RECIPIENT, recipient_rows)
	# awards written past the app have no quota counters yet; the consistency check counts them
	from vanhoa_congso.rules import quotas

	quotas.check_counters(world.plan, repair=1)
	frappe.db.commit()
	return len(recipient_rows)


# --- cleaning up


def remove_data() -> None:
	"""Everything the benchmark wrote: its plan's documents, units, members, users and their traces."""
	from vanhoa_congso.testing import chunks, delete_plan_with_documents

	frappe.set_user("Administrator")
	plans = frappe.get_all("Emulation Plan", filters={"plan_number": PLAN_NUMBER}, pluck="name")
	for plan in plans:
		delete_plan_with_documents(plan)
	frappe.db.delete("Award Form", {"name": AWARD_FORM})
	frappe.db.delete("Union Member", {"name": ("like", f"{PREFIX}-M%")})
	frappe.db.delete(units.HISTORY, {"parent": ("like", f"{PREFIX}-%"), "parenttype": units.UNIT})
	frappe.db.delete(units.UNIT, {"name": ("like", f"{PREFIX}-%")})
	users = frappe.get_all("User", filters={"name": ("like", f"%@{DOMAIN}")}, pluck="name")
	for chunk in chunks(users, 5000):
		frappe.db.delete("Has Role", {"parenttype": "User", "parent": ("in", chunk)})
		frappe.db.delete("User Permission", {"user": ("in", chunk)})
		frappe.db.delete("Notification Log", {"for_user": ("in", chunk)})
		frappe.db.delete("User", {"name": ("in", chunk)})
	frappe.db.commit()
	frappe.clear_cache()


# --- writing the results


def machine() -> str:
	cpu = platform.processor() or platform.machine()
	try:
		with open("/proc/cpuinfo", encoding="utf-8") as f:
			cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
	except OSError:
		pass
	memory = ""
	try:
		with open("/proc/meminfo", encoding="utf-8") as f:
			kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
			memory = f"{kib / 1024 / 1024:.0f} GiB"
	except (OSError, StopIteration, ValueError):
		pass
	database, buffer_pool = frappe.db.sql("select version(), @@innodb_buffer_pool_size")[0]
	return (
		f"{os.cpu_count()} cores ({cpu}), {memory} memory; MariaDB {database} with a "
		f"{int(buffer_pool) / 1024**3:g} GiB buffer pool; Python "
		f"{platform.python_version()}; Frappe {frappe.__version__}; vanhoa_congso {app_commit()}"
	)


def app_commit() -> str:
	try:
		return subprocess.run(
			["git", "rev-parse", "--short", "HEAD"],
			cwd=os.path.dirname(frappe.get_app_path("vanhoa_congso")),
			capture_output=True,
			text=True,
			check=True,
		).stdout.strip()
	except (OSError, subprocess.CalledProcessError):
		return "(no git)"


def shown(value: float | None, unit: str) -> str:
	if value is None:
		return "—"
	if unit == "s":
		return f"{value * 1000:,.1f} ms"
	return f"{value:,.0f} {unit}"


def render(scale: float, figures: list[Figure], elapsed: float) -> str:
	districts, grassroots, members = counts(scale)
	lines = [
		f"### Scale {scale:g}",
		"",
		f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.",
		f"Province: {districts} district-level unions, {grassroots} grassroots unions, {members:,} members; "
		f"whole run {elapsed:.0f} s.",
		"",
		"| figure | app | baseline | app vs baseline | target (scale 1) |",
		"|---|---:|---|---:|---|",
	]
	for figure in figures:
		baseline = (
			f"{figure.baseline_label}: {shown(figure.baseline, figure.unit)}"
			if figure.baseline_label
			else "—"
		)
		ratio = f"{figure.ratio:.1f}×" if figure.ratio else "—"
		label = figure.label + (f" — {figure.note}" if figure.note else "")
		lines.append(
			f"| {label} | {shown(figure.value, figure.unit)} | {baseline} | {ratio} | {figure.target_met()} |"
		)
	return "\n".join(lines) + "\n"


def results_path() -> str:
	return os.path.join(os.path.dirname(frappe.get_app_path("vanhoa_congso")), "docs", "benchmarks.md")


def write_results(path: str, scale: float, table: str) -> None:
	"""Replace this scale's section of the results file, keeping the rest of it."""
	start, end = f"<!-- scale {scale:g} -->", f"<!-- /scale {scale:g} -->"
	text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
	section = f"{start}\n{table}{end}"
	if start in text and end in text:
		before, _, rest = text.partition(start)
		_, _, after = rest.partition(end)
		text = before + section + after
	else:
		text = text.rstrip("\n") + "\n\n" + section + "\n"
	os.makedirs(os.path.dirname(path), exist_ok=True)
	with open(path, "w", encoding="utf-8") as f:
		f.write(text)


# --- issue 16: quota counters, stored results, import speed

# Targets of issue 16, with MariaDB's default buffer pool.
TARGETS_16 = {
	"decision_submit": [("<", 0.1, (10,))],
	"scoreboard_province_individual": [("<", 0.3, (10,)), ("<", 1.5, (50,))],
	"import_rate": [(">=", 1000.0, (10,))],
}


def run_issue16(
	scales: str | list | None = None, keep: bool = False, output: str | None = None, section: str = "issue 16"
) -> None:
	"""The figures issue 16 asks for, at each scale (1 and 10 by default): a decision of 20 issued with
	the quota counters, the province's Scoreboard from the evaluations' stored results, and the import
	rate; printed and written to their own section of docs/benchmarks.md.

	    bench --site SITE execute vanhoa_congso.benchmark.run_issue16 --kwargs "{'scales': [1, 10]}"
	"""
	if isinstance(scales, str):
		scales = json.loads(scales)
	scales = [flt(scale) for scale in (scales or [1, 10])]
	results = {}
	for scale in scales:
		results[scale] = measure_issue16(scale, keep=keep)
		# written after each scale, so that a long run that fails later keeps what it measured
		table = render_issue16(results)
		print(table)
		write_section(output or results_path(), section, table)


def measure_issue16(scale: float, keep: bool = False) -> tuple[list[Figure], float]:
	"""Build the province at `scale` with an evaluation for every subject, then measure."""
	scale = flt(scale)
	if not frappe.conf.allow_tests:
		frappe.throw(
			_(
				"The benchmark writes tens of thousands of records; run it on a scratch site with allow_tests set (bench --site SITE set-config allow_tests true)."
			),
			BenchmarkRefused,
		)
	frappe.set_user("Administrator")
	remove_data()
	figures: list[Figure] = []
	started = time.perf_counter()
	try:
		world = build_province(scale)
		bulk_evaluations(world, subjects(world), PHASE, YEAR)
		figures += measure_scoreboards_16(world)
		figures += measure_import(world)
		figures += measure_decision(world)
	finally:
		frappe.set_user("Administrator")
		frappe.db.commit()
		if not keep:
			remove_data()
	return figures, time.perf_counter() - started


def measure_scoreboards_16(world: Province) -> list[Figure]:
	"""The province's Scoreboard for the full year, as the provincial manager, best of 5 (the hand-written
	aggregate best of 3, or one run at scale 50)."""
	from vanhoa_congso.vanhoa_congso.report.emulation_scoreboard.emulation_scoreboard import execute

	figures = []
	for subject_type in ("Collective", "Individual"):
		as_user(world.manager)
		filters = {
			"plan": world.plan,
			"phase": PHASE,
			"phase_year": YEAR,
			"subject_type": subject_type,
			"unit": world.province,
		}
		rows = execute(filters)[1]
		app = best_of(lambda filters=filters: execute(filters), times=5)
		as_user("Administrator")
		# the hand-written aggregate reads every criterion row: minutes a run at scale 50
		baseline = best_of(
			lambda subject_type=subject_type: hand_scoreboard(world, world.province, subject_type),
			times=1 if world.scale >= 50 else 3,
		)
		figures.append(
			Figure(
				"scoreboard_province" if subject_type == "Collective" else "scoreboard_province_individual",
				f"Scoreboard, province, {subject_type.lower()} ({len(rows)} evaluations), stored results",
				app,
				"s",
				"hand-written SQL aggregate over the criteria rows",
				baseline,
			)
		)
	return figures


def render_issue16(results: dict[float, tuple[list[Figure], float]]) -> str:
	lines = [
		"### Issue 16: quota counters, stored results, import",
		"",
		f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.",
		"",
		"| scale | figure | app | baseline | app vs baseline | target (issue 16) |",
		"|---|---|---:|---|---:|---|",
	]
	for scale, (figures, elapsed) in results.items():
		districts, grassroots, members = counts(scale)
		lines.append(
			f"| {scale:g} | province of {districts} district-level unions, {grassroots} grassroots unions, "
			f"{members:,} members; whole run {elapsed:.0f} s | | | | |"
		)
		for figure in figures:
			baseline = (
				f"{figure.baseline_label}: {shown(figure.baseline, figure.unit)}"
				if figure.baseline_label
				else "—"
			)
			ratio = f"{figure.ratio:.1f}×" if figure.ratio else "—"
			label = figure.label + (f" — {figure.note}" if figure.note else "")
			lines.append(
				f"| {scale:g} | {label} | {shown(figure.value, figure.unit)} | {baseline} | {ratio} | "
				f"{target_16(figure, scale)} |"
			)
	decisions = {
		scale: next((f.value for f in figures if f.key == "decision_submit"), None)
		for scale, (figures, _elapsed) in results.items()
	}
	if decisions.get(1) and decisions.get(10):
		growth = decisions[10] / decisions[1]
		lines += [
			"",
			f"Decision of 20 at scale 10 against scale 1: {growth:.2f}× (target ≤ 1.3×: "
			f"{'met' if growth <= 1.3 else 'NOT met'}).",
		]
	return "\n".join(lines) + "\n"


def target_16(figure: Figure, scale: float) -> str:
	chosen = [(op, bound) for op, bound, scales in TARGETS_16.get(figure.key, []) if scale in scales]
	if not chosen:
		return ""
	((op, bound),) = chosen
	shown_bound = f"{op} {bound * 1000:g} ms" if figure.unit == "s" else f"{op} {bound:g} {figure.unit}"
	met = figure.value < bound if op == "<" else figure.value >= bound
	return f"{shown_bound}: {'met' if met else 'NOT met'}"


def write_section(path: str, name: str, table: str) -> None:
	"""Replace the section `name` of the results file, keeping the rest of it."""
	start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
	text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
	section = f"{start}\n{table}{end}"
	if start in text and end in text:
		before, _, rest = text.partition(start)
		_, _, after = rest.partition(end)
		text = before + section + after
	else:
		text = text.rstrip("\n") + "\n\n" + section + "\n"
	with open(path, "w", encoding="utf-8") as f:
		f.write(text)
