#!/usr/bin/env bash
# Distributed training with PyTorch DDP through mmengine.
#   tools/dist_train.sh CONFIG NUM_PROCS [train.py args...]
# On GPUs NUM_PROCS is the GPU count (NCCL); without CUDA it runs NUM_PROCS
# CPU processes with gloo. Multi-node: set NNODES, NODE_RANK, MASTER_ADDR.
set -euo pipefail
CONFIG=$1
NPROC=$2
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
    "$(dirname "$0")/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
