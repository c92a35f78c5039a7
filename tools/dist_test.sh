#!/usr/bin/env bash
# Distributed testing with PyTorch DDP through mmengine.
#   tools/dist_test.sh CONFIG CHECKPOINT NUM_PROCS [test.py args...]
# On GPUs NUM_PROCS is the GPU count (NCCL); without CUDA it runs NUM_PROCS
# CPU processes with gloo. Multi-node: set NNODES, NODE_RANK, MASTER_ADDR.
set -euo pipefail
CONFIG=$1
CHECKPOINT=$2
NPROC=$3
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}

python -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROC" \
    --master_port="$PORT" \
    "$(dirname "$0")/test.py" \
    "$CONFIG" "$CHECKPOINT" \
    --launcher pytorch "${@:4}"
