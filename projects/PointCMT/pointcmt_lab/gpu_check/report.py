"""One check's outcome, its time limit and the markdown report."""
import signal
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

STATUSES = ('pass', 'fail', 'error', 'skipped')


@dataclass
class CheckResult:
    """The outcome of one check.

    Attributes:
        name (str): The check's name.
        status (str): One of :data:`STATUSES`; ``'error'`` means the check
            itself raised (or ran past its time limit).
        rows (list[dict]): The numbers, one dict per case.
        note (str): Why it was skipped, the error, or what was compared.
        wall_s (float): Seconds the check ran.
    """
    name: str
    status: str
    rows: List[Dict] = field(default_factory=list)
    note: str = ''
    wall_s: float = 0.0


class CheckTimeout(Exception):
    """A check ran past its time limit."""


def _alarm(signum, frame):
    raise CheckTimeout('ran past its time limit')


def run_check(name: str, fn: Callable[[], Tuple[bool, List[Dict], str]],
              limit_s: int) -> CheckResult:
    """Run ``fn`` (returning ``(passed, rows, note)``, ``passed`` ``None``
    for skipped) under a SIGALRM limit of ``limit_s`` seconds; an exception
    becomes ``'error'``."""
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit_s)
    try:
        passed, rows, note = fn()
        status = {True: 'pass', False: 'fail', None: 'skipped'}[passed]
    except CheckTimeout:
        status, rows, note = 'error', [], f'ran past its {limit_s} s limit'
    except Exception as exc:  # noqa: the report names every failure
        tail = traceback.format_exc().strip().splitlines()[-3:]
        status, rows = 'error', []
        note = f'{type(exc).__name__}: {exc} | ' + ' / '.join(tail)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return CheckResult(name, status, rows, note, time.perf_counter() - start)


def row_or_error(fn: Callable[[], Dict], **case) -> Dict:
    """``case`` with the numbers of ``fn()``, or with ``error`` (the
    exception, shortened) and ``passed=False``: one failing case does not
    hide the others."""
    try:
        return dict(case, **fn())
    except CheckTimeout:
        raise
    except Exception as exc:  # noqa: the row names the failure
        return dict(case, error=f'{type(exc).__name__}: {exc}'[:200],
                    passed=False)


def skipped(name: str, reason: str) -> CheckResult:
    """A check that did not run, with the reason."""
    return CheckResult(name, 'skipped', note=reason)


def _cell(value) -> str:
    if isinstance(value, float):
        return f'{value:.4g}'
    return str(value).replace('|', '/')


def _table(rows: List[Dict]) -> List[str]:
    keys: List[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    lines = ['| ' + ' | '.join(keys) + ' |', '|' + ' --- |' * len(keys)]
    for row in rows:
        lines.append('| ' + ' | '.join(_cell(row.get(k, '')) for k in keys) +
                     ' |')
    return lines


def render_markdown(results: List[CheckResult],
                    environment: Dict[str, str],
                    command: Optional[str] = None) -> str:
    """The report: environment, a summary table, then each check's rows."""
    lines = ['# GPU check', '']
    if command:
        lines += [f'Command: `{command}`', '']
    lines += [f'- {k}: {v}' for k, v in environment.items()] + ['']
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    lines += [', '.join(f'{n} {s}' for s, n in counts.items()), '']
    lines += _table([
        dict(check=r.name, status=r.status, wall_s=round(r.wall_s, 2),
             note='' if r.status == 'pass' else r.note[:160])
        for r in results
    ]) + ['']
    for r in results:
        lines += [f'## {r.name}: {r.status}', '']
        if r.note:
            lines += [r.note, '']
        if r.rows:
            lines += _table(r.rows) + ['']
    return '\n'.join(lines)


__all__ = [
    'CheckResult', 'CheckTimeout', 'render_markdown', 'row_or_error',
    'run_check', 'skipped', 'STATUSES'
]
