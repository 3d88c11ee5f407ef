#!/usr/bin/env bash
# The demo: the bench (scripts/setup-bench.sh), this clone installed into it, the site
# vanhoa.localhost with the demo data of both seeds, the assets, and the desk served on
# http://localhost:8000 with a background worker and the realtime server beside it.
#
# Run again, it reuses the bench and the site and just serves; after `git pull` it migrates the
# site and reloads the demo first. Settings: VHCS_DEMO_SITE (vanhoa.localhost), VHCS_DEMO_PORT
# (8000), and those of scripts/lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SITE="${VHCS_DEMO_SITE:-vanhoa.localhost}"
PORT="${VHCS_DEMO_PORT:-8000}"

bash "$VHCS_REPO/scripts/setup-bench.sh"
link_app_into_bench
cd "$BENCH/sites"

if ! site_exists "$SITE"; then
	say "creating the site $SITE"
	"${FRAPPE[@]}" new-site "$SITE" --admin-password admin \
		--db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--mariadb-user-host-login-scope='%' >"$BENCH/logs/vhcs-demo-new-site.log" 2>&1 ||
		fail "new-site $SITE failed (see $BENCH/logs/vhcs-demo-new-site.log)."
fi

# What the site was last set up from: the clone's commit and its uncommitted changes.
stamp="$(cd "$VHCS_REPO" && { git rev-parse HEAD 2>/dev/null; git status --porcelain 2>/dev/null; } | sha1sum | cut -c1-12)"
stamp_file="$BENCH/sites/$SITE/vhcs-demo-stamp"
if ! "${FRAPPE[@]}" --site "$SITE" list-apps 2>/dev/null | grep -q "^$VHCS_APP"; then
	say "installing $VHCS_APP on $SITE"
	"${FRAPPE[@]}" --site "$SITE" install-app "$VHCS_APP" >"$BENCH/logs/vhcs-demo-install.log" 2>&1 ||
		fail "install-app $VHCS_APP on $SITE failed (see $BENCH/logs/vhcs-demo-install.log)."
	rm -f "$stamp_file"
fi
if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
	say "migrating $SITE and loading the demo"
	"${FRAPPE[@]}" --site "$SITE" migrate >"$BENCH/logs/vhcs-demo-migrate.log" 2>&1 ||
		fail "migrate of $SITE failed (see $BENCH/logs/vhcs-demo-migrate.log)."
	"${FRAPPE[@]}" --site "$SITE" execute vanhoa_congso.demo.load >"$BENCH/logs/vhcs-demo-load.log" 2>&1 ||
		fail "the demo did not load (see $BENCH/logs/vhcs-demo-load.log)."
	"${FRAPPE[@]}" build --app "$VHCS_APP" >"$BENCH/logs/vhcs-demo-build.log" 2>&1 ||
		fail "bench build --app $VHCS_APP failed (see $BENCH/logs/vhcs-demo-build.log)."
	"${FRAPPE[@]}" --site "$SITE" clear-cache >/dev/null 2>&1 || true
	echo "$stamp" >"$stamp_file"
fi

# The background worker runs imports and reminders; the realtime server shows their progress.
pids=()
stop() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap stop EXIT INT TERM
"${FRAPPE[@]}" --site "$SITE" worker >"$BENCH/logs/vhcs-demo-worker.log" 2>&1 &
pids+=($!)
(cd "$BENCH" && exec env FRAPPE_SITE="$SITE" ${VHCS_DEMO_SOCKETIO_PORT:+FRAPPE_SOCKETIO_PORT=$VHCS_DEMO_SOCKETIO_PORT} node apps/frappe/socketio.js) >"$BENCH/logs/vhcs-demo-socketio.log" 2>&1 &
pids+=($!)

cat <<EOF

  Văn hóa công sở — demo on http://localhost:$PORT (site $SITE)

  Administrator: Administrator / admin
  Demo users (password VanHoa@2026), each limited to their own unit:
    canbo.thcsdoanket@vanhoa.demo      Grassroots Union Officer, CĐCS Trường THCS Đoàn Kết
    thamdinh.tplaichau@vanhoa.demo     Upper-Level Reviewer, LĐLĐ thành phố Lai Châu
    thuky.hoidong@vanhoa.demo          Emulation Council Secretary, LĐLĐ tỉnh Lai Châu
    uyvien.hoidong@vanhoa.demo         Emulation Council Member, LĐLĐ tỉnh Lai Châu
    bancongtaccoso@vanhoa.demo         Emulation Manager (Ban công tác cơ sở)
  (all demo users: README.md). Stop with Ctrl+C.

EOF
"${FRAPPE[@]}" --site "$SITE" serve --port "$PORT" --noreload
