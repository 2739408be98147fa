#!/usr/bin/env bash
# Builds target/gpu-kit: plegdf.jar and the runtime jars a GPU proof needs, without the bundled CPU
# PyTorch and the FFmpeg/OpenCV/OpenBLAS natives (the proof runs on frame folders and on the GPU
# machine's own CUDA PyTorch), so that it fits the 64 MiB the device tool carries
# (run: carry ["target/gpu-kit"]). Usage: tools/gpu/kit.sh [--jre]
# --jre also builds target/gpu-jre (jlink, about 50 MiB) for a GPU machine without Java 17: carry it
# in a first run, then the kit in a second one right after (outputs stay while the machine is warm).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
core=plegdf-core/target
if [[ ! -f $core/plegdf.jar || ! -d $core/lib || -n "$(find plegdf-core/src/main plegdf-core/pom.xml pom.xml -newer $core/plegdf.jar -print -quit)" ]]; then
  rm -rf $core/lib
  mvn -B -q -o -DskipTests -pl plegdf-core -am package
fi
kit=target/gpu-kit
rm -rf "$kit"
mkdir -p "$kit/lib"
cp $core/plegdf.jar "$kit/"
for j in $core/lib/*.jar; do
  case "$(basename "$j")" in
    pytorch-native-cpu-*|ffmpeg-*-linux-*|opencv-*-linux-*|openblas-*-linux-*) ;;
    *) cp "$j" "$kit/lib/" ;;
  esac
done
if [[ "${1:-}" == --jre ]]; then
  rm -rf target/gpu-jre
  jlink --add-modules java.base,java.desktop,java.management,java.logging,java.xml,java.naming,java.sql,jdk.unsupported,java.scripting,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output target/gpu-jre
  echo "gpu jre: target/gpu-jre, $(du -sm target/gpu-jre | cut -f1) MiB"
fi
size=$(du -sm "$kit" | cut -f1)
echo "gpu kit: $kit, ${size} MiB (the device tool carries 64 MiB in all)"
if (( size > 60 )); then
  echo "gpu kit too large for the device tool" >&2
  exit 1
fi
