#!/usr/bin/env bash
# Proves plegdf's GPU path in one run and writes what it found to OUT/results.md (README, "GPU").
#
#   tools/gpu/prove.sh [--device gpu|cpu] [--out DIR] [--libtorch DIR|auto] [--quick] [--kit]
#
# Steps: what the machine has (java, NVIDIA driver, GPUs, every python3's torch); `plegdf info`;
# a synthetic dataset; a short train, evaluate and predict on --device; the same predict on the
# CPU and the parity of the per-frame network outputs (<= 1e-3 relative); data-parallel training
# over gpu:0,gpu:1 when two GPUs are visible; steps/s and frames/s of resnet50 at 224 px, batch 32.
# --device cpu --quick runs the same steps on the CPU with a small benchmark, to test this script;
# --kit runs from target/gpu-kit (tools/gpu/kit.sh: no bundled CPU PyTorch) even beside a full build.
# Without --libtorch it takes the first python3 whose torch is 2.7.1 with CUDA (its torch/lib).
# Nothing leaves the machine: all data is synthetic and made here.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
device=gpu out="" libtorch="" quick=0 kit=0
while (($#)); do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --libtorch) libtorch="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --kit) kit=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "prove.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
out="${out:-$root/target/gpu-proof-$device}"
mkdir -p "$out"
results="$out/results.md"
: > "$results"
failures=0
note() { echo "$*" | tee -a "$results"; }

# --- what the machine has -------------------------------------------------------------------
note "# plegdf GPU proof, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
note ""
note "- machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory"
note "- git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
java_bin="${JAVA:-$(command -v java || true)}"
if [[ -z "$java_bin" ]]; then
  java_bin="$(ls /usr/lib/jvm/*/bin/java "$root/target/gpu-jre/bin/java" 2>/dev/null | head -1 || true)"
fi
if [[ -z "$java_bin" ]]; then
  note "- java: NOT FOUND (install a JDK 17, set JAVA, or carry target/gpu-jre from tools/gpu/kit.sh --jre); nothing else can run"
  exit 2
fi
note "- java: $java_bin, $("$java_bin" -version 2>&1 | head -1)"
note "- driver: $( (head -1 /proc/driver/nvidia/version 2>/dev/null || echo 'no /proc/driver/nvidia/version') | tr -s ' ')"
gpu_names="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true)"
note "- nvidia-smi: ${gpu_names:-not available}"
gpu_count=$(printf '%s' "$gpu_names" | grep -c . || true)
pythons=()
for p in python3 /usr/bin/python3 /usr/local/bin/python3 /opt/conda/bin/python3 "$HOME/miniconda3/bin/python3" \
         "$HOME/.venv/bin/python3" /opt/*/bin/python3 /opt/*/*/bin/python3; do
  p="$(command -v "$p" 2>/dev/null || true)"
  [[ -n "$p" && -x "$p" ]] || continue
  real="$(readlink -f "$p")"
  [[ " ${pythons[*]:-} " == *" $real "* ]] || pythons+=("$real")
done
found_lib=""
for py in "${pythons[@]:-}"; do
  [[ -n "$py" ]] || continue
  info="$(timeout 120 "$py" -c 'import os, torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available(), torch.cuda.device_count(), os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null | tail -1)"
  note "- python torch: $py: ${info:-no torch}"
  read -r tv tc _ _ tlib <<< "$info"
  if [[ -z "$found_lib" && "$tv" == 2.7.1* && "$tc" != None && -n "$tc" ]]; then
    found_lib="$tlib"
  fi
done
if [[ -z "$libtorch" && "$device" != cpu ]]; then
  libtorch="${found_lib:-auto}"
fi
note "- --libtorch: ${libtorch:-(bundled CPU library)}"

# --- how to run plegdf ----------------------------------------------------------------------
# the full build when there is one (it has the bundled CPU library); the kit on a GPU machine
if ((kit == 0)) && [[ -f "$root/plegdf-core/target/plegdf.jar" && -d "$root/plegdf-core/target/lib" ]]; then
  cp="$root/plegdf-core/target/plegdf.jar:$root/plegdf-core/target/lib/*"
elif [[ -f "$root/target/gpu-kit/plegdf.jar" ]]; then
  cp="$root/target/gpu-kit/plegdf.jar:$root/target/gpu-kit/lib/*"
else
  note "- no target/gpu-kit or target/plegdf.jar: run tools/gpu/kit.sh (or mvn package) first"
  exit 2
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
lib_args=()
[[ -n "$libtorch" ]] && lib_args=(--libtorch "$libtorch")
plegdf() { "$java_bin" ${PLEGDF_JAVA_OPTS:--Xmx8g} -Dai.djl.offline=true -cp "$cp" org.plegdf.cli.PlegdfCli "$@"; }

note ""
note "| step | result | seconds | log |"
note "|---|---|---|---|"
# step NAME CMD...: runs CMD with its output in OUT/NAME.log and adds a row to the table
step() {
  local name="$1"; shift
  local t0 t1 rc
  t0=$(date +%s.%N)
  "$@" > "$out/$name.log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  local res="PASS"
  if ((rc != 0)); then res="FAIL (exit $rc: $(grep -m1 'error' "$out/$name.log" | cut -c1-300))"; failures=$((failures + 1)); fi
  note "| $name | $res | $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') | $name.log |"
  return $rc
}
check_device() { grep -q "device           $1" "$out/info.log"; }

step info plegdf info --device "$device" "${lib_args[@]}"
if [[ "$device" != cpu ]] && ! check_device gpu; then
  note "| info shows the GPU | FAIL | | info.log |"
  failures=$((failures + 1))
fi
data="$out/data"
rm -rf "$data" "$out/run" "$out/eval" "$out"/pred-*
step synth plegdf synth --out "$data" --subjects 12 --videos-per-subject 1 --frames 12 --size 64 --no-progress
step train plegdf train --data "$data" --out "$out/run" --config "$root/tools/gpu/tiny-run.json" --device "$device" "${lib_args[@]}"
step evaluate plegdf evaluate --model "$out/run" --data "$data" --split test --out "$out/eval" --device "$device" "${lib_args[@]}"
frames="$data/$(awk -F, '$3 == "test" {print $5; exit}' "$data/manifest.csv")"
step "predict-$device" plegdf predict --model "$out/run" --frames "$frames" --out "$out/pred-$device" --no-images --no-progress \
  --device "$device" "${lib_args[@]}"
if [[ "$device" != cpu ]]; then
  step predict-cpu plegdf predict --model "$out/run" --frames "$frames" --out "$out/pred-cpu" --no-images --no-progress \
    --device cpu "${lib_args[@]}"
else
  # the script's own test: a second CPU run, which must agree exactly
  step predict-cpu-again plegdf predict --model "$out/run" --frames "$frames" --out "$out/pred-cpu-again" --no-images \
    --no-progress --device cpu "${lib_args[@]}"
fi
other="$out/pred-cpu"; [[ "$device" == cpu ]] && other="$out/pred-cpu-again"
if command -v python3 > /dev/null; then
  step parity python3 "$root/tools/gpu/parity.py" "$other/prediction.json" "$out/pred-$device/prediction.json" 1e-3
  note "- $(tail -1 "$out/parity.log")"
else
  note "| parity | SKIPPED (no python3) | | |"
fi
if [[ "$device" != cpu ]] && ((gpu_count >= 2)); then
  step train-2gpu plegdf train --data "$data" --out "$out/run-2gpu" --config "$root/tools/gpu/tiny-run.json" \
    --device gpu:0,gpu:1 "${lib_args[@]}"
else
  note "| train-2gpu | SKIPPED ($gpu_count GPU(s) visible; data parallel needs 2) | | |"
fi
if ((quick)); then
  bench=(--backbone resnet18-quarter --size 64 --batch 4 --repeats 1 --warmup 1)
else
  bench=(--backbone resnet50 --size 224 --batch 32 --repeats 10 --warmup 3)
fi
step bench plegdf bench "${bench[@]}" --mode train,infer --device "$device" "${lib_args[@]}" --csv "$out/bench.csv"

# --- summary --------------------------------------------------------------------------------
note ""
awk '$1 == "djl" && $5 == "train" {printf "- training: %s %s px batch %s: %.2f steps/s, %.1f frames/s (median %s ms)\n", $2, $3, $4, 1000 / $6, $9, $6}
     $1 == "djl" && $5 == "infer" {printf "- inference: %s %s px batch %s: %.1f frames/s (median %s ms)\n", $2, $3, $4, $9, $6}' \
  "$out/bench.log" | tee -a "$results"
note "- device: $device${gpu_names:+, $(printf '%s' "$gpu_names" | head -1)}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
note ""
if ((failures)); then
  note "**$failures step(s) failed**; see the logs in $out"
  exit 1
fi
note "**all steps passed** ($out)"
