#!/usr/bin/env bash
# Builds target/gpu-kit: plegdf.jar and the runtime jars a GPU proof needs, without the bundled CPU
# PyTorch and the FFmpeg/OpenCV/OpenBLAS natives (the proof runs on frame folders and on the GPU
# machine's own CUDA PyTorch), so that it fits the 64 MiB the device tool carries
# (run: carry ["target/gpu-kit"]). Usage: tools/gpu/kit.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ ! -f target/plegdf.jar || ! -d target/lib || -n "$(find src/main pom.xml -newer target/plegdf.jar -print -quit)" ]]; then
  rm -rf target/lib
  mvn -B -q -o -DskipTests package
fi
kit=target/gpu-kit
rm -rf "$kit"
mkdir -p "$kit/lib"
cp target/plegdf.jar "$kit/"
for j in target/lib/*.jar; do
  case "$(basename "$j")" in
    pytorch-native-cpu-*|ffmpeg-*-linux-*|opencv-*-linux-*|openblas-*-linux-*) ;;
    *) cp "$j" "$kit/lib/" ;;
  esac
done
size=$(du -sm "$kit" | cut -f1)
echo "gpu kit: $kit, ${size} MiB (the device tool carries 64 MiB in all)"
if (( size > 60 )); then
  echo "gpu kit too large for the device tool" >&2
  exit 1
fi
