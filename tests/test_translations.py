"""Every user-facing string of the app ships with a Vietnamese translation."""

import os
import re

import frappe
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
