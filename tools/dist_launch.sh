#!/usr/bin/env bash
# Run a tool under PyTorch DDP through mmengine (used by dist_train.sh and
# dist_test.sh).
#   tools/dist_launch.sh TOOL NUM_PROCS [TOOL args...]
# TOOL is a script of this folder (train.py, test.py); --launcher pytorch is
# appended. On GPUs NUM_PROCS is the GPU count (NCCL); without CUDA it runs
# NUM_PROCS CPU processes with gloo. Multi-node: set NNODES, NODE_RANK,
# MASTER_ADDR (and PORT).
set -euo pipefail
TOOL=$1
NPROC=$2
python -m torch.distributed.run \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --nproc_per_node="$NPROC" \
    --master_port="${PORT:-29500}" \
    "$(dirname "$0")/$TOOL" \
    "${@:3}" --launcher pytorch
