#!/usr/bin/env bash
# What the device machine's GPU check carries (it has no network and no
# mmcv, mmengine or mmdet3d): pure-Python wheels for its Python 3.12, the
# two binary wheels mmdet imports at module level (pycocotools, shapely)
# and mmcv's source sdist (tools/check_gpu_device.sh compiles only its
# point ops). Run here, with pip and a package registry:
#   bash tools/gpu_check_bundle.sh          # -> build/gpu_bundle/ (~9 MB)
# then the device tool's run with carry=['build/gpu_bundle'] and the
# command `bash tools/check_gpu_device.sh` (pointcmt_lab/gpu_check).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$ROOT/requirements/runtime.txt"
DEST="$ROOT/build/gpu_bundle"
PY="${PYTHON:-python3}"
pin() { sed -n "s/^# $1=//p" "$REQ"; }
req() { grep -E "^$1==" "$REQ"; }

# Versions: requirements/runtime.txt for the OpenMMLab packages; the others
# are what those import at module level and the device image lacks
# (checked against its package list in .library/device/KINDS.md), at the
# versions of the project's CPU environment.
PURE=(
  "$(req mmengine)" "$(req mmdet)" "mmdet3d==$(pin MMDET3D_VERSION)"
  addict==2.4.0 yapf==0.43.0 platformdirs==4.14.9 termcolor==3.3.0
  terminaltables==3.1.10 trimesh==5.2.0 pytz==2026.6
)
BINARY=(pycocotools==2.0.11 shapely==2.0.7)

rm -rf "$DEST"
mkdir -p "$DEST"
PIP=("$PY" -m pip download -q --no-deps -d "$DEST" --python-version 3.12)
"${PIP[@]}" --only-binary=:all: --implementation py --abi none \
  --platform any "${PURE[@]}"
"${PIP[@]}" --only-binary=:all: --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 "${BINARY[@]}"
"$PY" -m pip download -q --no-deps -d "$DEST" --no-binary :all: \
  "mmcv==$(pin MMCV_VERSION)"

size_kib="$(du -sk "$DEST" | cut -f1)"
echo "[gpu_check_bundle] $(ls "$DEST" | wc -l) files, ${size_kib} KiB in $DEST"
if [ "$size_kib" -gt $((48 * 1024)) ]; then
  echo "gpu_check_bundle.sh: $DEST is over 48 MiB; the device run carries" \
       "at most 64 MiB with the working tree" >&2
  exit 1
fi
