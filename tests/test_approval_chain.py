"""The approval chain run through the REST API by distinct real users, scoped to the unit tree."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest

from vanhoa_congso.rules import units
from vanhoa_congso.testing import (
	RestClient,
	delete_counters,
	make_award_form,
	make_plan,
	make_unit,
	make_user,
)

PASSWORD = "Vhcs-chain-2026!"
EVALUATION = "Emulation Evaluation"
TRANSITION = "/api/method/vanhoa_congso.workflow.transition"
BULK = "/api/method/vanhoa_congso.workflow.bulk_transition"
# the list view's own "Actions" menu of workflow actions
FRAPPE_BULK = "/api/method/frappe.model.workflow.bulk_workflow_approval"
USERS = {
	"officer_a": ("Grassroots Union Officer", "AC-A-1"),
	"officer_b": ("Grassroots Union Officer", "AC-B-1"),
	"officer_d": ("Grassroots Union Officer", "AC-D-1"),
	"reviewer_a": ("Upper-Level Reviewer", "AC-A"),
	"reviewer_b": ("Upper-Level Reviewer", "AC-B"),
	"secretary": ("Emulation Council Secretary", "AC-P"),
}


def email(key):
	return f"{key}@chain.vhcs.test"


@pytest.fixture(scope="module")
def world(web_server):
	frappe.set_user("Administrator")
	province = make_unit(units.PROVINCE, unit_code="AC-P")
	for district in ("AC-A", "AC-B"):
		make_unit(units.DISTRICT, province.name, unit_code=district)
		make_unit(units.GRASSROOTS, district, unit_code=f"{district}-1")
	make_unit(units.GRASSROOTS, province.name, unit_code="AC-D-1")
	criteria_set = frappe.get_doc(
		{"doctype": "Emulation Criteria Set", "set_code": "AC-SET", "set_name": "Bộ AC"}
	).insert()
	for code, kind, maximum in (("1", "Pass/Fail", 0), ("2", "Score", 10)):
		frappe.get_doc(
			{
				"doctype": "Emulation Criterion",
				"criteria_set": criteria_set.name,
				"subject_type": "Collective",
				"code": code,
				"criterion_text": f"Tiêu chí {code}",
				"assessment_type": kind,
				"max_score": maximum,
			}
		).insert()
	form = make_award_form(award_form_name="Bằng khen AC")
	plan = make_plan(province.name, plan_number="AC/KH-LĐLĐ", criteria_set=criteria_set.name)
	plan.submit()
	for key, (role, unit) in USERS.items():
		make_user(email(key), [role], PASSWORD, [unit])
	make_user(
		email("dual"), ["Grassroots Union Officer", "Emulation Council Secretary"], PASSWORD, ["AC-A-1"]
	)
	frappe.db.commit()
	yield frappe._dict(base_url=web_server, plan=plan.name, award_form=form.name)

	frappe.set_user("Administrator")
	frappe.db.rollback()
	evaluations = frappe.get_all(EVALUATION, filters={"plan": plan.name}, pluck="name") or [""]
	for child in ("Emulation Evaluation Item", "Emulation Evaluation Attachment"):
		frappe.db.delete(child, {"parenttype": EVALUATION, "parent": ("in", evaluations)})
	frappe.db.delete(EVALUATION, {"plan": plan.name})
	sessions = frappe.get_all("Emulation Council Session", filters={"plan": plan.name}, pluck="name") or [""]
	for child in ("Emulation Council Session Member", "Emulation Council Written Vote"):
		frappe.db.delete(child, {"parent": ("in", sessions)})
	frappe.db.delete("Emulation Council Session", {"plan": plan.name})
	frappe.db.delete("Notification Log", {"document_type": EVALUATION, "document_name": ("in", evaluations)})
	for key in [*USERS, "dual"]:
		frappe.delete_doc("User", email(key), force=True, ignore_permissions=True)
		frappe.db.delete("User Permission", {"user": email(key)})
	frappe.db.delete("Emulation Plan", {"name": plan.name})
	frappe.db.delete("Emulation Criterion", {"criteria_set": "AC-SET"})
	frappe.db.delete("Emulation Criteria Set", {"name": "AC-SET"})
	frappe.db.delete("Award Form", {"name": form.name})
	delete_counters(["AC-P"])
	for unit in ("AC-A-1", "AC-B-1", "AC-D-1", "AC-A", "AC-B", "AC-P"):
		frappe.delete_doc("Emulation Unit", unit, force=True, ignore_permissions=True)
	frappe.db.commit()


def client(world, key):
	return RestClient(world.base_url, email(key), PASSWORD)


def ok(response):
	assert response.status_code == 200, response.text[:800]
	body = response.json()
	return body.get("data", body.get("message"))


def messages(response):
	raw = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in raw)


def create(world, officer, unit, year, self_results=("Meets", None), score=8, report=True, phase="Full Year"):
	doc = ok(
		officer.post(
			f"/api/resource/{EVALUATION}",
			json={
				"plan": world.plan,
				"phase": phase,
				"phase_year": year,
				"subject_type": "Collective",
				"subject_unit": unit,
				"proposed_award_form": world.award_form,
			},
		)
	)
	items = doc["items"]
	items[0]["self_result"], items[1]["self_score"] = self_results[0], score
	items[1]["evidence_note"] = "Biên bản kiểm tra"
	payload = {"items": items}
	if report:
		payload["dossier"] = [
			{"document_kind": "Achievement Report", "file": officer.upload("bao-cao-thanh-tich.pdf")}
		]
	return ok(officer.put(f"/api/resource/{EVALUATION}/{doc['name']}", json=payload))


def act(user, name, action, reason=None):
	data = {"doctype": EVALUATION, "name": name, "action": action}
	if reason is not None:
		data["reason"] = reason
	return user.post(TRANSITION, data=data)


def state(name):
	frappe.db.rollback()
	return frappe.db.get_value(EVALUATION, name, ["workflow_state", "docstatus"])


def session(world, secretary, present=3):
	return ok(
		secretary.post(
			"/api/resource/Emulation Council Session",
			json={
				"plan": world.plan,
				"session_date": "2025-01-15",
				"voting_method": "Secret Ballot",
				"minutes": secretary.upload("bien-ban-hoi-dong.pdf"),
				"council_members": present,
				"members_present": [{"member_name": f"Ủy viên {i}"} for i in range(present)],
			},
		)
	)["name"]


def review(user, doc, score=7):
	items = doc["items"]
	items[0]["review_result"], items[1]["review_score"] = "Meets", score
	return ok(user.put(f"/api/resource/{EVALUATION}/{doc['name']}", json={"items": items}))


def test_full_chain_officer_reviewer_council(world):
	officer, reviewer, secretary = (client(world, k) for k in ("officer_a", "reviewer_a", "secretary"))
	doc = create(world, officer, "AC-A-1", 2024)
	assert doc["reviewing_unit"] == "AC-A" and not doc["direct_to_council"]
	assert doc["self_percent"] == 90 and doc["classification"] == "Excellent"

	ok(act(officer, doc["name"], "Send for Review"))
	assert state(doc["name"]) == ("Sent for Review", 0)
	assert frappe.db.exists(
		"Notification Log", {"for_user": email("reviewer_a"), "document_name": doc["name"]}
	)
	assert not frappe.db.exists(
		"Notification Log", {"for_user": email("reviewer_b"), "document_name": doc["name"]}
	)

	doc = review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{doc['name']}")))
	assert doc["review_percent"] == 85
	ok(act(reviewer, doc["name"], "Forward to Council"))
	assert state(doc["name"]) == ("Forwarded to Council", 0)

	ok(
		secretary.put(
			f"/api/resource/{EVALUATION}/{doc['name']}",
			json={"council_session": session(world, secretary), "votes_in_favour": 2},
		)
	)
	ok(act(secretary, doc["name"], "Approve"))
	assert state(doc["name"]) == ("Approved", 1)
	comments = frappe.get_all("Comment", filters={"reference_name": doc["name"]}, pluck="content")
	assert any("Trình Hội đồng" in c for c in comments)

	again = officer.post(
		f"/api/resource/{EVALUATION}",
		json={
			"plan": world.plan,
			"phase": "Full Year",
			"phase_year": 2024,
			"subject_type": "Collective",
			"subject_unit": "AC-A-1",
		},
	)
	assert again.status_code == 417 and "DuplicateEvaluationError" in again.text


def test_return_needs_a_reason_and_reaches_the_officer(world):
	officer, reviewer = client(world, "officer_a"), client(world, "reviewer_a")
	doc = create(world, officer, "AC-A-1", 2023, score=5)
	ok(act(officer, doc["name"], "Send for Review"))
	refused = act(reviewer, doc["name"], "Return for Revision")
	assert refused.status_code == 417 and "lý do" in messages(refused)
	assert state(doc["name"])[0] == "Sent for Review"
	ok(act(reviewer, doc["name"], "Return for Revision", "Thiếu minh chứng tiêu chí 2"))
	assert state(doc["name"])[0] == "Returned for Revision"
	assert frappe.db.exists(
		"Notification Log", {"for_user": email("officer_a"), "document_name": doc["name"]}
	)
	comments = frappe.get_all("Comment", filters={"reference_name": doc["name"]}, pluck="content")
	assert any("Thiếu minh chứng tiêu chí 2" in c for c in comments)
	ok(act(officer, doc["name"], "Send for Review"))
	assert state(doc["name"])[0] == "Sent for Review"


def test_union_directly_under_the_province_goes_to_the_council(world):
	officer = client(world, "officer_d")
	doc = create(world, officer, "AC-D-1", 2024)
	assert doc["direct_to_council"] == 1 and not doc.get("reviewing_unit")
	assert act(officer, doc["name"], "Send for Review").status_code != 200
	ok(act(officer, doc["name"], "Send to Council"))
	assert state(doc["name"])[0] == "Forwarded to Council"


def test_district_b_gets_nothing_of_district_a(world):
	doc = create(world, client(world, "officer_a"), "AC-A-1", 2022, score=3)
	name = doc["name"]
	ok(act(client(world, "officer_a"), name, "Send for Review"))  # opens a Workflow Action for reviewers
	for key in ("officer_b", "reviewer_b"):
		user = client(world, key)
		listed = ok(user.get(f"/api/resource/{EVALUATION}", params={"limit_page_length": 0}))
		assert name not in {row["name"] for row in listed}
		assert user.get(f"/api/resource/{EVALUATION}/{name}").status_code == 403
		count = ok(
			user.get(
				"/api/method/frappe.client.get_count",
				params={"doctype": EVALUATION, "filters": json.dumps({"name": name})},
			)
		)
		assert count == 0
		desk_count = ok(
			user.get(
				"/api/method/frappe.desk.reportview.get_count",
				params={"doctype": EVALUATION, "filters": json.dumps({"name": name})},
			)
		)
		assert desk_count == 0
		found = ok(
			user.get(
				"/api/method/frappe.desk.search.search_link",
				params={"doctype": EVALUATION, "txt": name, "ignore_user_permissions": 1},
			)
		)
		assert name not in {row["value"] for row in found}
		report = ok(
			user.get(
				"/api/method/frappe.desk.reportview.get",
				params={"doctype": EVALUATION, "fields": json.dumps(["name"]), "filters": json.dumps({})},
			)
		)
		assert name not in json.dumps(report)
		exported = user.post(
			"/api/method/frappe.desk.reportview.export_query",
			data={
				"doctype": EVALUATION,
				"file_format_type": "CSV",
				"fields": json.dumps([f"`tab{EVALUATION}`.`name`"]),
				"filters": json.dumps({}),
			},
		)
		assert exported.status_code == 200 and name not in exported.text
		assert act(user, name, "Send for Review").status_code == 403
		actions = ok(
			user.get(
				"/api/resource/Workflow Action",
				params={"fields": json.dumps(["reference_name"]), "limit_page_length": 0},
			)
		)
		assert name not in {row["reference_name"] for row in actions}
	# and the reviewer of district A does see it
	assert client(world, "reviewer_a").get(f"/api/resource/{EVALUATION}/{name}").status_code == 200


def test_bypasses_are_refused(world):
	officer, reviewer, secretary = (client(world, k) for k in ("officer_a", "reviewer_a", "secretary"))
	doc = create(world, officer, "AC-A-1", 2021, score=6)
	url = f"/api/resource/{EVALUATION}/{doc['name']}"

	assert officer.put(url, json={"workflow_state": "Forwarded to Council"}).status_code == 417
	assert state(doc["name"]) == ("Draft", 0)
	items = doc["items"]
	items[1]["review_score"] = 10
	assert officer.put(url, json={"items": items}).status_code == 417
	items[1]["review_score"], items[1]["self_score"] = None, 11
	out_of_range = officer.put(url, json={"items": items})
	assert out_of_range.status_code == 417 and "0–10" in messages(out_of_range)
	stranger = frappe.get_all(
		"Emulation Criterion", filters={"criteria_set": ("!=", "AC-SET")}, limit=1, pluck="name"
	)
	if stranger:
		items[1]["self_score"] = 5
		foreign = [*items, {"criterion": stranger[0], "self_result": "Meets"}]
		assert officer.put(url, json={"items": foreign}).status_code == 417
	assert reviewer.put(url, json={"proposed_award_form": None}).status_code == 417

	ok(act(officer, doc["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(url)))
	ok(act(reviewer, doc["name"], "Forward to Council"))
	submit = secretary.post(
		"/api/method/frappe.client.submit", data={"doc": json.dumps(ok(secretary.get(url)))}
	)
	assert submit.status_code != 200
	assert state(doc["name"]) == ("Forwarded to Council", 0)
	ok(
		secretary.put(
			url, json={"council_session": session(world, secretary, present=4), "votes_in_favour": 2}
		)
	)
	too_few = act(secretary, doc["name"], "Approve")
	assert too_few.status_code == 417 and "50" in messages(too_few)
	ok(secretary.put(url, json={"votes_in_favour": 3}))
	ok(act(secretary, doc["name"], "Approve"))
	cancel = secretary.post(
		"/api/method/frappe.client.cancel", data={"doctype": EVALUATION, "name": doc["name"]}
	)
	assert cancel.status_code != 200
	assert state(doc["name"]) == ("Approved", 1)


def test_sending_needs_the_achievement_report(world):
	officer = client(world, "officer_a")
	doc = create(world, officer, "AC-A-1", 2020, report=False, score=2)
	refused = act(officer, doc["name"], "Send for Review")
	assert refused.status_code == 417 and "báo cáo thành tích" in messages(refused)
	assert state(doc["name"])[0] == "Draft"


def test_sending_needs_a_file_in_every_dossier_row(world):
	officer = client(world, "officer_a")
	doc = create(world, officer, "AC-A-1", 2020, score=2, phase="First Half-Year")
	dossier = [*doc["dossier"], {"document_kind": "Meeting Minutes"}]
	ok(officer.put(f"/api/resource/{EVALUATION}/{doc['name']}", json={"dossier": dossier}))
	refused = act(officer, doc["name"], "Send for Review")
	assert refused.status_code == 417 and "chưa có tệp" in messages(refused)
	assert state(doc["name"])[0] == "Draft"


def test_nobody_approves_what_they_submitted(world):
	dual, reviewer = client(world, "dual"), client(world, "reviewer_a")
	doc = create(world, dual, "AC-A-1", 2019, score=1)
	ok(act(dual, doc["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{doc['name']}")))
	ok(act(reviewer, doc["name"], "Forward to Council"))
	ok(
		dual.put(
			f"/api/resource/{EVALUATION}/{doc['name']}",
			json={"council_session": session(world, dual), "votes_in_favour": 3},
		)
	)
	assert act(dual, doc["name"], "Approve").status_code != 200
	assert state(doc["name"]) == ("Forwarded to Council", 0)


def test_bulk_forward_is_all_or_nothing(world):
	officer, reviewer = client(world, "officer_a"), client(world, "reviewer_a")
	first = create(world, officer, "AC-A-1", 2025, score=4)
	ok(act(officer, first["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{first['name']}")))
	second = create(
		world, client(world, "officer_d"), "AC-D-1", 2025, score=4
	)  # outside the reviewer's scope
	names = json.dumps([first["name"], second["name"]])
	refused = reviewer.post(
		BULK, data={"doctype": EVALUATION, "names": names, "action": "Forward to Council"}
	)
	assert refused.status_code != 200
	assert state(first["name"])[0] == "Sent for Review"

	third = create(world, officer, "AC-A-1", 2025, score=9, phase="First Half-Year")
	ok(act(officer, third["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{third['name']}")))
	names = json.dumps([first["name"], third["name"]])
	ok(reviewer.post(BULK, data={"doctype": EVALUATION, "names": names, "action": "Forward to Council"}))
	assert state(first["name"])[0] == state(third["name"])[0] == "Forwarded to Council"


def test_the_list_views_workflow_actions_are_all_or_nothing_too(world):
	officer, reviewer = client(world, "officer_a"), client(world, "reviewer_a")
	first = create(world, officer, "AC-A-1", 2024, score=4, phase="First Half-Year")
	ok(act(officer, first["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{first['name']}")))
	outside = create(world, client(world, "officer_d"), "AC-D-1", 2024, score=4, phase="First Half-Year")
	refused = reviewer.post(
		FRAPPE_BULK,
		data={
			"doctype": EVALUATION,
			"docnames": json.dumps([first["name"], outside["name"]]),
			"action": "Forward to Council",
		},
	)
	assert refused.status_code != 200
	assert state(first["name"])[0] == "Sent for Review"

	second = create(world, officer, "AC-A-1", 2023, score=9, phase="First Half-Year")
	ok(act(officer, second["name"], "Send for Review"))
	review(reviewer, ok(reviewer.get(f"/api/resource/{EVALUATION}/{second['name']}")))
	names = json.dumps([first["name"], second["name"]])
	ok(
		reviewer.post(
			FRAPPE_BULK, data={"doctype": EVALUATION, "docnames": names, "action": "Forward to Council"}
		)
	)
	assert state(first["name"])[0] == state(second["name"])[0] == "Forwarded to Council"


# --- concurrency: two requests about one evaluation at the same moment


def waiting_for(name: str) -> int:
	"""Requests of the web server blocked on a locking read of evaluation `name` (a user sees the
	server threads of its own database account without any privilege)."""
	return frappe.db.sql(
		"""select count(*) from information_schema.PROCESSLIST
		where lower(INFO) like '%%for update%%' and INFO like %s and ID != connection_id()""",
		f"%{name}%",
	)[0][0]


def at_once(name: str, *calls):
	"""Run `calls` so that all of them reach the evaluation's row before any may take it: the test's
	transaction holds the row until every call waits for it."""
	frappe.db.rollback()
	frappe.db.sql("select name from `tabEmulation Evaluation` where name = %s for update", name)
	with ThreadPoolExecutor(len(calls)) as pool:
		futures = [pool.submit(call) for call in calls]
		deadline = time.monotonic() + 90
		while waiting_for(name) < len(calls):
			assert time.monotonic() < deadline, "the requests never reached the evaluation's row"
			assert not any(future.done() for future in futures), [
				f.result().text[:300] for f in futures if f.done()
			]
			time.sleep(0.2)
		frappe.db.rollback()
		return [future.result(timeout=120) for future in futures]


def test_the_same_evaluation_sent_twice_at_once_moves_once(world):
	officer, twin = client(world, "officer_a"), client(world, "dual")
	doc = create(world, officer, "AC-A-1", 2022, phase="First Half-Year")
	responses = at_once(
		doc["name"],
		lambda: act(officer, doc["name"], "Send for Review"),
		lambda: act(twin, doc["name"], "Send for Review"),
	)
	codes = sorted(response.status_code for response in responses)
	assert codes[0] == 200 and codes[1] != 200, [r.text[:300] for r in responses]
	late = next(response for response in responses if response.status_code != 200)
	assert late.json().get("exc_type") == "TimestampMismatchError", late.text[:500]
	assert state(doc["name"])[0] == "Sent for Review"
	moves = [
		version
		for version in frappe.get_all(
			"Version", filters={"ref_doctype": EVALUATION, "docname": doc["name"]}, pluck="data"
		)
		if "Sent for Review" in version
	]
	assert len(moves) == 1


def test_two_users_saving_the_same_evaluation_get_frappes_modified_error(world):
	officer, other = client(world, "officer_a"), client(world, "dual")
	doc = create(world, officer, "AC-A-1", 2021, phase="First Half-Year")
	path = f"/api/resource/{EVALUATION}/{doc['name']}"
	first, second = ok(officer.get(path)), ok(other.get(path))
	first["items"][1]["self_score"] = 9
	ok(officer.put(path, json={"items": first["items"], "modified": first["modified"]}))

	second["items"][1]["self_score"] = 3
	late = other.put(path, json={"items": second["items"], "modified": second["modified"]})
	assert late.status_code == 417 and late.json()["exc_type"] == "TimestampMismatchError", late.text[:500]
	# the desk's own save sends the whole form, with the time it was loaded
	desk = other.post(
		"/api/method/frappe.desk.form.save.savedocs", data={"doc": json.dumps(second), "action": "Save"}
	)
	assert desk.status_code == 417 and desk.json()["exc_type"] == "TimestampMismatchError", desk.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Emulation Evaluation Item", first["items"][1]["name"], "self_score") == 9

	# both saving at the same moment: one wins, the other is told, nothing is lost silently
	current = ok(officer.get(path))
	mine, theirs = json.loads(json.dumps(current)), json.loads(json.dumps(current))
	mine["items"][1]["self_score"], theirs["items"][1]["self_score"] = 5, 6
	responses = at_once(
		doc["name"],
		lambda: officer.put(path, json={"items": mine["items"], "modified": mine["modified"]}),
		lambda: other.put(path, json={"items": theirs["items"], "modified": theirs["modified"]}),
	)
	codes = sorted(response.status_code for response in responses)
	assert codes == [200, 417], [r.text[:300] for r in responses]
	winner = 5 if responses[0].status_code == 200 else 6
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Emulation Evaluation Item", current["items"][1]["name"], "self_score") == winner
	)
