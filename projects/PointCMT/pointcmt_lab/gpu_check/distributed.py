"""A 2-rank NCCL run: all-reduce and one DistributedDataParallel step."""
import socket
import time
from typing import Dict, List, Tuple

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

WORLD_SIZE = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _rank_main(rank: int, port: int, results) -> None:
    dist.init_process_group('nccl', init_method=f'tcp://127.0.0.1:{port}',
                            rank=rank, world_size=WORLD_SIZE)
    torch.cuda.set_device(rank)
    start = time.perf_counter()
    value = torch.full((1 << 20, ), float(rank + 1), device='cuda')
    dist.all_reduce(value)
    torch.manual_seed(0)
    model = torch.nn.parallel.DistributedDataParallel(
        torch.nn.Linear(16, 4).cuda(), device_ids=[rank])
    inputs = torch.full((8, 16), float(rank + 1), device='cuda')
    model(inputs).sum().backward()
    grad = model.module.weight.grad.clone()
    gathered = [torch.empty_like(grad) for _ in range(WORLD_SIZE)]
    dist.all_gather(gathered, grad)
    torch.cuda.synchronize()
    results[rank] = dict(
        rank=rank,
        all_reduce_ok=bool((value == WORLD_SIZE * (WORLD_SIZE + 1) /
                            2).all()),
        ddp_grads_equal=bool(torch.equal(gathered[0], gathered[1])),
        seconds=time.perf_counter() - start)
    dist.destroy_process_group()


def check_nccl() -> Tuple[bool, List[Dict], str]:
    """Spawn :data:`WORLD_SIZE` ranks on the first GPUs."""
    results = mp.Manager().dict()
    mp.spawn(_rank_main, args=(_free_port(), results), nprocs=WORLD_SIZE)
    rows = [results[r] for r in range(WORLD_SIZE)]
    passed = all(r['all_reduce_ok'] and r['ddp_grads_equal'] for r in rows)
    return passed, rows, ('all_reduce of 1 M floats and one DDP backward of '
                          'a Linear(16, 4) on different inputs per rank')


__all__ = ['check_nccl', 'WORLD_SIZE']
