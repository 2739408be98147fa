#!/usr/bin/env bash
# Times plegdf (`plegdf bench`) and the PyTorch reference (bench.py) row by row, alternating, so
# both see the same machine, with the same threads, and prints the Markdown table of
# docs/benchmarks.md. Usage (every option optional; defaults are the full matrix):
#   tools/reference/bench_side_by_side.sh --csv out.csv --backbone resnet18,resnet50 --size 112,224 \
#       --batch 8,32 --mode train,infer --repeats 5 --warmup 2 --threads 2
set -euo pipefail
# bin/plegdf defaults to the passive OpenMP wait policy; give the reference the same.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
csv="bench-$(date +%Y%m%d-%H%M%S).csv"; backbones=resnet18,resnet50; sizes=112,224; batches=8,32
modes=train,infer; repeats=5; warmup=2; threads=$(nproc)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --csv) csv="$2";; --backbone) backbones="$2";; --size) sizes="$2";; --batch) batches="$2";;
    --mode) modes="$2";; --repeats) repeats="$2";; --warmup) warmup="$2";; --threads) threads="$2";;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
  shift 2
done
for b in ${backbones//,/ }; do for s in ${sizes//,/ }; do for n in ${batches//,/ }; do for m in ${modes//,/ }; do
  common=(--backbone "$b" --size "$s" --batch "$n" --mode "$m" --repeats "$repeats" --warmup "$warmup" --threads "$threads" --csv "$csv")
  echo "# load average before the row: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$root/bin/plegdf" bench "${common[@]}" | grep -v '^engine'
  /usr/bin/python3 "$root/tools/reference/bench.py" "${common[@]}" | grep -v '^engine'
done; done; done; done
/usr/bin/python3 "$root/tools/reference/bench_table.py" "$csv"
