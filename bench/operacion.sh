#!/usr/bin/env bash
# Measures the PREP line against the target of issue 3 (at least 500 verified actas per
# second through the HTTP endpoints on SQLite, with the p99 latency of the capture
# request): the real simulacro replays the bundled 2024 night through a real server on
# loopback, with SQLite flushing every commit to disk (FULL, the default) and flushing at
# checkpoints only (NORMAL), and on PostgreSQL 15 (issue 7: a throwaway local server started
# by tools/postgres.sh, synchronous_commit on), side by side in one run.
# Usage: bench/operacion.sh [GUB|DIP_LOC|AYUN|all] [capturistas]
set -euo pipefail
cd "$(dirname "$0")/.."
eleccion=${1:-GUB}
capturistas=${2:-12}
args=()
if [ "$eleccion" != all ]; then args+=(--eleccion "$eleccion"); fi
bin=$(mktemp -d)/sufragio
go build -o "$bin" ./cmd/sufragio
pg_dir=$(mktemp -d)
pg_url=$(tools/postgres.sh start "$pg_dir")
trap 'tools/postgres.sh stop "$pg_dir" >/dev/null || true; rm -rf "$pg_dir"' EXIT
printf '%-16s %-8s %8s %10s %10s %13s %12s %10s\n' motor eleccion actas segundos "actas/s" \
	"verificadas/s" "p99 captura" "escritor"
for sync in FULL NORMAL postgres; do
	data=$(mktemp -d)
	db=()
	if [ "$sync" = postgres ]; then
		name=bench_$RANDOM$RANDOM
		psql "$pg_url" -qc "CREATE DATABASE $name"
		db=(--db "${pg_url%/postgres*}/$name?sslmode=disable")
	fi
	out=$(SUFRAGIO_SQLITE_SYNC=${sync/postgres/FULL} "$bin" simulacro --data "$data" \
		"${db[@]}" "${args[@]}" --capturistas "$capturistas" --cadencia 1m)
	line=$(grep '^Reproducidas' <<<"$out")
	n=$(sed -E 's/^Reproducidas ([0-9]+) actas en ([0-9.]+) s \(([0-9]+) actas.*/\1 \2 \3/' <<<"$line")
	p99=$(grep '^Latencia' <<<"$out" | sed -E 's/.*p99 ([^ ]+) .*/\1/')
	read -r actas secs rate <<<"$n"
	verif=$(sed -E 's/.*: ([0-9]+) verificadas.*/\1/' <<<"$line")
	vrate=$(awk -v v="$verif" -v s="$secs" 'BEGIN { printf "%.0f", v / s }')
	busy=$(grep '^Escritor' <<<"$out" | sed -E 's/.*\(([0-9]+) % de la noche.*/\1 %/')
	label="sqlite $sync"
	if [ "$sync" = postgres ]; then label="postgresql 15"; fi
	printf '%-16s %-8s %8s %10s %10s %13s %12s %10s\n' "$label" "$eleccion" "$actas" "$secs" \
		"$rate" "$vrate" "$p99" "$busy"
	if grep -q 'DIFIERE' <<<"$out"; then echo "summary differs from the official one:"; echo "$out"; exit 1; fi
	rm -rf "$data"
done
echo "target: at least 500 verified actas per second"
