"""Every user-facing string of the app ships with a Vietnamese translation."""

import os
import re

import frappe
import pytest
from babel.messages.pofile import read_po

from vanhoa_congso.testing import extract_messages

LOCALE_DIR = os.path.join(frappe.get_app_path("vanhoa_congso"), "locale")
PLACEHOLDER = re.compile(r"\{\d*\}")


def read_catalog(filename):
	with open(os.path.join(LOCALE_DIR, filename), "rb") as f:
		return read_po(f)


def test_every_string_has_a_vietnamese_translation():
	catalog = read_catalog("vi.po")
	translated = {message.id: message.string for message in catalog if message.id and message.string}
	missing = sorted({message for message, _context in extract_messages() if message not in translated})
	assert not missing, "Add these to vanhoa_congso/locale/vi.po:\n" + "\n".join(missing)


def test_template_lists_every_string():
	template = {message.id for message in read_catalog("main.pot") if message.id}
	missing = sorted({message for message, _context in extract_messages() if message not in template})
	assert not missing, "main.pot is out of date; add:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
	for message in read_catalog("vi.po"):
		if message.id:
			assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), (
				message.id
			)


def test_frappe_serves_the_translations():
	assert frappe._("Union Member", lang="vi") == "Đoàn viên"
	assert frappe._("Emulation Plan", lang="vi") == "Kế hoạch thi đua"
	assert frappe._("Unit {0} does not exist.", lang="vi").format("X") == "Đơn vị X không tồn tại."


@pytest.mark.parametrize(
	"source,vietnamese",
	[
		("Award Kind", "Loại hình khen thưởng"),
		("Base Salary Coefficient", "Hệ số × mức lương cơ sở"),
		("Member Category", "Thành phần"),
		("Signer Name", "Họ tên người ký"),
		("Criterion", "Tiêu chí"),
		("Emulation Criterion", "Tiêu chí thi đua"),
		("Forwarded to Council", "Hội đồng xét, đề nghị"),
		("Forward to Council", "Trình Hội đồng xét, đề nghị"),
	],
)
def test_the_unions_terms(source, vietnamese):
	assert frappe._(source, lang="vi") == vietnamese


def test_one_word_for_a_criterion_and_no_parent_units():
	for message in read_catalog("vi.po"):
		if not message.id:
			continue
		assert "đơn vị cha" not in message.string, message.id
		# a criterion is a tiêu chí; a set of them (Criteria Set) is the plan's tiêu chuẩn
		if re.search(r"\bcriterion\b", message.id, re.IGNORECASE):
			assert "tiêu chuẩn" not in message.string.replace("bộ tiêu chuẩn", ""), message.id
