#!/usr/bin/env bash
# The tests, as CI runs them: the bench set-up when anything is missing (scripts/setup-bench.sh),
# then this clone linked into the bench, ruff, a fresh test site with the app, and the README's
# pytest command. With VHCS_WITH_ERPNEXT=1 (as .ci/run sets it), a second site with ERPNext and the
# app then runs the integration's tests (tests/erpnext) and the demo's. The bench is left as it was
# found: the app link, apps.txt and the app's Python install are restored and the test sites are
# dropped, whatever the outcome (an ERPNext app folder fetched into a bench that had none stays,
# out of apps.txt, for the next run to reuse).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# apps.txt as found, before setup-bench adds ERPNext to it
FOUND_APPS="$(mktemp)"
[ -f "$BENCH/sites/apps.txt" ] && cp "$BENCH/sites/apps.txt" "$FOUND_APPS" || rm -f "$FOUND_APPS"

bash "$VHCS_REPO/scripts/setup-bench.sh"

SITE="${VHCS_CI_SITE:-vhcs-ci.localhost}"
ERPNEXT_SITE="erpnext.$SITE"
APP_PATH="$BENCH/apps/$VHCS_APP"
STATE="$(mktemp -d)"
cp "$BENCH/sites/apps.txt" "$STATE/apps.txt"
if [ -L "$APP_PATH" ]; then
	readlink "$APP_PATH" >"$STATE/link"
	rm "$APP_PATH"
elif [ -e "$APP_PATH" ]; then
	mv "$APP_PATH" "$STATE/app"
fi
"$PY" -m pip show -q "$VHCS_APP" >/dev/null 2>&1 && touch "$STATE/was_installed"

restore() {
	status=$?
	set +e
	cd "$BENCH/sites"
	for site in "$SITE" "$ERPNEXT_SITE"; do
		if site_exists "$site"; then
			"${FRAPPE[@]}" drop-site "$site" --force --no-backup \
				--db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" >/dev/null 2>&1
			rm -rf "$BENCH/archived/sites/$site" "$BENCH/archived_sites/$site"
		fi
	done
	rm -f "$APP_PATH"
	if [ -f "$STATE/link" ]; then
		ln -s "$(cat "$STATE/link")" "$APP_PATH"
	elif [ -d "$STATE/app" ]; then
		mv "$STATE/app" "$APP_PATH"
	fi
	cp "$STATE/apps.txt" "$BENCH/sites/apps.txt"
	if [ -f "$FOUND_APPS" ]; then
		cp "$FOUND_APPS" "$BENCH/sites/apps.txt"
		rm -f "$FOUND_APPS"
	fi
	if [ -f "$STATE/was_installed" ] && [ -e "$APP_PATH" ]; then
		"$PY" -m pip install -q --no-deps -e "$APP_PATH" >/dev/null 2>&1
	else
		"$PY" -m pip uninstall -q -y "$VHCS_APP" >/dev/null 2>&1
	fi
	rm -rf "$STATE"
	exit $status
}
trap restore EXIT

say "installing $VHCS_REPO into $BENCH"
link_app_into_bench

say "ruff"
"$PY" -m ruff check "$VHCS_REPO"
"$PY" -m ruff format --check "$VHCS_REPO"

say "fresh test site $SITE"
cd "$BENCH/sites"
"${FRAPPE[@]}" new-site "$SITE" --force --admin-password admin \
	--db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
	--mariadb-user-host-login-scope='%' --install-app "$VHCS_APP" 2>&1 | tr '\r' '\n' | grep -v "Updating DocTypes" || true
site_exists "$SITE" || fail "new-site $SITE failed (see the output above)."
"${FRAPPE[@]}" --site "$SITE" list-apps | grep -q "$VHCS_APP" || fail "install-app $VHCS_APP on $SITE failed (see the output above)."
# The app's JS and CSS bundles and its translations, as a deployment builds them.
"${FRAPPE[@]}" build --app "$VHCS_APP" 2>&1 | tail -n 3
"${FRAPPE[@]}" --site "$SITE" compile-po-to-mo --app "$VHCS_APP" --force

say "tests"
# The test command of README.md, with this run's site and bench.
export FRAPPE_BENCH="$BENCH" VHCS_SEEDS_DIR="${VHCS_SEEDS_DIR:-$VHCS_REPO/../shared/seeds}"
cd "$BENCH/sites" && VHCS_TEST_SITE="$SITE" ../env/bin/python -m pytest "../apps/$VHCS_APP"

[ "${VHCS_WITH_ERPNEXT:-0}" = 1 ] || exit 0

say "second test site $ERPNEXT_SITE: ERPNext, then the app"
# a bench whose apps.txt was restored without ERPNext still holds its folder from an earlier run
grep -qx erpnext "$BENCH/sites/apps.txt" || printf '\nerpnext\n' >>"$BENCH/sites/apps.txt"
sed -i '/^$/d' "$BENCH/sites/apps.txt"
"${FRAPPE[@]}" new-site "$ERPNEXT_SITE" --force --admin-password admin \
	--db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
	--mariadb-user-host-login-scope='%' --install-app erpnext --install-app "$VHCS_APP" 2>&1 |
	tr '\r' '\n' | grep -v "Updating DocTypes" || true
"${FRAPPE[@]}" --site "$ERPNEXT_SITE" list-apps | grep -q erpnext || fail "new-site $ERPNEXT_SITE with ERPNext failed (see the output above)."
"${FRAPPE[@]}" --site "$ERPNEXT_SITE" list-apps | grep -q "$VHCS_APP" || fail "install-app $VHCS_APP on $ERPNEXT_SITE failed (see the output above)."
say "ERPNext integration tests"
VHCS_TEST_SITE="$ERPNEXT_SITE" ../env/bin/python -m pytest "../apps/$VHCS_APP/tests/erpnext" "../apps/$VHCS_APP/tests/test_demo.py"
