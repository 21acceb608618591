"""The k-threshold every aggregate passes before it leaves the server.

A group (a theme, a role, an agency, a card's quotes) is shown only when at least ``k``
distinct people contributed to it; smaller groups read "not enough responses yet". So that
a hidden group cannot be worked out by subtracting the shown ones from a total, one hidden
group never stands alone (the next smallest is hidden with it), and the total is withheld
when it would give the hidden groups away.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_K = 3
MIN_K = 2


def check_k(k: int) -> int:
    """``k`` if it is a usable threshold; ``ValueError`` below 2 (one person is never a group)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ValueError(f"k must be a whole number of at least {MIN_K}, not {k!r}")
    return k


def meets_threshold(contributor_ids: Iterable[str], k: int = DEFAULT_K) -> bool:
    """Whether one group (a quote, a card's text) has at least ``k`` distinct contributors."""
    return len(set(contributor_ids)) >= check_k(k)


@dataclass(frozen=True)
class Thresholded(Generic[K]):
    """A breakdown after the threshold: counts that may be shown, and the groups held back.

    ``total`` is the number of distinct contributors, or ``None`` when showing it would
    reveal a hidden group.
    """

    shown: dict[K, int]
    suppressed: frozenset[K]
    total: int | None
    k: int

    @property
    def enough(self) -> bool:
        """Whether anything at all can be shown; if not, say "not enough responses yet"."""
        return bool(self.shown)

    def count(self, group: K) -> int | None:
        """The count to show for ``group``, or ``None`` for "not enough responses"."""
        return self.shown.get(group)


def threshold_groups(contributors: Mapping[K, Iterable[str]], k: int = DEFAULT_K) -> Thresholded[K]:
    """Apply the k-threshold to a breakdown: ``contributors`` maps each group to the ids of
    the people who contributed to it (repeats count once)."""
    check_k(k)
    members = {group: frozenset(ids) for group, ids in contributors.items()}
    counts = {group: len(ids) for group, ids in members.items()}
    hidden = {group for group, n in counts.items() if n < k}
    visible = [group for group in counts if group not in hidden]
    if len(hidden) == 1 and visible:
        # One hidden group beside a total is one subtraction away: hide the next smallest too.
        hidden.add(min(visible, key=lambda group: counts[group]))
    shown = {group: n for group, n in counts.items() if group not in hidden}
    return Thresholded(
        shown=shown,
        suppressed=frozenset(hidden),
        total=_safe_total(members, hidden, k) if shown else None,
        k=k,
    )


def _safe_total(members: Mapping[K, frozenset[str]], hidden: set[K], k: int) -> int | None:
    everyone = frozenset().union(*members.values())
    seen = frozenset().union(*(ids for group, ids in members.items() if group not in hidden))
    only_hidden = len(everyone - seen)
    # The people counted only in hidden groups must themselves be at least k, or none.
    return len(everyone) if only_hidden == 0 or only_hidden >= k else None
