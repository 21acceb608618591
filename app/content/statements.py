"""The before-and-after confidence check: a fixed, bilingual set of statements.

The statements live beside the session plans (``sessions/confidence-check.yaml``), each
resting on a finding of the Keeping Safe? study. A facilitator picks one to three of them
when creating a session; participants answer each on a 1–5 scale at the start and end.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from app.config import PROJECT_ROOT
from app.i18n import LANGUAGES

STATEMENTS_FILE = PROJECT_ROOT / "sessions" / "confidence-check.yaml"

MAX_CHOSEN = 3
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Statement:
    id: str
    finding: str
    text: dict[str, str]

    def in_lang(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]


def parse_statements(path: Path) -> dict[str, Statement]:
    """Read and check the statements file; ``ValueError`` names the file and the problem."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the statements ({exc})") from exc
    items = loaded.get("statements") if isinstance(loaded, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected a non-empty 'statements' list")
    found: dict[str, Statement] = {}
    for index, item in enumerate(items, start=1):
        where = f"{path}: statement {index}"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: expected id, finding, en and cy")
        ident = str(item.get("id", "")).strip()
        if not ident or not ident.replace("-", "").isalnum() or len(ident) > 30:
            raise ValueError(f"{where}: 'id' must be a short slug")
        if ident in found:
            raise ValueError(f"{where}: id {ident!r} is used twice")
        texts = {lang: str(item.get(lang, "")).strip() for lang in LANGUAGES}
        missing = [lang for lang, text in texts.items() if not text]
        if missing:
            raise ValueError(f"{where} ({ident}): no text in {', '.join(missing)}")
        finding = str(item.get("finding", "")).strip()
        if not finding:
            raise ValueError(f"{where} ({ident}): say which finding it rests on")
        found[ident] = Statement(ident, finding, texts)
    return found


@cache
def statements() -> dict[str, Statement]:
    """Every statement by id, in file order."""
    return parse_statements(STATEMENTS_FILE)


def chosen(ids: str) -> list[Statement]:
    """The statements a session stored (comma-separated ids), skipping unknown ones."""
    known = statements()
    return [known[i] for i in ids.split(",") if i in known]
