"""track_progress: a bar on a terminal, a few whole lines in a log file."""
import io

from pointcmt.engine import LineProgress, track_progress


class Terminal(io.StringIO):

    def isatty(self):
        return True


def test_log_file_gets_a_line_every_few_percent():
    log = io.StringIO()
    assert list(track_progress(range(1000), desc='feats',
                               file=log)) == list(range(1000))
    text = log.getvalue()
    assert '\r' not in text
    lines = text.splitlines()
    assert len(lines) == 21  # the start, then every 5 %
    assert lines[0].startswith('feats:   0%') and '1000/1000' in lines[-1]
    assert all('feats:' in line for line in lines)


def test_manual_updates_and_the_final_line():
    log = io.StringIO()
    with track_progress(total=37, file=log, percent_step=25) as bar:
        assert isinstance(bar, LineProgress)
        for _ in range(37):
            bar.update()
    lines = log.getvalue().splitlines()
    assert len(lines) == 5 and '37/37' in lines[-1]
    # without a total: by time, here at every step, and never a '\r'
    log = io.StringIO()
    list(track_progress(iter(range(3)), file=log, interval_s=0))
    assert '\r' not in log.getvalue()
    assert log.getvalue().splitlines()[-1].startswith('3it')


def test_terminal_gets_the_redrawn_bar():
    tty = Terminal()
    list(track_progress(range(100), file=tty))
    assert '\r' in tty.getvalue() and '100/100' in tty.getvalue()
