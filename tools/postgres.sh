#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the tests and the benchmarks, and prints its URL.
#
#   tools/postgres.sh start DIR   creates a cluster in DIR (if new), starts it on a Unix socket
#                                 in DIR and a local port, and prints the admin URL
#   tools/postgres.sh stop DIR    stops it
#
# PostgreSQL refuses to run as root: as root the server runs as the postgres user, which
# owns DIR. The port is SUFRAGIO_PG_PORT, or the first free one from 55432. The tests take
# the URL from SUFRAGIO_TEST_POSTGRES and create a database of their own for every store
# they open.
set -euo pipefail
cmd=${1:?usage: tools/postgres.sh start|stop DIR}
dir=${2:?usage: tools/postgres.sh start|stop DIR}
free_port() {
	local p
	for p in $(seq 55432 55532); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "tools/postgres.sh: no free port in 55432-55532" >&2
	exit 1
}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "tools/postgres.sh: PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
	exit 1
fi
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
case "$cmd" in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		# Already running: the same URL again.
		echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres?sslmode=disable"
		exit 0
	fi
	port=${SUFRAGIO_PG_PORT:-$(free_port)}
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
		if ! runuser -u postgres -- test -x "$dir"; then
			echo "tools/postgres.sh: the postgres user cannot enter $dir (a parent folder is" \
				"closed to it); use a folder such as \$(mktemp -d)" >&2
			exit 1
		fi
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
			--locale=C.UTF-8 >"$dir/initdb.log"
	fi
	# Throwaway server: durability settings are the defaults (fsync on), the
	# connection limit covers the test packages running in parallel.
	if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
		"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" \
		start >/dev/null; then
		echo "tools/postgres.sh: PostgreSQL did not start; see $dir/server.log" >&2
		tail -5 "$dir/server.log" >&2
		exit 1
	fi
	echo "$port" >"$dir/port"
	echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	;;
stop)
	dir=$(cd "$dir" && pwd)
	as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
	;;
*)
	echo "usage: tools/postgres.sh start|stop DIR" >&2
	exit 2
	;;
esac
