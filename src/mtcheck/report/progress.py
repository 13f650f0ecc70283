"""A progress bar for long batches that stays silent when nobody is watching.

tqdm draws on stderr when it is a terminal; with ``disable=None`` it switches
itself off otherwise, so CI logs and redirected runs get no carriage-return noise.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from tqdm import tqdm

#: what a long-running loop calls after each item (``label`` is shown, e.g. a file name)
ProgressCallback = Callable[[str], None]


def _enabled(stream: TextIO, enabled: bool | None) -> bool:
    if enabled is not None:
        return enabled
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


@contextmanager
def progress(total: int, desc: str, enabled: bool | None = None, stream: TextIO | None = None) -> Iterator[ProgressCallback]:
    """Yield a ``step(label)`` callback that advances a bar of ``total`` items.

    ``enabled=None`` shows the bar only when ``stream`` (default stderr) is a
    terminal; ``True``/``False`` force it on or off.
    """
    stream = stream if stream is not None else sys.stderr
    on = _enabled(stream, enabled)
    bar = tqdm(total=total, desc=desc, unit="file", file=stream, disable=not on, leave=False, dynamic_ncols=True)
    try:

        def step(label: str = "") -> None:
            if on and label:
                bar.set_postfix_str(label[-40:], refresh=False)
            bar.update(1)

        yield step
    finally:
        bar.close()
