#!/usr/bin/env bash
# Measures the PREP engine against the targets of issue 2 on this machine, in one run:
# the reader (target: faster than 50 MB/s) and the full corte of the three Puebla elections
# (target: under 250 ms). Usage: bench/prep.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
go test -run '^$' -bench 'ReadClassify' -benchmem -count "$count" ./internal/opendata |
	grep '^Benchmark'
go test -run '^$' -bench 'BuildCorte' -benchmem -count "$count" ./internal/publish |
	grep '^Benchmark'
echo "targets: ReadClassify > 50 MB/s; BuildCorte < 250 ms/op (250000000 ns/op)"
