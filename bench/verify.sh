#!/usr/bin/env bash
# Measures `sufragio verify` against the target of issue 5 on this machine: one corte of the
# three Puebla elections checked in under one second, through the Go benchmark and through
# the real program on a corte the demo publishes. Usage: bench/verify.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
go test -run '^$' -bench 'VerificarCorte' -benchmem -count "$count" ./internal/verifica |
	grep '^Benchmark'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/sufragio" ./cmd/sufragio
"$tmp/sufragio" demo --data "$tmp/demo" --sin-servidor >/dev/null
TIMEFORMAT='sufragio verify, corte 2 of the demo (3 elections): %R s'
for _ in $(seq "$count"); do
	time "$tmp/sufragio" verify "$tmp/demo/cortes/0002" >/dev/null
done
echo "target: verify of one corte of the three elections < 1 s (1000000000 ns/op)"
