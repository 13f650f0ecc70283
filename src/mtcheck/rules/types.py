"""Types shared by the rule engine and the structural checks written in code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from mtcheck.document import Document, Sentence


@dataclass
class RawMatch:
    """A hit inside one sentence, in sentence-local character offsets.

    The engine maps it to original-file offsets, fills the rule's message
    template with ``{match}``, ``{suggestion}`` and ``vars``, and builds the fix.
    ``message`` overrides the rule's template when a check needs a specific text.
    ``vars["case"] = "exact"`` keeps suggestions exactly as given instead of
    re-casing them to match the flagged text (needed for lower-casing fixes).
    """

    start: int
    end: int
    suggestions: list[str] = field(default_factory=list)
    vars: dict[str, str] = field(default_factory=dict)
    message: str | None = None


@dataclass(frozen=True)
class StructuralCheck:
    """A check written in code and switched on/tuned from a YAML rule.

    ``params`` holds the accepted parameter names with their defaults: the YAML
    loader rejects unknown names so a typo in a rule file is a load error.
    ``run(sentence, params, doc)`` yields :class:`RawMatch` objects.
    """

    name: str
    params: Mapping[str, Any]
    run: Callable[[Sentence, Mapping[str, Any], Document], Iterable[RawMatch]]
    doc: str = ""
