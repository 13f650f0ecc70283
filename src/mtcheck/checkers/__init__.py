"""The checker protocol and registry.

A checker turns a segmented :class:`~mtcheck.document.Document` into a
:class:`~mtcheck.model.CheckResult`. Adding a checker means writing one module
with a class that satisfies :class:`Checker` and adding one line to
``REGISTRY`` below; the pipeline, the scorer and the reporters need no change.
"""

from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from mtcheck.document import Document
from mtcheck.model import CheckResult


@runtime_checkable
class Checker(Protocol):
    """One stage of the pipeline (rules, a grammar backend, the fluency model)."""

    #: the finding ``source`` this checker produces: "rules", "grammar" or "fluency"
    source: str
    #: a short stable name shown in reports and ``backends`` ("rules", "harper", ...)
    name: str

    def check(self, doc: Document) -> CheckResult:
        """Check a whole document. Must not raise for bad prose; raise only for
        a broken setup the user must hear about (the pipeline turns those into
        warnings and records the backend as not run)."""
        ...

    def close(self) -> None:
        """Release servers, sessions or files. Called once at the end of a run."""
        ...


# name -> factory(config) ; filled lazily to keep imports (and start-up) cheap.
CheckerFactory = Callable[..., Checker]
