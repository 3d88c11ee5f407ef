"""Install and uninstall hooks: master records in, every trace of the app out."""

import frappe

from vanhoa_congso import integrations

APP_ROLES = (
	"Emulation Manager",
	"Grassroots Union Officer",
	"Upper-Level Reviewer",
	"Emulation Council Member",
	"Emulation Council Secretary",
)

# Base salary (mức lương cơ sở) set by the Government's decrees; prizes are coefficients of it.
BASE_SALARY_RATES = (
	("2018-07-01", 1_390_000, "Nghị định 72/2018/NĐ-CP"),
	("2019-07-01", 1_490_000, "Nghị định 38/2019/NĐ-CP"),
	("2023-07-01", 1_800_000, "Nghị định 24/2023/NĐ-CP"),
	("2024-07-01", 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)

SECTORS = ("Giáo dục", "Y tế")

# Vietnam's 54 ethnic groups, named and ordered as in the official list (Quyết định 121-TCTK/PPCĐ)
ETHNIC_GROUPS = (
	"Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai", "Ngái",
	"Ê-đê", "Ba na", "Xơ-Đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai",
	"Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi",
	"Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ",
	"Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu",
	"Ơ Đu", "Rơ-măm",
)  # fmt: skip

# Created by frappe's own install; other apps' workflows may rely on them.
FRAPPE_WORKFLOW_STATES = ("Pending", "Approved", "Rejected")


def after_install() -> None:
	create_base_salary_rates()
	create_sectors()
	create_ethnic_groups()
	integrations.after_install()


def create_base_salary_rates() -> None:
	for effective_from, amount, legal_basis in BASE_SALARY_RATES:
		if not frappe.db.exists("Base Salary Rate", effective_from):
			frappe.get_doc(
				{
					"doctype": "Base Salary Rate",
					"effective_from": effective_from,
					"amount": amount,
					"legal_basis": legal_basis,
				}
			).insert(ignore_permissions=True)


def create_sectors() -> None:
	for sector in SECTORS:
		if not frappe.db.exists("Emulation Sector", sector):
			frappe.get_doc({"doctype": "Emulation Sector", "sector_name": sector}).insert(
				ignore_permissions=True
			)


def create_ethnic_groups() -> None:
	for order, name in enumerate(ETHNIC_GROUPS, start=1):
		if not frappe.db.exists("Ethnic Group", name):
			frappe.get_doc(
				{"doctype": "Ethnic Group", "ethnic_group_name": name, "sort_order": order}
			).insert(ignore_permissions=True)


def before_uninstall() -> None:
	"""Frappe drops the app's tables; remove what the app left in frappe's own tables."""
	integrations.before_uninstall()
	app_doctypes = frappe.get_all("DocType", filters={"module": ("in", get_app_modules())}, pluck="name")
	if app_doctypes:
		frappe.db.delete("User Permission", {"allow": ("in", app_doctypes)})
		frappe.db.delete("DefaultValue", {"defkey": ("in", app_doctypes)})
		# records frappe keeps about the app's documents: timeline, history, alerts, shares, actions
		for doctype, field in (
			("Comment", "reference_doctype"),
			("Version", "ref_doctype"),
			("Notification Log", "document_type"),
			("DocShare", "share_doctype"),
			("Workflow Action", "reference_doctype"),
			("ToDo", "reference_type"),
		):
			frappe.db.delete(doctype, {field: ("in", app_doctypes)})
		for workflow in frappe.get_all(
			"Workflow", filters={"document_type": ("in", app_doctypes)}, pluck="name"
		):
			frappe.delete_doc("Workflow", workflow, ignore_permissions=True, force=True)
	remove_unused_workflow_masters()
	for role in APP_ROLES:
		frappe.db.delete("Has Role", {"role": role})
		frappe.db.delete("Custom DocPerm", {"role": role})
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	# roles and user permissions are cached per user; drop every cached copy of what was removed
	frappe.clear_cache()


def get_app_modules() -> list[str]:
	return frappe.get_module_list("vanhoa_congso")


def remove_unused_workflow_masters() -> None:
	"""Drop the app's workflow states and actions unless another workflow (or frappe itself) uses them."""
	from vanhoa_congso.hooks import WORKFLOW_ACTIONS, WORKFLOW_STATES

	used_states = set(frappe.get_all("Workflow Document State", pluck="state")) | set(
		frappe.get_all("Workflow Transition", pluck="next_state")
	)
	for state in WORKFLOW_STATES:
		if state not in used_states and state not in FRAPPE_WORKFLOW_STATES:
			frappe.db.delete("Workflow State", {"name": state})
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for action in WORKFLOW_ACTIONS:
		if action not in used_actions:
			frappe.db.delete("Workflow Action Master", {"name": action})
