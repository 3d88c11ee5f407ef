# Shared settings of the bench scripts (setup-bench.sh, demo.sh, test.sh). Sourced, never run.
#
# Everything can be set from the environment:
#   FRAPPE_BENCH          the bench (default ~/frappe-bench)
#   FRAPPE_SOURCES        a folder of source archives (frappe-*.tar.gz, erpnext-*.tar.gz,
#                         air-datepicker-*.tar.gz) to build from instead of the upstream git repositories
#   VHCS_TOOLS_DIR        where the bench CLI, yarn 1 and unpacked sources live (default
#                         ~/.local/share/vanhoa_congso)
#   VHCS_DB_HOST/PORT     MariaDB (default 127.0.0.1:3306)
#   VHCS_DB_ROOT_USER/PASSWORD  the MariaDB superuser new-site uses (created through root's
#                         passwordless login when it does not exist)
#   VHCS_REDIS_URL        Redis for cache, queue and realtime (default redis://127.0.0.1:6379)
#   VHCS_WITH_ERPNEXT     1 to add ERPNext to the bench as well

VHCS_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VHCS_APP=vanhoa_congso
FRAPPE_BRANCH="${FRAPPE_BRANCH:-version-15}"
BENCH="${FRAPPE_BENCH:-$HOME/frappe-bench}"
case "$BENCH" in /*) ;; *) BENCH="$PWD/$BENCH" ;; esac
TOOLS="${VHCS_TOOLS_DIR:-$HOME/.local/share/vanhoa_congso}"
DB_HOST="${VHCS_DB_HOST:-127.0.0.1}"
DB_PORT="${VHCS_DB_PORT:-3306}"
DB_ROOT_USER="${VHCS_DB_ROOT_USER:-vhcs_ci_root}"
DB_ROOT_PASSWORD="${VHCS_DB_ROOT_PASSWORD:-vhcs_ci_root}"
REDIS_URL="${VHCS_REDIS_URL:-redis://127.0.0.1:6379}"
PY="$BENCH/env/bin/python"
FRAPPE=("$PY" -m frappe.utils.bench_helper frappe)

# yarn 1 and the bench CLI that setup-bench.sh installs come first on PATH, for bench and for
# frappe's asset build alike.
export PATH="$TOOLS/yarn/node_modules/.bin:$TOOLS/bench-cli/bin:$PATH"
# Frappe refuses to run bench commands as root unless told which user the bench runs as; uv (used
# by bench) and pip keep one of frappe's dependencies importable with setuptools below 80.
export UV_CONSTRAINT="$TOOLS/constraints.txt" PIP_CONSTRAINT="$TOOLS/constraints.txt"

say() { printf '== %s\n' "$*"; }
# One line that says what failed and how to fix it, then stop.
fail() {
	printf 'vanhoa_congso: %s\n' "$*" >&2
	exit 1
}

# bench reads the user it should run as from the config of the folder it starts in.
bench_cli() { (cd "$BENCH" && bench "$@"); }

db_superuser_works() {
	mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" -e "SELECT 1" >/dev/null 2>&1
}

site_exists() { [ -f "$BENCH/sites/$1/site_config.json" ]; }

# Puts this clone into the bench as the app (a link, as `bench get-app --soft-link` makes) and
# installs it into the bench's Python; leaves an app already linked to this clone alone.
link_app_into_bench() {
	local app_path="$BENCH/apps/$VHCS_APP"
	if [ -L "$app_path" ] && [ "$(readlink -f "$app_path")" = "$VHCS_REPO" ]; then
		:
	elif [ -e "$app_path" ]; then
		fail "$app_path already holds another copy of the app; remove it or set FRAPPE_BENCH to another bench."
	else
		ln -s "$VHCS_REPO" "$app_path"
	fi
	grep -qx "$VHCS_APP" "$BENCH/sites/apps.txt" || printf '\n%s\n' "$VHCS_APP" >>"$BENCH/sites/apps.txt"
	sed -i '/^$/d' "$BENCH/sites/apps.txt"
	"$PY" -m pip install -q --no-deps -e "$app_path" >/dev/null || fail "pip could not install $app_path into $BENCH/env."
	"$PY" -c "import openpyxl" 2>/dev/null || "$PY" -m pip install -q "openpyxl~=3.1"
}
