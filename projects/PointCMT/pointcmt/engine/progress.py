"""Progress of long loops that reads well on a terminal and in a log file.

On a terminal, :func:`track_progress` is a plain ``tqdm`` bar, redrawn in
place with carriage returns. Written to anything else (a redirected log, a
pipe), ``tqdm`` would still write every redraw after a ``'\\r'``, which a
log keeps as thousands of updates on one line; there the bar is a
:class:`LineProgress` instead: a whole line at the start, one each time
another ``percent_step`` % of the total is done, and the final one.
"""
import math
import sys
from typing import IO, Iterable, Optional

from tqdm import tqdm


class LineProgress(tqdm):
    """A ``tqdm`` bar that writes whole lines, never a carriage return.

    Built as tqdm documents custom front ends: ``gui=True`` (no terminal
    status printer), with :meth:`display`, :meth:`clear` and :meth:`close`
    redefined. When lines are written is tqdm's own logic (``miniters``,
    ``mininterval``); :func:`track_progress` sets it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, gui=True, **kwargs)
        if not self.disable:
            self.display()

    def display(self, msg: Optional[str] = None,
                pos: Optional[int] = None) -> bool:
        """Write ``msg`` (default: the bar's status) as one line."""
        self.fp.write((str(self) if msg is None else msg) + '\n')
        self.fp.flush()
        return True

    def clear(self, nolock: bool = False) -> None:
        """Nothing to clear: written lines stay."""

    def close(self) -> None:
        """Write the final status unless it is the last line written."""
        if not self.disable and self.n != self.last_print_n:
            self.display()
        super().close()


def track_progress(iterable: Optional[Iterable] = None,
                   total: Optional[int] = None,
                   desc: Optional[str] = None,
                   file: Optional[IO[str]] = None,
                   percent_step: float = 5.0,
                   interval_s: float = 30.0) -> tqdm:
    """A progress bar for ``iterable``, or one to ``update()`` by hand.

    Args:
        iterable (Iterable, optional): What to loop over; ``None`` for a bar
            updated by hand (``bar.update(n)``, then ``bar.close()``, or use
            it as a context manager).
        total (int, optional): Number of steps; default ``len(iterable)``.
        desc (str, optional): Prefix of the status.
        file (IO[str], optional): Where to write; default ``sys.stderr``
            (at call time).
        percent_step (float): Not a terminal: a line each time this
            percentage of ``total`` is done.
        interval_s (float): Not a terminal and no ``total``: a line at most
            every this many seconds.

    Returns:
        tqdm: A plain ``tqdm`` on a terminal, else a :class:`LineProgress`.
    """
    file = sys.stderr if file is None else file
    if total is None and iterable is not None and hasattr(iterable,
                                                          '__len__'):
        total = len(iterable)
    if getattr(file, 'isatty', lambda: False)():
        return tqdm(iterable, total=total, desc=desc, file=file)
    if total:
        every = dict(
            miniters=max(1, math.ceil(total * percent_step / 100)),
            mininterval=0)
    else:
        every = dict(miniters=1, mininterval=interval_s)
    return LineProgress(
        iterable,
        total=total,
        desc=desc,
        file=file,
        ascii=True,
        maxinterval=float('inf'),
        **every)


__all__ = ['LineProgress', 'track_progress']
