#!/usr/bin/env bash
# One-command environment set-up for PointCMT (idempotent).
#
#   bash tools/setup_env.sh                      # set up only
#   bash tools/setup_env.sh --then CMD [ARGS...] # set up, then run CMD in the env
#
# Installs into the active virtualenv/conda env, or creates .venv/ at the repo
# root when none is active. Keeps an installed torch (CPU or CUDA). Builds
# mmcv with ops against that torch when no matching mmcv is installed
# (honours PIP_FIND_LINKS as a wheel cache and MAX_JOBS for the build).
# When torch sees a GPU, checks that mmcv's ops run on CUDA (a CPU-only mmcv
# imports fine) and stops with how to get a CUDA build if they do not.
# Versions are pinned in requirements/runtime.txt only (with the GPU
# combination: torch 2.1 + CUDA 12.1 + OpenMMLab's mmcv 2.1.0 wheel).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$ROOT/requirements/runtime.txt"
pin() { sed -n "s/^# $1=//p" "$REQ"; }
TORCH_VERSION="$(pin TORCH_VERSION)"
MMCV_VERSION="$(pin MMCV_VERSION)"
MMDET3D_VERSION="$(pin MMDET3D_VERSION)"

THEN=()
while [ $# -gt 0 ]; do
  case "$1" in
    --then) shift; THEN=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "setup_env.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "[setup_env] $*"; }

# 1. Pick the environment.
if [ -n "${VIRTUAL_ENV:-}" ]; then
  ENV_DIR="$VIRTUAL_ENV"
elif [ -n "${CONDA_PREFIX:-}" ]; then
  ENV_DIR="$CONDA_PREFIX"
else
  ENV_DIR="$ROOT/.venv"
  if [ ! -x "$ENV_DIR/bin/python" ]; then
    log "creating $ENV_DIR"
    python3 -m venv "$ENV_DIR"
  fi
fi
PY="$ENV_DIR/bin/python"
[ -x "$PY" ] || { echo "setup_env.sh: no python in $ENV_DIR/bin" >&2; exit 1; }
PIP=("$PY" -m pip --disable-pip-version-check -q)
export PATH="$ENV_DIR/bin:$PATH"

STAMP="$ENV_DIR/.pointcmt_setup_stamp"
want_stamp="$(cat "$REQ" "$ROOT/requirements/tests.txt" "$ROOT/setup.cfg" | sha256sum | cut -c1-16):$ROOT"

check_all() {
  "$PY" - "$MMCV_VERSION" "$MMDET3D_VERSION" <<'PYEOF' >/dev/null 2>&1
import sys
import mmcv, mmdet3d, mmengine, mmdet, torch  # noqa
from mmcv.ops import furthest_point_sample  # noqa: checks the compiled ops
assert mmcv.__version__ == sys.argv[1] and mmdet3d.__version__ == sys.argv[2]
import pointcmt, mmdet3d.evaluation, pytest  # noqa
PYEOF
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ] && check_all; then
  log "environment $ENV_DIR is up to date"
else
  # 2. torch: keep what is there.
  if "$PY" -c 'import torch' >/dev/null 2>&1; then
    log "keeping torch $("$PY" -c 'import torch; print(torch.__version__)')"
  else
    log "installing torch==$TORCH_VERSION"
    "${PIP[@]}" install "torch==$TORCH_VERSION"
  fi
  # 3. mmcv with compiled ops, matching the installed torch.
  if "$PY" -c "import mmcv, sys; from mmcv.ops import furthest_point_sample; sys.exit(mmcv.__version__ != '$MMCV_VERSION')" >/dev/null 2>&1; then
    log "keeping mmcv $MMCV_VERSION"
  else
    log "installing mmcv==$MMCV_VERSION (a source build takes ~30 min on 2 cores; PIP_FIND_LINKS=${PIP_FIND_LINKS:-unset})"
    "${PIP[@]}" install "setuptools<70" ninja wheel "numpy==$(sed -n 's/^numpy==//p' "$REQ")"
    MAX_JOBS="${MAX_JOBS:-$(nproc)}" "${PIP[@]}" install --no-build-isolation "mmcv==$MMCV_VERSION"
  fi
  # 4. The rest, pinned in one place; mmdet3d without its heavy optional deps.
  log "installing pinned runtime and test requirements"
  "${PIP[@]}" install -r "$REQ" -r "$ROOT/requirements/tests.txt"
  "${PIP[@]}" install --no-deps "mmdet3d==$MMDET3D_VERSION"
  # 5. This package, editable.
  "${PIP[@]}" install --no-deps --no-build-isolation -e "$ROOT"
  check_all || { echo "setup_env.sh: the environment does not import; run: $PY -c 'import pointcmt'" >&2; exit 1; }
  echo "$want_stamp" > "$STAMP"
  log "done: $ENV_DIR"
fi

# 6. GPU machines: mmcv's point ops must run on CUDA (no-op without a GPU).
"$PY" - <<'PYEOF' || exit 1
import sys
from pointcmt.ops.cuda_check import MmcvCudaError, check_mmcv_cuda_ops
try:
    print('[setup_env] mmcv CUDA check:', check_mmcv_cuda_ops())
except MmcvCudaError as err:
    sys.exit(f'setup_env.sh: {err}')
PYEOF

if [ ${#THEN[@]} -gt 0 ]; then
  cd "$ROOT"
  log "running: ${THEN[*]}"
  exec "${THEN[@]}"
fi
