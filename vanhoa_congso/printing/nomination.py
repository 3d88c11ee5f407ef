"""The submission letter (tờ trình) with which a district-level union sends its nomination batch up,
with the ranked list attached: the same header and signature blocks as every other paper."""

from __future__ import annotations

import frappe

from vanhoa_congso import printing


def nomination_letter_context(doc) -> frappe._dict:
	signature = [line.upper() for line in (doc.signer_on_behalf_of, doc.signer_title) if line]
	return frappe._dict(
		header=printing.header(
			doc.sending_unit, doc.letter_number or printing.draft_number("TTr"), doc.place, doc.letter_date
		),
		footer=printing.footer(doc.distribution, signature, doc.signer_name),
	)
