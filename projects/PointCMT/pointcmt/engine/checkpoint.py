"""Strict checkpoint loading and student export.

Checkpoints of this project are mmengine ``Runner`` checkpoints
(``dict(meta=..., state_dict=..., optimizer=...)``) or plain state dicts.
They are read with ``weights_only=True``: importing ``pointcmt`` allow-lists
the few non-tensor types mmengine writes (see
:mod:`pointcmt.engine.checkpoint_safe_globals`).
"""
import os.path as osp
from collections import OrderedDict
from typing import Any, Dict, List, Mapping

import torch
from torch import Tensor, nn

_MAX_LISTED = 8


def torch_load_cpu(filename: str, what: str, kind: str = 'checkpoint') -> Any:
    """``torch.load`` a file onto the CPU with ``weights_only=True``.

    Args:
        filename (str): Path of the file.
        what (str): Who reads it, for the error message (e.g.
            ``'teacher_feats'``).
        kind (str): What the file is, for the error message (e.g.
            ``'cache file'``).

    Returns:
        The unpickled object.

    Raises:
        ValueError: ``torch.load`` cannot read the file.
    """
    try:
        return torch.load(filename, map_location='cpu', weights_only=True)
    except Exception as err:
        raise ValueError(f'{what}: cannot read {kind} {filename}: '
                         f'{err}') from err


def load_checkpoint_file(filename: str, what: str = 'checkpoint') -> dict:
    """Read a checkpoint file onto the CPU.

    Args:
        filename (str): Path of a ``.pth`` file.
        what (str): What the file is, for error messages (e.g.
            ``'teacher_ckpt'``).

    Returns:
        dict: The unpickled checkpoint.

    The file is read with ``weights_only=True``; importing ``pointcmt``
    allow-lists the few types mmengine checkpoints hold (see
    :mod:`pointcmt.engine.checkpoint_safe_globals`), so no code from the
    file runs.

    Raises:
        FileNotFoundError: ``filename`` is not a file.
        ValueError: the file cannot be read, or is not a dict.
    """
    if not isinstance(filename, str) or not osp.isfile(filename):
        raise FileNotFoundError(f'{what}: checkpoint file not found: '
                                f'{filename!r}')
    checkpoint = torch_load_cpu(filename, what)
    if not isinstance(checkpoint, Mapping):
        raise ValueError(f'{what}: {filename} holds a '
                         f'{type(checkpoint).__name__}, expected a dict '
                         '(a state dict or a checkpoint with "state_dict")')
    return checkpoint


def get_state_dict(checkpoint: Mapping,
                   filename: str,
                   what: str = 'checkpoint') -> 'OrderedDict[str, Tensor]':
    """The state dict of a checkpoint, without a DDP ``module.`` prefix.

    Args:
        checkpoint (Mapping): A loaded checkpoint or a plain state dict.
        filename (str): Its path, for error messages.
        what (str): What the file is, for error messages.

    Returns:
        OrderedDict[str, Tensor]: Parameter/buffer name -> tensor.
    """
    state = checkpoint.get('state_dict', checkpoint)
    bad = [k for k, v in state.items() if not isinstance(v, Tensor)]
    if bad:
        raise ValueError(f'{what}: {filename} is not a state dict: entry '
                         f'{bad[0]!r} is a {type(state[bad[0]]).__name__}, '
                         'expected tensors (or a checkpoint with a '
                         '"state_dict" key)')
    return OrderedDict(
        (k[len('module.'):] if k.startswith('module.') else k, v)
        for k, v in state.items())


def _listing(keys: List[str]) -> str:
    shown = ', '.join(keys[:_MAX_LISTED])
    more = len(keys) - _MAX_LISTED
    return shown + (f' (+{more} more)' if more > 0 else '')


def check_state_dict(module: nn.Module,
                     state: Mapping[str, Tensor],
                     filename: str,
                     what: str = 'checkpoint',
                     prefix: str = '') -> None:
    """Require ``state`` to match ``module.state_dict()`` key by key.

    Args:
        module (nn.Module): Module the weights are meant for.
        state (Mapping[str, Tensor]): Weights (prefix already stripped).
        filename (str): Their file, for the message.
        what (str): What the file is, for the message.
        prefix (str): Stripped prefix, for the message.

    Raises:
        ValueError: missing/unexpected keys or shape mismatches, naming the
            file and the keys.
    """
    expected: Dict[str, Tensor] = module.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    mismatched = [
        f'{k}: checkpoint {tuple(state[k].shape)} vs model '
        f'{tuple(expected[k].shape)}' for k in expected
        if k in state and state[k].shape != expected[k].shape
    ]
    problems = []
    if missing:
        problems.append(f'missing keys: {_listing(missing)}')
    if unexpected:
        problems.append(f'unexpected keys: {_listing(unexpected)}')
    if mismatched:
        problems.append(f'shape mismatch: {_listing(mismatched)}')
    if problems:
        raise ValueError(
            f'{what}: {filename} does not match {type(module).__name__}'
            f'{f" (prefix {prefix!r})" if prefix else ""}: ' +
            '; '.join(problems))


def load_weights_strict(module: nn.Module,
                        filename: str,
                        prefix: str = '',
                        what: str = 'checkpoint') -> None:
    """Load a checkpoint into ``module``, requiring an exact match.

    When ``prefix`` is given and some keys start with it (e.g. a Stage II
    ``CMPGPretrainModel`` checkpoint holding ``generator.*``), only those
    keys are used, with the prefix stripped; otherwise the checkpoint is
    taken as the module's own state dict.

    Args:
        module (nn.Module): Module to fill.
        filename (str): Checkpoint path.
        prefix (str): Key prefix of the module inside a bigger model.
        what (str): What the file is, for error messages.

    Raises:
        FileNotFoundError: missing file.
        ValueError: see :func:`check_state_dict`.
    """
    state = get_state_dict(
        load_checkpoint_file(filename, what), filename, what)
    used_prefix = ''
    if prefix and any(k.startswith(prefix) for k in state):
        used_prefix = prefix
        state = OrderedDict((k[len(prefix):], v) for k, v in state.items()
                            if k.startswith(prefix))
    check_state_dict(module, state, filename, what, used_prefix)
    module.load_state_dict(state, strict=True)


def extract_student_checkpoint(checkpoint: Mapping,
                               filename: str,
                               prefix: str = 'student.') -> dict:
    """Turn a distiller checkpoint into a plain student checkpoint.

    Keeps the ``prefix``-ed weights with the prefix stripped, drops
    everything else (adapter, optimizer, schedulers) and keeps ``meta``.

    Args:
        checkpoint (Mapping): Loaded ``CrossModalDistiller`` checkpoint.
        filename (str): Its path, for error messages.
        prefix (str): Prefix of the student's weights.

    Returns:
        dict: ``dict(meta=..., state_dict=...)`` loadable by the student's
        own config.
    """
    state = get_state_dict(checkpoint, filename)
    student = OrderedDict(
        (k[len(prefix):], v) for k, v in state.items() if k.startswith(prefix))
    if not student:
        raise ValueError(f'{filename} has no {prefix!r} weights: is it a '
                         'CrossModalDistiller checkpoint? First keys: '
                         f'{_listing(list(state))}')
    return dict(meta=dict(checkpoint.get('meta', {})), state_dict=student)


__all__ = [
    'load_checkpoint_file', 'get_state_dict', 'check_state_dict',
    'load_weights_strict', 'extract_student_checkpoint', 'torch_load_cpu'
]
