#!/usr/bin/env bash
# Builds the Frappe v15 bench this app runs in, or completes one: the system packages, a MariaDB
# superuser for new-site, yarn 1, the bench CLI, `bench init --frappe-branch version-15`, the Redis
# and database hosts in common_site_config.json, the assets, and the test tools. In the spirit of
# frappe/hrms's docker/init.sh, without Docker.
#
# An existing bench is never rebuilt: each step only adds what is missing, so a second run takes
# seconds. Frappe comes from https://github.com/frappe/frappe (branch version-15), or, with
# FRAPPE_SOURCES=<dir>, from the source archives in that folder, with no git host at all.
# See scripts/lib.sh for the settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$(date +%s)
as_root=0
[ "$(id -u)" = 0 ] && as_root=1
RUN_USER="$(id -un)"

# --- system packages ---------------------------------------------------------------------------
apt_install() {
	local sudo=()
	if [ $as_root = 0 ]; then
		command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || fail "these Debian packages are missing: $*; install them with: sudo apt-get install $*"
		sudo=(sudo -n)
	fi
	command -v apt-get >/dev/null 2>&1 || fail "these packages are missing and there is no apt-get to install them: $*; install them with your package manager."
	say "installing $* (Debian packages)"
	{ "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"; } >/dev/null 2>&1 ||
		fail "apt-get could not install $*; run: apt-get install $* and try again."
}

redis_answers() {
	local hostport="${REDIS_URL#redis://}"
	hostport="${hostport%%/*}"
	redis-cli -h "${hostport%:*}" -p "${hostport##*:}" ping 2>/dev/null | grep -q PONG
}

start_service() {
	local name=$1 daemon=$2
	shift 2
	if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
		if [ $as_root = 1 ]; then systemctl start "$name"; else sudo -n systemctl start "$name"; fi
	elif [ $as_root = 1 ]; then
		start-stop-daemon --start --oknodo --background --exec "$daemon" -- "$@"
	else
		fail "$name is installed but not running; start it (sudo service $name start) and try again."
	fi
}

python_bin="${VHCS_PYTHON:-}"
if [ -z "$python_bin" ]; then
	for candidate in python3.11 python3.12 python3.10 python3; do
		if command -v "$candidate" >/dev/null 2>&1 &&
			"$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null; then
			python_bin="$(command -v "$candidate")"
			break
		fi
	done
fi
[ -n "$python_bin" ] || fail "Frappe v15 needs Python 3.10 to 3.12 and none is on PATH; install python3.11 (apt-get install python3.11 python3.11-venv) or set VHCS_PYTHON."
command -v node >/dev/null 2>&1 && node -e 'process.exit(+process.versions.node.split(".")[0] < 18 ? 1 : 0)' ||
	fail "Frappe v15 needs Node.js 18 or newer on PATH; install Node 20 (https://nodejs.org or apt-get install nodejs) and try again."
command -v npm >/dev/null 2>&1 || fail "npm is missing; install it beside Node.js (apt-get install npm) and try again."

packages=()
command -v git >/dev/null 2>&1 || packages+=(git)
command -v mysql >/dev/null 2>&1 || packages+=(mariadb-client)
command -v redis-cli >/dev/null 2>&1 || packages+=(redis-tools)
command -v wkhtmltopdf >/dev/null 2>&1 || packages+=(wkhtmltopdf)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v fc-list >/dev/null 2>&1 || packages+=(fontconfig)
# The printed documents ask for Times New Roman; Liberation Serif has the same metrics, and from
# version 2 (fonts-liberation2) the Vietnamese letters too (ế is U+1EBF).
fc-list ':charset=1ebf' family 2>/dev/null | grep -q "Liberation Serif" || packages+=(fonts-liberation2)
fc-list 2>/dev/null | grep -q "DejaVu Sans" || packages+=(fonts-dejavu-core)
[ ${#packages[@]} -eq 0 ] || apt_install "${packages[@]}"
# Chromium keeps Liberation 1 installed beside it, and wkhtmltopdf's Qt then takes its bold faces,
# which have no Vietnamese letters, and prints those in DejaVu. This user's fontconfig hides them.
liberation1=/usr/share/fonts/truetype/liberation
fontconfig_rule="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/70-vanhoa-congso-liberation2.conf"
if [ -d "$liberation1" ] && [ -d /usr/share/fonts/truetype/liberation2 ] && [ ! -f "$fontconfig_rule" ]; then
	mkdir -p "$(dirname "$fontconfig_rule")"
	cat >"$fontconfig_rule" <<FONTCONFIG
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- Written by vanhoa_congso's scripts/setup-bench.sh: Liberation 2 (with Vietnamese) instead of 1. -->
<fontconfig><selectfont><rejectfont><glob>$liberation1/*</glob></rejectfont></selectfont></fontconfig>
FONTCONFIG
	fc-cache >/dev/null 2>&1 || true
fi

if ! mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" -e "SELECT 1" >/dev/null 2>&1 &&
	! mysqladmin -h "$DB_HOST" -P "$DB_PORT" ping >/dev/null 2>&1; then
	if [ "$DB_HOST" = 127.0.0.1 ] || [ "$DB_HOST" = localhost ]; then
		command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
		say "starting MariaDB"
		start_service mariadb /usr/sbin/mariadbd
		for _ in $(seq 30); do mysqladmin -h "$DB_HOST" -P "$DB_PORT" ping >/dev/null 2>&1 && break; sleep 1; done
	fi
	mysqladmin -h "$DB_HOST" -P "$DB_PORT" ping >/dev/null 2>&1 ||
		fail "no MariaDB answers at $DB_HOST:$DB_PORT; start one or set VHCS_DB_HOST/VHCS_DB_PORT."
fi

if ! redis_answers; then
	case "$REDIS_URL" in
	redis://127.0.0.1:* | redis://localhost:*)
		command -v redis-server >/dev/null 2>&1 || apt_install redis-server
		port="${REDIS_URL##*:}"
		port="${port%%/*}"
		say "starting Redis on port $port"
		if [ $as_root = 1 ]; then
			redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null
		else
			redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
				--dir "$TOOLS" --logfile "$TOOLS/redis.log" >/dev/null
		fi
		sleep 1
		;;
	esac
	redis_answers || fail "no Redis answers at $REDIS_URL; start one or set VHCS_REDIS_URL."
fi

# new-site will not take root's empty password without prompting: a dedicated superuser serves.
if ! db_superuser_works; then
	say "creating the MariaDB superuser $DB_ROOT_USER for new-site"
	grant="
		CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'%' IDENTIFIED BY '$DB_ROOT_PASSWORD';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'%' WITH GRANT OPTION;
		CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'localhost' IDENTIFIED BY '$DB_ROOT_PASSWORD';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'localhost' WITH GRANT OPTION;
		FLUSH PRIVILEGES;"
	mysql -h "$DB_HOST" -P "$DB_PORT" -u root -e "$grant" >/dev/null 2>&1 ||
		{ [ $as_root = 0 ] && command -v sudo >/dev/null && sudo -n mysql -u root -e "$grant" >/dev/null 2>&1; } ||
		mysql -u root -e "$grant" >/dev/null 2>&1 ||
		fail "cannot log in to MariaDB at $DB_HOST:$DB_PORT as $DB_ROOT_USER or as root without a password; create a superuser and set VHCS_DB_ROOT_USER and VHCS_DB_ROOT_PASSWORD."
fi

# --- tools: uv/pip constraint, yarn 1, the bench CLI -------------------------------------------
mkdir -p "$TOOLS"
# One of frappe's dependencies imports pkg_resources, which setuptools 80 no longer ships.
echo 'setuptools>=71,<80' >"$TOOLS/constraints.txt"

if ! yarn --version 2>/dev/null | grep -q '^1\.'; then
	say "installing yarn 1 into $TOOLS/yarn"
	npm install --silent --no-audit --no-fund --prefix "$TOOLS/yarn" yarn@1.22.22 >/dev/null 2>&1 ||
		fail "npm could not install yarn 1.22.22 from the npm registry; check the registry (npm config get registry) and try again."
fi

if ! command -v bench >/dev/null 2>&1; then
	say "installing the bench CLI into $TOOLS/bench-cli"
	"$python_bin" -m venv "$TOOLS/bench-cli" >/dev/null ||
		fail "$python_bin cannot create a virtual environment; install its venv module (apt-get install python3-venv)."
	# bench itself wants a recent setuptools; the constraint above is for the bench's own env.
	PIP_CONSTRAINT= "$TOOLS/bench-cli/bin/pip" install -q frappe-bench >"$TOOLS/pip.log" 2>&1 ||
		fail "pip could not install frappe-bench from PyPI (see $TOOLS/pip.log); check pip's index and try again."
fi

# --- the bench ----------------------------------------------------------------------------------
# Unpacks an archive of FRAPPE_SOURCES into $TOOLS/src/<app> as a one-commit git repository on
# $FRAPPE_BRANCH, which `bench init --frappe-path` and `bench get-app` clone.
unpack_source() {
	local app=$1 archive
	archive="$(ls "$FRAPPE_SOURCES"/"$app"-*.tar.gz 2>/dev/null | sort -V | tail -n 1)"
	[ -n "$archive" ] || fail "FRAPPE_SOURCES=$FRAPPE_SOURCES has no $app-<version>.tar.gz; point it at the folder of source archives."
	local dest="$TOOLS/src/$app" stamp
	stamp="$(basename "$archive")"
	if [ ! -f "$dest/.vhcs-source" ] || [ "$(cat "$dest/.vhcs-source")" != "$stamp" ]; then
		rm -rf "$dest"
		mkdir -p "$TOOLS/src"
		tar -xzf "$archive" -C "$TOOLS/src"
		[ -d "$dest" ] || fail "$archive does not unpack into a folder named $app/."
		if [ "$app" = frappe ]; then
			local datepicker
			datepicker="$(ls "$FRAPPE_SOURCES"/air-datepicker-*.tar.gz 2>/dev/null | tail -n 1)"
			[ -n "$datepicker" ] || fail "FRAPPE_SOURCES=$FRAPPE_SOURCES has no air-datepicker-<commit>.tar.gz, which frappe's package.json needs."
			rm -rf "$TOOLS/src/air-datepicker"
			tar -xzf "$datepicker" -C "$TOOLS/src"
			# Frappe names two dependencies by git URL; PyPI's gunicorn 22 and the unpacked
			# air-datepicker archive are the same code without a git host.
			sed -i -E 's#"gunicorn @ git\+https://[^"]*"#"gunicorn~=22.0"#' "$dest/pyproject.toml"
			sed -i -E "s#\"air-datepicker\": \"github:frappe/air-datepicker\"#\"air-datepicker\": \"file:$TOOLS/src/air-datepicker\"#" "$dest/package.json"
			grep -q '"gunicorn~=22.0"' "$dest/pyproject.toml" && grep -q "file:$TOOLS/src/air-datepicker" "$dest/package.json" ||
				fail "could not replace frappe's git-hosted dependencies in $dest; is $archive a Frappe v15 archive?"
		fi
		(cd "$dest" && git init -q -b "$FRAPPE_BRANCH" && git add -A >/dev/null &&
			git -c user.name=vanhoa_congso -c user.email=vanhoa_congso@localhost commit -q -m "$stamp") ||
			fail "git could not make a repository of $dest."
		echo "$stamp" >"$dest/.vhcs-source"
	fi
	echo "$dest"
}

# Where the sources come from, decided only when something has to be fetched: FRAPPE_SOURCES, or
# the upstream git repositories, or, when github.com does not answer, ../shared/vendor beside the clone.
resolve_sources() {
	if [ -z "${FRAPPE_SOURCES:-}" ] && [ -d "$VHCS_REPO/../shared/vendor" ] &&
		! timeout 20 git ls-remote --heads https://github.com/frappe/frappe "$FRAPPE_BRANCH" >/dev/null 2>&1; then
		FRAPPE_SOURCES="$(cd "$VHCS_REPO/../shared/vendor" && pwd)"
		say "github.com does not answer; building from the source archives in $FRAPPE_SOURCES"
	fi
	if [ -n "${FRAPPE_SOURCES:-}" ]; then
		FRAPPE_SOURCES="$(cd "$FRAPPE_SOURCES" 2>/dev/null && pwd)" || fail "FRAPPE_SOURCES is not a folder."
	fi
}

if [ ! -x "$PY" ] || [ ! -d "$BENCH/apps/frappe" ]; then
	if [ -e "$BENCH" ]; then
		fail "$BENCH exists but is not a complete bench (no env/bin/python or apps/frappe); move it away or set FRAPPE_BENCH to another folder."
	fi
	resolve_sources
	frappe_path=https://github.com/frappe/frappe
	[ -n "${FRAPPE_SOURCES:-}" ] && frappe_path="$(unpack_source frappe)"
	say "bench init $BENCH (frappe $FRAPPE_BRANCH from $frappe_path); this takes several minutes"
	# bench refuses to run as root unless the config of the folder it starts in names its user.
	mkdir -p "$TOOLS/init/sites"
	echo "{\"frappe_user\": \"$RUN_USER\"}" >"$TOOLS/init/sites/common_site_config.json"
	if ! (cd "$TOOLS/init" && bench init "$BENCH" --frappe-path "$frappe_path" --frappe-branch "$FRAPPE_BRANCH" \
		--python "$python_bin" --skip-redis-config-generation --skip-assets --no-backups </dev/null >"$TOOLS/bench-init.log" 2>&1); then
		rm -rf "$BENCH"
		fail "bench init failed (its output is in $TOOLS/bench-init.log); fix what it names and run again."
	fi
	[ -x "$PY" ] && [ -d "$BENCH/apps/frappe" ] || fail "bench init did not create $BENCH (see $TOOLS/bench-init.log)."
fi

# Settings a bench needs here. A value the bench already has is kept, except the Redis URLs: bench
# writes its own ports (11000 and 13000, which nothing serves here), and frappe keeps some keys (the
# asset manifest among them) without a site prefix, so two benches on one Redis database serve each
# other's bundles. Each bench gets a database of its own on the server at VHCS_REDIS_URL.
if ! "$PY" - "$BENCH/sites/common_site_config.json" "$RUN_USER" "$REDIS_URL" "$DB_HOST" "$DB_PORT" "$BENCH" <<'EOF'; then
import hashlib, json, os, sys
from urllib.parse import urlparse

import redis

path, user, redis_url, db_host, db_port, bench = sys.argv[1:]
config = json.load(open(path)) if os.path.exists(path) else {}
CLAIM = "vanhoa_congso:bench"


def connect(url):
	try:
		client = redis.Redis.from_url(url, socket_timeout=2)
		client.ping()
		return client
	except (redis.RedisError, ValueError):
		return None


def holder(client):
	value = client.get(CLAIM)
	return value.decode() if value else None


def with_db(url, db):
	parsed = urlparse(url)
	return f"{parsed.scheme}://{parsed.netloc}/{db}"


changed = False
for key, value in {"frappe_user": user, "db_host": db_host, "db_port": int(db_port)}.items():
	if key not in config:
		config[key] = value
		changed = True

# A bench with a Redis of its own that answers keeps it. On the shared server, a bench's database
# follows from its path (so it stays the same after `bench build` flushes the server, claims
# included), and a database another bench claims is skipped.
current = config.get("redis_cache")
own = urlparse(current or "")
shared = urlparse(redis_url)
if current and connect(current) and (own.hostname, own.port or 6379) != (shared.hostname, shared.port or 6379):
	if changed:
		with open(path, "w") as f:
			json.dump(config, f, indent=1, sort_keys=True)
	sys.exit(0)
base = redis_url if connect(redis_url) else None
if base is None:
	sys.exit(f"no Redis answers at {redis_url}")
preferred = int(hashlib.sha1(bench.encode()).hexdigest(), 16) % 15 + 1
for offset in range(15):
	db = (preferred - 1 + offset) % 15 + 1
	client = connect(with_db(base, db))
	if client is not None and holder(client) in (None, bench):
		current = with_db(base, db)
		break
else:
	sys.exit(f"every database of the Redis server at {redis_url} belongs to another bench")
client.set(CLAIM, bench)
for key in ("redis_cache", "redis_queue", "redis_socketio"):
	if config.get(key) != current:
		config[key] = current
		changed = True
if changed:
	with open(path, "w") as f:
		json.dump(config, f, indent=1, sort_keys=True)
EOF
	fail "could not write the Redis and database settings into $BENCH/sites/common_site_config.json (see the message above)."
fi

"$PY" -c "import pkg_resources" 2>/dev/null || {
	say "installing setuptools<80 into the bench (pkg_resources)"
	uv pip install -q --python "$PY" "setuptools>=71,<80" 2>/dev/null || "$PY" -m pip install -q "setuptools>=71,<80" ||
		fail "could not install setuptools<80 into $BENCH/env."
}

if [ "${VHCS_WITH_ERPNEXT:-0}" = 1 ] && [ ! -d "$BENCH/apps/erpnext" ]; then
	resolve_sources
	erpnext_path=https://github.com/frappe/erpnext
	[ -n "${FRAPPE_SOURCES:-}" ] && erpnext_path="$(unpack_source erpnext)"
	say "bench get-app erpnext ($FRAPPE_BRANCH from $erpnext_path)"
	bench_cli get-app "$erpnext_path" --branch "$FRAPPE_BRANCH" --skip-assets </dev/null >"$TOOLS/get-erpnext.log" 2>&1 ||
		fail "bench get-app erpnext failed (its output is in $TOOLS/get-erpnext.log)."
fi

# Test tools in the bench's environment: pytest, hypothesis, ruff, and Playwright for the browser
# test (it drives the system's Chromium; Playwright's own browser download is not used).
for spec in "pytest:pytest>=7" "hypothesis:hypothesis>=6" "playwright:playwright>=1.40" "ruff:ruff"; do
	"$PY" -c "import ${spec%%:*}" 2>/dev/null || uv pip install -q --python "$PY" "${spec#*:}" >"$TOOLS/pip.log" 2>&1 ||
		"$PY" -m pip install -q "${spec#*:}" >"$TOOLS/pip.log" 2>&1 || fail "could not install ${spec#*:} into $BENCH/env (see $TOOLS/pip.log)."
done

need_build=0
[ -f "$BENCH/sites/assets/assets.json" ] || need_build=1
for app_dir in "$BENCH"/apps/*/; do
	app="$(basename "$app_dir")"
	[ "$app" != "$VHCS_APP" ] && [ -f "$app_dir/package.json" ] && [ ! -d "$BENCH/sites/assets/$app/dist" ] && need_build=1
done
if [ $need_build = 1 ]; then
	say "building the bench's assets"
	bench_cli build >"$TOOLS/build.log" 2>&1 || fail "bench build failed (its output is in $TOOLS/build.log)."
fi

say "bench ready at $BENCH ($(($(date +%s) - started)) s)"
