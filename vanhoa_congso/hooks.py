app_name = "vanhoa_congso"
app_title = "Văn hóa công sở"
app_publisher = "vanhoa_congso developers"
app_description = "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” cho các cấp công đoàn"
app_email = "vanhoa.congso@example.org"
app_license = "mit"

# Installation
# ------------

after_install = "vanhoa_congso.install.after_install"
before_uninstall = "vanhoa_congso.install.before_uninstall"


# Permissions
# -----------

override_whitelisted_methods = {
	"frappe.client.get_count": "vanhoa_congso.permissions.get_count",
}
