"""The emulation and commendation council: it examines and recommends (xét, đề nghị); the Standing
Committee decides. A session recommends only with a quorum of the council's members present; absent
members may vote in writing, and their votes count with those present but not towards the quorum.
"""

from __future__ import annotations

import math

import frappe
from frappe import _
from frappe.utils import cint, flt

from vanhoa_congso.rules.evaluations import EvaluationError

SESSION = "Emulation Council Session"
DEFAULT_QUORUM = 66.67  # two thirds


class CouncilError(EvaluationError):
	pass


def quorum_needed(members: int, quorum_percent: float | None) -> int:
	"""Members who must attend: quorum_needed(9, 66.67) == 6, quorum_needed(7, 66.67) == 5.

	66.67 stands for two thirds, so the product is rounded to a tenth before rounding up: 9 × 66.67 %
	is 6.0003 members, which is 6, not 7."""
	share = flt(quorum_percent) if quorum_percent is not None else DEFAULT_QUORUM
	return math.ceil(round(cint(members) * share / 100, 1))


def names(rows) -> list[str]:
	return [" ".join((row.member_name or "").split()) for row in rows]


def validate_session(session) -> None:
	if cint(session.council_members) <= 0:
		frappe.throw(
			_("Enter how many members the council has; the quorum is counted on that number."), CouncilError
		)
	if not session.members_present:
		frappe.throw(_("List the council members present at the session."), CouncilError)
	present, written = names(session.members_present), names(session.written_votes)
	if len(set(present)) != len(present):
		frappe.throw(_("A council member is listed twice among those present."), CouncilError)
	if len(set(written)) != len(written):
		frappe.throw(_("A council member is listed twice among the written votes."), CouncilError)
	both = sorted(set(present) & set(written))
	if both:
		frappe.throw(
			_(
				"{0} is listed as present and as voting in writing; a written vote is for members who were absent."
			).format(", ".join(both)),
			CouncilError,
		)
	if len(present) + len(written) > cint(session.council_members):
		frappe.throw(
			_("{0} members present and {1} written votes are more than the council's {2} members.").format(
				len(present), len(written), session.council_members
			),
			CouncilError,
		)


def count_session(session, quorum_percent: float | None) -> None:
	"""The session's derived counts: present, written, voting, the quorum and whether it was reached."""
	session.present_count = len(session.members_present)
	session.written_count = len(session.written_votes)
	session.voting_count = session.present_count + session.written_count
	session.quorum_needed = quorum_needed(session.council_members, quorum_percent)
	session.has_quorum = int(
		cint(session.council_members) > 0 and session.present_count >= session.quorum_needed
	)


def validate_vote(evaluation, plan) -> None:
	"""A recommendation belongs to a session of the plan that had its quorum, and carries more votes in
	favour than the plan's threshold of the members voting."""
	if not evaluation.council_session:
		frappe.throw(_("Choose the council session that decided this evaluation."), CouncilError)
	session = frappe.db.get_value(
		SESSION,
		evaluation.council_session,
		["plan", "present_count", "voting_count", "council_members", "quorum_needed", "has_quorum"],
		as_dict=True,
	)
	if not session or session.plan != evaluation.plan:
		frappe.throw(
			_("Council session {0} is not a session of plan {1}.").format(
				evaluation.council_session, evaluation.plan
			),
			CouncilError,
		)
	if not session.has_quorum:
		frappe.throw(
			_(
				"Council session {0} had {1} of the council's {2} members present and needed {3}; without a quorum it cannot recommend."
			).format(
				evaluation.council_session,
				session.present_count,
				session.council_members,
				session.quorum_needed,
			),
			CouncilError,
		)
	voting = cint(session.voting_count) or cint(session.present_count)
	votes = cint(evaluation.votes_in_favour)
	if votes > voting:
		frappe.throw(
			_("{0} votes in favour is more than the {1} members who voted.").format(votes, voting),
			CouncilError,
		)
	needed = flt(plan.council_vote_threshold)
	if not voting or 100 * votes / voting <= needed:
		frappe.throw(
			_("{0} of {1} members voting were in favour; a recommendation needs more than {2}%.").format(
				votes, voting, needed
			),
			CouncilError,
		)
