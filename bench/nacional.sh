#!/usr/bin/env bash
# Measures sufragio at the scale of the country against the targets of issue 7 and prints
# one table: the full corte (built from actas in memory, and as `sufragio corte` publishes
# it from the store), the incremental corte after 1,000 changed actas, the tally alone, the
# equivalent GROUP BY (votes per party per distrito) in sqlite3 and in PostgreSQL over the
# same actas loaded as a table, and peak memory. The data are the synthetic federal process
# of `sufragio gen --escala nacional` (seed 1): about 510,000 actas.
#
# The ingest rows are bench/operacion.sh's: the real Puebla night (Gubernatura) replayed
# through the HTTP endpoints of a real server on SQLite and on PostgreSQL.
#
# Usage: bench/nacional.sh [veces]
#   veces: iterations of each Go benchmark (default 1).
#   SUFRAGIO_BENCH_PG=postgres://usuario@host:puerto/base runs the psql baseline there (it
#   creates and drops a schema of its own); without it, a throwaway PostgreSQL 15 is started
#   with tools/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
veces=${1:-1}
work=$(mktemp -d)
pg_dir=
limpiar() {
	if [ -n "$pg_dir" ]; then
		tools/postgres.sh stop "$pg_dir" >/dev/null || true
		rm -rf "$pg_dir"
	fi
	rm -rf "$work"
}
trap limpiar EXIT

if ! command -v sqlite3 >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
fi
if [ -z "${SUFRAGIO_BENCH_PG:-}" ]; then
	pg_dir=$(mktemp -d) # its own: as root, the server runs as postgres, who cannot enter $work
	SUFRAGIO_BENCH_PG=$(tools/postgres.sh start "$pg_dir")
fi
go build -o "$work/sufragio" ./cmd/sufragio
"$work/sufragio" gen --escala nacional --out "$work/gen" --tabla >"$work/gen.txt"
head -1 "$work/gen.txt" >&2

# The Go benchmarks: build from memory and tally alone; then through the store.
# The tally runs ten times, so that its figure is a mean with the collections of the garbage
# it leaves (a single run after a collection has none); each SQL baseline, five times.
go test -run '^$' -bench 'CorteNacional' -benchtime "${veces}x" \
	./internal/publish >"$work/publish.txt"
go test -run '^$' -bench 'TallyNacional' -benchtime 10x ./internal/publish >>"$work/publish.txt"
go test -run '^$' -bench 'PublicarNacional|PublicarIncremental' -benchtime "${veces}x" \
	-timeout 60m ./internal/publicacion >"$work/publicacion.txt"
# bench NAME FILE FIELD: the value before FIELD on the line of benchmark NAME.
bench() {
	awk -v n="$1" -v f="$3" '$1 ~ "^Benchmark" n "(-[0-9]+)?$" {
		for (i = 2; i <= NF; i++) if ($i == f) print $(i - 1) }' "$2"
}
segundos() { awk -v ns="$1" 'BEGIN { printf "%.2f s", ns / 1e9 }'; }

# The command line, as an operator runs it: import, then corte, with its peak memory.
files=("$work"/gen/NAL_{PRES,SEN,DIP_FED}_2024.csv)
"$work/sufragio" import --data "$work/data" "${files[@]}" >/dev/null
/usr/bin/time -f '%e %M' -o "$work/corte.time" "$work/sufragio" corte --data "$work/data" \
	>/dev/null
read -r corte_s corte_kb <"$work/corte.time"

# The baselines: the same actas as a table, the votes of counted actas summed per distrito.
cols=$(head -1 "$work/gen/actas_tabla.csv" | cut -d, -f7-)
sums=$(tr ',' '\n' <<<"$cols" | sed 's/.*/SUM(&)/' | paste -sd,)
types=$(tr ',' '\n' <<<"$cols" | sed 's/$/ INTEGER/' | paste -sd,)
create="CREATE TABLE actas (eleccion TEXT, id_entidad TEXT, id_distrito TEXT, seccion TEXT,
	tipo_casilla TEXT, contabilizada INTEGER, $types);"
query="SELECT eleccion, id_entidad, id_distrito, $sums FROM actas WHERE contabilizada = 1
	GROUP BY eleccion, id_entidad, id_distrito;"
sqlite3 "$work/base.db" "$create" ".import --csv --skip 1 $work/gen/actas_tabla.csv actas"
# mediana prints the median of the numbers on its input, one per line.
mediana() {
	sort -g | awk '{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}
sqlite_s=$(printf '.timer on\n%s\n%s\n%s\n%s\n%s\n' "$query" "$query" "$query" "$query" \
	"$query" | sqlite3 "$work/base.db" | awk '/^Run Time/ { print $4 }' | mediana)
pg="-"
if [ -n "${SUFRAGIO_BENCH_PG:-}" ]; then
	schema="sufragio_bench_$$"
	psql -q -v ON_ERROR_STOP=1 "$SUFRAGIO_BENCH_PG" >/dev/null <<-SQL
		CREATE SCHEMA $schema;
		SET search_path TO $schema;
		$create
		\copy actas FROM '$work/gen/actas_tabla.csv' WITH (FORMAT csv, HEADER true)
		ANALYZE actas;
	SQL
	# The query twice, the second with the table in the server's cache, as sqlite3's is.
	psql -q -v ON_ERROR_STOP=1 "$SUFRAGIO_BENCH_PG" >"$work/psql.txt" <<-SQL
		SET search_path TO $schema;
		$query
		\timing on
		$query
		$query
		$query
		$query
		$query
		\timing off
		DROP SCHEMA $schema CASCADE;
	SQL
	pg=$(awk '/^Time:/ { print $2 / 1000 }' "$work/psql.txt" | mediana |
		awk '{ printf "%.2f s", $1 }')
fi

# Ingest through HTTP, SQLite and PostgreSQL side by side (bench/operacion.sh).
bench/operacion.sh GUB >"$work/operacion.txt"
ingesta() { awk -v m="$1" 'index($0, m) == 1 { print $(NF - 3) " verif/s, p99 " $(NF - 2) }' \
	"$work/operacion.txt"; }

actas=$(awk '/actas \(/ { gsub(",", "", $2); n += $2 } END { print n }' "$work/gen.txt")
printf '\nsufragio a escala nacional: %s actas (3 elecciones federales sintéticas), %s núcleos\n\n' \
	"$actas" "$(nproc)"
# fila prints one row, the first column padded by characters, not bytes (it has accents).
fila() {
	local pad=$((62 - $(printf '%s' "$1" | LC_ALL=C.UTF-8 wc -m)))
	printf '%s%*s %12s %12s\n' "$1" "$pad" "" "$2" "$3"
}
fila medida resultado objetivo
fila "corte completo, actas en memoria (BenchmarkCorteNacional)" \
	"$(segundos "$(bench CorteNacional "$work/publish.txt" ns/op)")" "3 s"
fila "corte completo desde el almacén (BenchmarkPublicarNacional)" \
	"$(segundos "$(bench PublicarNacional "$work/publicacion.txt" ns/op)")" "3 s"
fila "sufragio corte (línea de órdenes, una vez)" "${corte_s} s" "3 s"
fila "corte incremental, 1,000 actas (BenchmarkPublicarIncremental)" \
	"$(segundos "$(bench PublicarIncremental "$work/publicacion.txt" ns/op)")" "0.20 s"
fila "recuento solo, media de 10 (BenchmarkTallyNacional)" \
	"$(segundos "$(bench TallyNacional "$work/publish.txt" ns/op)")" "< SQL"
fila "sqlite3: GROUP BY por partido y distrito, mediana de 5" \
	"$(awk -v s="$sqlite_s" 'BEGIN { printf "%.2f s", s }')" "-"
fila "psql: GROUP BY por partido y distrito, mediana de 5" "$pg" "-"
fila "ingesta HTTP, noche real GUB de Puebla, SQLite (FULL)" "$(ingesta "sqlite FULL")" "-"
fila "ingesta HTTP, noche real GUB de Puebla, PostgreSQL 15" "$(ingesta "postgresql 15")" "-"
fila "memoria pico, corte en memoria (RSS del proceso)" \
	"$(bench CorteNacional "$work/publish.txt" peak-RSS-MB) MB" "1,536 MB"
fila "memoria pico, sufragio corte" "$((corte_kb / 1024)) MB" "1,536 MB"
