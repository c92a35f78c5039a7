#!/usr/bin/env bash
# Distributed testing with PyTorch DDP through mmengine.
#   tools/dist_test.sh CONFIG CHECKPOINT NUM_PROCS [test.py args...]
# See dist_launch.sh for the devices and the multi-node variables.
set -euo pipefail
exec "$(dirname "$0")/dist_launch.sh" test.py "$3" "$1" "$2" "${@:4}"
