#!/usr/bin/env bash
# A MariaDB primary and a read replica on this machine, for the benchmark's replica mode
# (vanhoa_congso/benchmark_replica.py) and for trying Frappe's read_from_replica by hand.
#
#   scripts/replica.sh start     # primary on 3307 (binary log on), replica on 3308 following it by GTID
#   scripts/replica.sh status    # both servers, the replica's threads and how far behind it is
#   scripts/replica.sh stop      # stops both servers, keeps their data
#   scripts/replica.sh clean     # stops both servers and deletes their data
#
# The machine's own MariaDB (127.0.0.1:3306) runs without a binary log, and turning one on needs a
# restart of a server other people use, so it is left alone: the benchmark site lives on the second
# primary started here, and the replica follows that one. Both servers run as the current user from
# their own folder (VHCS_REPLICA_DIR, default $FRAPPE_BENCH/replica-db), read only their own config
# file and listen on 127.0.0.1 only.
#
# The replica is seeded from a dump of the primary taken with its GTID position (mariadb-dump --gtid
# --master-data), so it can be attached to a primary that already holds sites; then it follows the
# primary's binary log from that position. Frappe's site user and password come over in the dump and
# in the log, which is what read_from_replica expects (the same credentials on both servers).
set -euo pipefail

BENCH="${FRAPPE_BENCH:-$HOME/frappe-bench}"
DIR="${VHCS_REPLICA_DIR:-$BENCH/replica-db}"
PRIMARY_PORT="${VHCS_PRIMARY_PORT:-3307}"
REPLICA_PORT="${VHCS_REPLICA_PORT:-3308}"
# The superuser bench new-site asks for, on the second primary (replicated to the replica).
ROOT_USER="${VHCS_DB_ROOT_USER:-vhcs_ci_root}"
ROOT_PASSWORD="${VHCS_DB_ROOT_PASSWORD:-vhcs_ci_root}"
REPL_USER=vhcs_repl
REPL_PASSWORD="${VHCS_REPL_PASSWORD:-vhcs_repl}"
RUN_USER="$(id -un)"

say() { printf '== %s\n' "$*"; }
fail() {
	printf 'replica.sh: %s\n' "$*" >&2
	exit 1
}

sql() { # role, statement...
	local role=$1
	shift
	mariadb --no-defaults --socket="$DIR/$role/mysqld.sock" -uroot --batch --skip-column-names -e "$*"
}

write_config() { # role, port, server id
	local role=$1 port=$2 id=$3
	mkdir -p "$DIR/$role"
	cat >"$DIR/$role.cnf" <<-EOF
		[mysqld]
		datadir = $DIR/$role/data
		socket = $DIR/$role/mysqld.sock
		pid-file = $DIR/$role/mysqld.pid
		log-error = $DIR/$role/error.log
		port = $port
		bind-address = 127.0.0.1
		skip-name-resolve
		user = $RUN_USER
		server-id = $id
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		# Frappe's own recommendations for its database server
		innodb-file-per-table = 1
		innodb-read-only-compressed = 0
		max_allowed_packet = 256M
		# MariaDB's default buffer pool, as the benchmark's targets assume
		innodb_buffer_pool_size = 128M
	EOF
	if [ "$role" = primary ]; then
		cat >>"$DIR/$role.cnf" <<-EOF
			log-bin = $DIR/$role/binlog
			binlog_format = ROW
			expire_logs_days = 2
		EOF
	else
		# Frappe's site user could otherwise write here; replication itself is not held by read_only.
		cat >>"$DIR/$role.cnf" <<-EOF
			read_only = 1
			relay-log = $DIR/$role/relay
			log-slave-updates = 0
			slave_parallel_threads = 2
		EOF
	fi
}

running() { # role
	[ -S "$DIR/$1/mysqld.sock" ] && sql "$1" "select 1" >/dev/null 2>&1
}

start_server() { # role, port, server id
	local role=$1 port=$2 id=$3
	if running "$role"; then
		say "$role already running on 127.0.0.1:$port"
		return
	fi
	if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then
		fail "port $port is taken by another program; choose another with VHCS_${role^^}_PORT=..."
	fi
	write_config "$role" "$port" "$id"
	if [ ! -d "$DIR/$role/data/mysql" ]; then
		say "creating the $role's data folder $DIR/$role/data"
		mariadb-install-db --no-defaults --user="$RUN_USER" --datadir="$DIR/$role/data" \
			--auth-root-authentication-method=socket --skip-test-db >"$DIR/$role/install.log" 2>&1 ||
			fail "mariadb-install-db failed; see $DIR/$role/install.log"
	fi
	say "starting the $role on 127.0.0.1:$port"
	nohup mariadbd --defaults-file="$DIR/$role.cnf" >/dev/null 2>&1 &
	for _ in $(seq 1 60); do
		running "$role" && return
		sleep 0.5
	done
	fail "the $role did not start; see $DIR/$role/error.log"
}

stop_server() { # role
	local role=$1 pid
	[ -f "$DIR/$role/mysqld.pid" ] || {
		say "$role not running"
		return
	}
	pid=$(cat "$DIR/$role/mysqld.pid")
	say "stopping the $role (pid $pid)"
	if running "$role"; then
		sql "$role" "shutdown" || kill "$pid"
	else
		kill "$pid" 2>/dev/null || true
	fi
	for _ in $(seq 1 60); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.5
	done
	fail "the $role (pid $pid) did not stop"
}

attach_replica() {
	if [ -n "$(sql replica "select 1 from mysql.gtid_slave_pos limit 1" 2>/dev/null)" ] ||
		sql replica "show slave status" | grep -q .; then
		sql replica "start slave" 2>/dev/null || true
		say "replica already attached"
		return
	fi
	say "seeding the replica from a dump of the primary at its GTID position"
	local databases
	databases=$(sql primary "select schema_name from information_schema.schemata where schema_name not in ('mysql', 'information_schema', 'performance_schema', 'sys')" | tr '\n' ' ')
	# --system=users brings the site users and their passwords; --gtid --master-data=1 ends the dump
	# with the position the replica starts from.
	# shellcheck disable=SC2086
	mariadb-dump --no-defaults --socket="$DIR/primary/mysqld.sock" -uroot --single-transaction \
		--gtid --master-data=1 --system=users --routines --events --insert-ignore \
		${databases:+--databases $databases} >"$DIR/seed.sql"
	# the dump's CREATE USER for the replica's own root would fail; the replica keeps its own
	grep -v "'root'@'localhost'\|'mariadb.sys'@'localhost'" "$DIR/seed.sql" |
		mariadb --no-defaults --socket="$DIR/replica/mysqld.sock" -uroot
	sql replica "change master to master_host='127.0.0.1', master_port=$PRIMARY_PORT, master_user='$REPL_USER', master_password='$REPL_PASSWORD', master_use_gtid=slave_pos; start slave"
}

status() {
	for role in primary replica; do
		if running "$role"; then
			echo "$role: running, $(sql "$role" "select concat('127.0.0.1:', @@port, ', server id ', @@server_id, ', gtid ', if(@@log_bin, @@gtid_binlog_pos, @@gtid_slave_pos))")"
		else
			echo "$role: stopped"
		fi
	done
	if running replica; then
		mariadb --no-defaults --socket="$DIR/replica/mysqld.sock" -uroot -e "show slave status\G" | grep -E "Slave_(IO|SQL)_Running:|Seconds_Behind_Master|Last_(IO|SQL)_Error:|Gtid_IO_Pos" || true
	fi
}

case "${1:-}" in
start)
	command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null ||
		fail "mariadbd and mariadb-install-db are needed (apt-get install mariadb-server)"
	start_server primary "$PRIMARY_PORT" 1
	sql primary "create user if not exists '$ROOT_USER'@'%' identified by '$ROOT_PASSWORD'; grant all on *.* to '$ROOT_USER'@'%' with grant option; create user if not exists '$REPL_USER'@'%' identified by '$REPL_PASSWORD'; grant replication slave, replication client on *.* to '$REPL_USER'@'%'"
	start_server replica "$REPLICA_PORT" 2
	attach_replica
	status
	cat <<-EOF
		A site on the primary:   bench new-site SITE --db-host 127.0.0.1 --db-port $PRIMARY_PORT --db-root-username $ROOT_USER --db-root-password $ROOT_PASSWORD --mariadb-user-host-login-scope=%
		Reads on the replica:    bench --site SITE set-config -p read_from_replica 1; bench --site SITE set-config replica_host 127.0.0.1; bench --site SITE set-config -p replica_db_port $REPLICA_PORT
	EOF
	;;
stop)
	stop_server replica
	stop_server primary
	;;
clean)
	stop_server replica
	stop_server primary
	say "deleting $DIR"
	rm -rf "$DIR"
	;;
status) status ;;
*)
	echo "usage: $0 start|status|stop|clean" >&2
	exit 2
	;;
esac
