#!/usr/bin/env bash
# The GPU check on the device machine (Python 3.12, torch with CUDA and
# nvcc, no network, no mmcv/mmengine/mmdet3d). Needs build/gpu_bundle from
# tools/gpu_check_bundle.sh (carried: carry=['build/gpu_bundle']). Installs
# the wheels into /tmp/gpu_check_site, copies mmcv's Python package out of
# its sdist there and compiles its point ops into mmcv._ext
# (pointcmt_lab/gpu_check/mmcv_subset.py), then runs tools/check_gpu.py with
# what is left of a 9-minute budget. Writes $OUT/gpu_check.md,
# $OUT/build.log and $OUT/check_gpu.log; without $OUT, work_dirs/gpu_check/.
set -euo pipefail
START=$(date +%s)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUNDLE=build/gpu_bundle
SITE=/tmp/gpu_check_site
OUT_DIR="${OUT:-work_dirs/gpu_check}"
TOTAL_S="${GPU_CHECK_TOTAL_S:-540}"
mkdir -p "$SITE" "$OUT_DIR"
export PYTHONUNBUFFERED=1
[ -d "$BUNDLE" ] || { echo "check_gpu_device.sh: no $BUNDLE; run" \
  "tools/gpu_check_bundle.sh here and carry it" >&2; exit 1; }

python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
  --target "$SITE" "$BUNDLE"/*.whl
export PYTHONPATH="$PWD/projects/PointCMT:$SITE"
if [ -z "${CUDA_HOME:-}" ] && command -v nvcc >/dev/null; then
  CUDA_HOME="$(dirname "$(dirname "$(command -v nvcc)")")"
  export CUDA_HOME
fi
export MAX_JOBS="${MAX_JOBS:-16}"
export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"  # the H200's
if ! python3 projects/PointCMT/pointcmt_lab/gpu_check/mmcv_subset.py \
    --sdist "$BUNDLE"/mmcv-*.tar.gz --site "$SITE" >"$OUT_DIR/build.log" 2>&1
then
  tail -n 40 "$OUT_DIR/build.log"
  printf '# GPU check\n\nNot run: the mmcv point-op build failed after %s s;' \
    "$(( $(date +%s) - START ))" >"$OUT_DIR/gpu_check.md"
  printf ' see build.log.\n' >>"$OUT_DIR/gpu_check.md"
  exit 1
fi
tail -n 1 "$OUT_DIR/build.log"
BUDGET=$(( TOTAL_S - ($(date +%s) - START) - 30 ))
echo "[check_gpu_device] set-up: $(( $(date +%s) - START )) s;" \
  "checks get ${BUDGET} s"
python3 tools/check_gpu.py --out "$OUT_DIR/gpu_check.md" --budget-s "$BUDGET" \
  2>&1 | tee "$OUT_DIR/check_gpu.log"
