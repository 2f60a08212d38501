#!/usr/bin/env bash
# Measures the public site against the target of issue 4 (at least 80 % of nginx's requests
# per second at 256 connections, p99 under 20 ms): wrk on loopback against sufragio serve and
# against nginx serving the very same precompressed files from disk (written by
# `sufragio sitio`, gzip_static on), side by side in one run, for the election summary page
# and a JSON document of the API. Both are asked for gzip, as browsers ask. A third server,
# bench/minimo, is the ceiling of Go's net/http on this machine: the same bytes from a map,
# with nothing else done.
# Usage: bench/sitio.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${1:-256}
secs=${2:-10}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx's workers read the files as an unprivileged user
cleanup() {
	[ -n "${srv_pid:-}" ] && kill "$srv_pid" 2>/dev/null || true
	[ -n "${min_pid:-}" ] && kill "$min_pid" 2>/dev/null || true
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/sufragio" ./cmd/sufragio
go build -o "$tmp/minimo" ./bench/minimo
"$tmp/sufragio" demo --data "$tmp/data" --sin-servidor >/dev/null
"$tmp/sufragio" sitio --data "$tmp/data" --out "$tmp/www" >/dev/null

"$tmp/sufragio" serve --data "$tmp/data" --sin-operacion --addr 127.0.0.1:18080 \
	>"$tmp/serve.log" 2>&1 &
srv_pid=$!
"$tmp/minimo" "$tmp/www" 127.0.0.1:18082 >"$tmp/minimo.log" 2>&1 &
min_pid=$!

cat >"$tmp/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 4096; }
http {
	include /etc/nginx/mime.types;
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	open_file_cache max=10000 inactive=60s;
	gzip_static on;
	client_body_temp_path $tmp/nginx-body;
	proxy_temp_path $tmp/nginx-proxy;
	fastcgi_temp_path $tmp/nginx-fastcgi;
	uwsgi_temp_path $tmp/nginx-uwsgi;
	scgi_temp_path $tmp/nginx-scgi;
	server {
		listen 127.0.0.1:18081;
		root $tmp/www;
		location / { try_files \$uri/index.html \$uri/index.json =404; }
	}
}
EOF
"$nginx_bin" -c "$tmp/nginx.conf"

for port in 18080 18081 18082; do
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "http://127.0.0.1:$port/GUB" 2>/dev/null && break
		sleep 0.1
	done
done

run() { # server port path
	local out rps p50 p90 p99
	out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H 'Accept-Encoding: gzip' \
		"http://127.0.0.1:$2$3")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p90=$(awk '$1 == "90%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	if grep -q 'Non-2xx' <<<"$out"; then echo "$1 $3: errors"; echo "$out"; exit 1; fi
	printf '%-9s %-26s %12s %10s %10s %10s\n' "$1" "$3" "$rps" "$p50" "$p90" "$p99"
	echo "$rps" >"$tmp/rps-$1-${3//\//_}"
}

printf '%-9s %-26s %12s %10s %10s %10s\n' servidor ruta "peticiones/s" p50 p90 p99
for path in /GUB /api/v1/cortes/2/GUB; do
	run sufragio 18080 "$path"
	run nginx 18081 "$path"
	run minimo 18082 "$path"
done
for path in /GUB /api/v1/cortes/2/GUB; do
	key=${path//\//_}
	awk -v a="$(cat "$tmp/rps-sufragio-$key")" -v b="$(cat "$tmp/rps-nginx-$key")" \
		-v c="$(cat "$tmp/rps-minimo-$key")" -v p="$path" \
		'BEGIN { printf "%s: sufragio %.0f %% de nginx; net/http mínimo %.0f %% de nginx\n",
			p, 100 * a / b, 100 * c / b }'
done
echo "target: at least 80 % of nginx's requests per second at $conns connections, p99 under 20 ms"
