#!/usr/bin/env bash
# Distributed training with PyTorch DDP through mmengine.
#   tools/dist_train.sh CONFIG NUM_PROCS [train.py args...]
# See dist_launch.sh for the devices and the multi-node variables.
set -euo pipefail
exec "$(dirname "$0")/dist_launch.sh" train.py "$2" "$1" "${@:3}"
