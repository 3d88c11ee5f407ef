"""The minutes (biên bản) of a council session, filled from the session and the evaluations it voted
on. The council examines and recommends; the minutes end by proposing to the body that decides."""

from __future__ import annotations

import frappe
from frappe.utils import cint, flt

from vanhoa_congso import printing
from vanhoa_congso.printing import decision
from vanhoa_congso.printing.evaluation import unit_place

RECOMMENDED, NOT_RECOMMENDED = "Approved", "Not Approved"
METHODS = {"Show of Hands": "biểu quyết giơ tay", "Secret Ballot": "bỏ phiếu kín"}


def voted_evaluations(session) -> list[dict]:
	"""The evaluations whose result the council recorded at this session, in the order they were taken."""
	rows = frappe.get_all(
		"Emulation Evaluation",
		filters={"council_session": session.name, "workflow_state": ("in", [RECOMMENDED, NOT_RECOMMENDED])},
		fields=[
			"subject_name",
			"subject_type",
			"emulation_unit",
			"proposed_award_form",
			"votes_in_favour",
			"workflow_state",
		],
		order_by="subject_type asc, subject_name asc",
	)
	voting = cint(session.voting_count) or cint(session.present_count)
	return [
		{
			"subject": row.subject_name,
			"unit": printing.unit_formal_name(row.emulation_unit) if row.subject_type != "Collective" else "",
			"award_form": row.proposed_award_form or "",
			"votes": f"{cint(row.votes_in_favour)}/{voting}",
			"share": f"{flt(100 * cint(row.votes_in_favour) / voting, 1):g}%".replace(".", ",")
			if voting
			else "",
			"result": "Đề nghị khen thưởng" if row.workflow_state == RECOMMENDED else "Không đề nghị",
		}
		for row in rows
	]


def council_minutes_context(doc) -> frappe._dict:
	details = decision.plan_details(doc.plan)
	unit = details.issuing_unit
	place = unit_place(unit)
	council = printing.council_name(unit)
	deciding = f"{decision.unit_signer(unit).deciding_body} {printing.unit_formal_name(unit)}"
	absent = cint(doc.council_members) - cint(doc.present_count)
	time = ""
	if doc.start_time:
		hours, minutes = str(doc.start_time).split(":")[:2]
		time = f"{int(hours):02d} giờ {int(minutes):02d} phút, "
	results = voted_evaluations(doc)
	recommended = [row for row in results if row["result"] == "Đề nghị khen thưởng"]
	return frappe._dict(
		header=printing.header(
			unit,
			printing.draft_number("BB-HĐTĐKT"),
			place,
			doc.session_date,
			issuer="Hội đồng Thi đua - Khen thưởng",
		),
		summary=f"Họp {council} xét, đề nghị khen thưởng trong phong trào thi đua {printing.campaign_name(details.title)}",
		when=f"{time}{printing.place_and_date(None, doc.session_date).lower()}",
		venue=doc.venue,
		members=(
			f"Hội đồng có {cint(doc.council_members)} thành viên; có mặt {cint(doc.present_count)} thành viên, "
			f"vắng {absent} thành viên"
			+ (
				f" ({cint(doc.written_count)} thành viên gửi phiếu bằng văn bản)"
				if cint(doc.written_count)
				else ""
			)
			+ "."
		),
		present=[(row.member_name, row.position) for row in doc.members_present],
		written=[(row.member_name, row.note) for row in doc.written_votes],
		chair=", ".join(filter(None, [doc.chaired_by, doc.chair_title])),
		secretary=doc.minutes_taken_by,
		quorum=(
			f"Số thành viên có mặt là {cint(doc.present_count)}/{cint(doc.council_members)}, "
			+ (
				f"đủ số lượng tối thiểu ({cint(doc.quorum_needed)} thành viên) để Hội đồng xét, đề nghị."
				if doc.has_quorum
				else f"chưa đủ số lượng tối thiểu ({cint(doc.quorum_needed)} thành viên); Hội đồng không xét, đề nghị tại phiên họp này."
			)
		),
		method=METHODS.get(doc.voting_method, doc.voting_method or ""),
		results=results,
		result_cells=[
			[
				index,
				", ".join(filter(None, [row["subject"], row["unit"]])),
				row["award_form"],
				row["votes"],
				row["share"],
				row["result"],
			]
			for index, row in enumerate(results, start=1)
		],
		conclusion=(
			f"Hội đồng thống nhất đề nghị {deciding} xem xét, quyết định khen thưởng {len(recommended)} "
			"tập thể, cá nhân có tên trên."
			if recommended
			else None
		),
		proceedings=printing.paragraphs(doc.proceedings),
		chair_title=(doc.chair_title or "Chủ tịch Hội đồng").upper(),
		chair_name=doc.chaired_by,
		secretary_name=doc.minutes_taken_by,
	)
