#!/usr/bin/env bash
# Benchmarks plegdf serve on this machine, 127.0.0.1 only (docs/benchmarks.md, "Serving"):
#   1. requests per second on GET /health (Debian's `hey`, a few seconds, 8 connections);
#   2. videos per minute end to end (upload, decode, faces, network, saliency, report) with
#      each worker count given.
# Usage: tools/bench_serve.sh MODEL VIDEO [VIDEOS_PER_RUN=6] [WORKERS...=1 2]
# Needs: bin/plegdf (builds the jar), curl, hey (apt-get install hey). Prints `uptime` with every
# figure: on a shared machine the load says what the numbers are worth.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; video="$2"; n="${3:-6}"; shift $(( $# < 3 ? $# : 3 )) || true
workers=("$@"); [[ ${#workers[@]} -eq 0 ]] && workers=(1 2)
work="$(mktemp -d /tmp/plegdf-bench-serve.XXXXXX)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start() { # $1 workers, $2 port
  "$root/bin/plegdf" serve --model "$model" --port "$2" --workers "$1" --data-dir "$work/data-$1" --no-images \
    >"$work/serve-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "plegdf serve did not start; see $work/serve-$1.log" >&2; cat "$work/serve-$1.log" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

port=$(( 20000 + RANDOM % 20000 ))
"$root/bin/plegdf" --version >/dev/null   # build once, outside the timings
for w in "${workers[@]}"; do
  start "$w" "$port"
  if [[ "$w" == "${workers[0]}" ]]; then
    command -v hey >/dev/null && {
      hey -z 2s -c 8 "http://127.0.0.1:$port/health" >/dev/null   # warm-up
      echo "== GET /health, 5 s, 8 connections   ($(uptime | sed 's/.*load/load/'))"
      hey -z 5s -c 8 "http://127.0.0.1:$port/health" | grep -E "Requests/sec|Average|Slowest|99% in|\[200\]"
    }
  fi
  t0=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    curl -fs -F "file=@$video;filename=bench-$i.mp4" "http://127.0.0.1:$port/api/v1/predictions" >/dev/null
  done
  while curl -fs "http://127.0.0.1:$port/api/v1/predictions" | grep -qE '"status" ?: ?"(queued|running)"'; do sleep 0.5; done
  t1=$(date +%s.%N)
  failed=$(curl -fs "http://127.0.0.1:$port/api/v1/predictions" | grep -cE '"status" ?: ?"failed"' || true)
  awk -v n="$n" -v a="$t0" -v b="$t1" -v w="$w" -v f="$failed" -v up="$(uptime | sed 's/.*load/load/')" \
    'BEGIN { printf "== %d video(s), %d worker(s): %.1f s, %.2f videos/min, %d failed   (%s)\n", n, w, b - a, 60 * n / (b - a), f, up }'
  stop
done
