"""Who sees and writes what: the scope rule (scope.py), field ownership (ownership.py), frappe's own
records about app documents (platform.py) and frappe endpoints made to follow the rules (endpoints.py)."""

from vanhoa_congso.permissions import frappe_patches

# any process that loads the app's rules has frappe's child-row check and link counts scoped too
frappe_patches.install()
