"""The app's PDFs at their true sizes, with page numbers centred in the top margin from the second page
on (Decree 30/2020, Appendix I), each annex numbered on its own.

Debian's wkhtmltopdf (unpatched Qt) lays pages out at 125 CSS pixels to the inch instead of 96, so a
13 pt letter prints at 10 pt and a 20 mm box at 15 mm. While the app makes a PDF it asks its templates
to zoom their content by 125/96 (`pdf_zoom`), so that sizes in pt and mm come out as written; the
patched-Qt build (the one frappe recommends) prints 1:1 and gets no zoom.

Frappe asks wkhtmltopdf for headers and footers with --header-html, which only the build with patched
Qt honours; Debian's wkhtmltopdf ignores it and runs no script, so nothing in the HTML can number the
pages. The numbers are therefore stamped on the finished PDF: wkhtmltopdf renders one small page per
number in the same font, and each is merged onto its page. A print format asks for this with Frappe's
own setting, Page Number = "Top Center"; a page that opens an annex carries an invisible link to
RESTART_URL (wkhtmltopdf keeps links as annotations, so the page can be found and the link removed).
"""

from __future__ import annotations

import contextlib
import io

import frappe
from frappe.utils.print_format import download_pdf as frappe_download_pdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

MODULE = "Vanhoa Congso"
TOP_CENTER = "Top Center"
RESTART_URL = "https://page-numbering.invalid/restart"
# Where the number sits: its line box starts this far below the top edge, centred over the text block
# (left margin 30 mm, right 15 mm, as the app's formats print).
NUMBER_TOP_MM = 10
TEXT_LEFT_MM, TEXT_RIGHT_MM = 30, 15
NUMBER_STYLE = (
	"font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 13pt; text-align: center;"
)


UNPATCHED_QT_ZOOM = 125 / 96


def wkhtmltopdf_zoom() -> float:
	from frappe.utils.pdf import is_wkhtmltopdf_valid

	# frappe calls the build "valid" when its version string names the patched Qt
	return 1.0 if is_wkhtmltopdf_valid() else UNPATCHED_QT_ZOOM


@contextlib.contextmanager
def rendering_pdf():
	"""Marks the templates rendered inside as going to wkhtmltopdf (see `pdf_zoom`)."""
	previous = frappe.flags.vhcs_rendering_pdf
	frappe.flags.vhcs_rendering_pdf = True
	try:
		yield
	finally:
		frappe.flags.vhcs_rendering_pdf = previous


def pdf_zoom() -> float:
	"""The zoom the app's print templates apply to their content: 125/96 while the app makes a PDF with
	Debian's wkhtmltopdf, else 1 (the browser's print preview, the patched-Qt build)."""
	return wkhtmltopdf_zoom() if frappe.flags.vhcs_rendering_pdf else 1.0


def wants_page_numbers(print_format: str | None) -> bool:
	if not print_format:
		return False
	values = frappe.db.get_value("Print Format", print_format, ["module", "page_number"], as_dict=True)
	return bool(values) and values.module == MODULE and values.page_number == TOP_CENTER


def page_numbers(pages: int, restarts: set[int]) -> list[int | None]:
	"""The number each page shows: counted from 1 at the first page and at each restart, and not shown
	on a first page. page_numbers(5, {3}) == [None, 2, 3, None, 2]."""
	numbers: list[int | None] = []
	count = 0
	for index in range(pages):
		count = 1 if index == 0 or index in restarts else count + 1
		numbers.append(count if count > 1 else None)
	return numbers


def number_pages(pdf: bytes) -> bytes:
	"""`pdf` with its page numbers stamped on, and the restart markers removed."""
	reader = PdfReader(io.BytesIO(pdf))
	writer = PdfWriter()
	writer.append_pages_from_reader(reader)
	restarts = {index for index, page in enumerate(writer.pages) if remove_restart_marker(page)}
	numbers = page_numbers(len(writer.pages), restarts)
	wanted = [(index, number) for index, number in enumerate(numbers) if number]
	if wanted:
		landscape = [
			float(writer.pages[i].mediabox.width) > float(writer.pages[i].mediabox.height) for i, _n in wanted
		]
		stamps = number_stamps([number for _i, number in wanted], landscape)
		for (index, _number), stamp in zip(wanted, stamps, strict=True):
			# under the page's own content: wkhtmltopdf paints each page's text block white
			writer.pages[index].merge_page(stamp, over=False)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def remove_restart_marker(page) -> bool:
	annotations = page.get("/Annots")
	if not annotations:
		return False
	kept, found = ArrayObject(), False
	for annotation in annotations.get_object():
		action = annotation.get_object().get("/A") or {}
		if action.get("/URI") == RESTART_URL:
			found = True
		else:
			kept.append(annotation)
	if found:
		if kept:
			page[NameObject("/Annots")] = kept
		else:
			del page["/Annots"]
	return found


def number_stamps(numbers: list[int], landscape: list[bool]) -> list:
	"""One PDF page per number, each holding only the number in its top margin."""
	rendered = {}
	for wide in set(landscape):
		chosen = [number for number, page_wide in zip(numbers, landscape, strict=True) if page_wide == wide]
		rendered[wide] = iter(PdfReader(io.BytesIO(render_stamps(chosen, wide))).pages)
	return [next(rendered[wide]) for wide in landscape]


def render_stamps(numbers: list[int], landscape: bool) -> bytes:
	import pdfkit

	pages = "".join(
		f'<div style="{NUMBER_STYLE} page-break-after: always;">{number}</div>' for number in numbers
	)
	body = f'<div style="zoom: {wkhtmltopdf_zoom()}">{pages}</div>'
	html = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin: 0">{body}</body></html>'
	options = {
		"page-size": "A4",
		"orientation": "Landscape" if landscape else "Portrait",
		"margin-top": f"{NUMBER_TOP_MM}mm",
		"margin-bottom": "0mm",
		"margin-left": f"{TEXT_LEFT_MM}mm",
		"margin-right": f"{TEXT_RIGHT_MM}mm",
		"encoding": "UTF-8",
		"disable-smart-shrinking": "",
		"disable-javascript": "",
		"no-background": "",
		"quiet": "",
	}
	return pdfkit.from_string(html, False, options=options)


def get_pdf(doctype: str, name: str, print_format: str | None = None, **kwargs) -> bytes:
	"""frappe.get_print(as_pdf=True), numbered when the print format asks for it."""
	with rendering_pdf():
		pdf = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True, **kwargs)
	return number_pages(pdf) if wants_page_numbers(print_format or default_format(doctype)) else pdf


def default_format(doctype: str) -> str | None:
	return frappe.get_meta(doctype).default_print_format


@frappe.whitelist(allow_guest=True)
def download_pdf(
	doctype: str, name: str, format=None, doc=None, no_letterhead=0, language=None, letterhead=None
):
	"""Frappe's PDF download (the desk's PDF button), with page numbers stamped on for the app's formats."""
	frappe_download_pdf(
		doctype,
		name,
		format=format,
		doc=doc,
		no_letterhead=no_letterhead,
		language=language,
		letterhead=letterhead,
	)
	if wants_page_numbers(format or default_format(doctype)):
		frappe.local.response.filecontent = number_pages(frappe.local.response.filecontent)
