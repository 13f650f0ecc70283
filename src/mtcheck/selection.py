"""ruff-style rule selection by dotted prefix (``MT``, ``MT.Terms``, ``HARPER``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


def matches_prefix(rule_id: str, prefix: str) -> bool:
    """True when ``prefix`` names ``rule_id`` or one of its parents (dot boundaries).

    ``ALL`` selects everything. Comparison ignores case so ``harper`` works too.
    """
    p = prefix.strip().rstrip(".")
    if not p:
        return False
    if p.upper() == "ALL":
        return True
    r = rule_id.lower()
    p = p.lower()
    return r == p or r.startswith(p + ".")


@dataclass
class Selector:
    """``select`` empty means everything; ``ignore`` wins over ``select`` unless
    the select prefix is more specific (as in ruff)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    @classmethod
    def from_options(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> "Selector":
        def split(items: Iterable[str]) -> list[str]:
            out: list[str] = []
            for item in items:
                out.extend(x.strip() for x in item.split(",") if x.strip())
            return out

        return cls(split(select), split(ignore))

    def enabled(self, rule_id: str) -> bool:
        best_sel = max((len(p) for p in self.select if matches_prefix(rule_id, p)), default=-1 if self.select else 0)
        if best_sel < 0:
            return False
        best_ign = max((len(p) for p in self.ignore if matches_prefix(rule_id, p)), default=-1)
        return best_ign < 0 or best_sel > best_ign
