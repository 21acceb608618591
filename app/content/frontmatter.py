"""Split a Markdown file into YAML front matter and body sections, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.content.markdown import RAW_HTML


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Section:
    heading: str
    line: int
    text: str


@dataclass
class ParsedFile:
    path: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    sections: list[Section]
    errors: list[ContentError] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.path, line, message))

    def require(self, fields: tuple[str, ...]) -> bool:
        """Report each missing or empty front-matter field; True when all are present."""
        for name in fields:
            value = self.meta.get(name)
            if value is None or (isinstance(value, str | list) and not value):
                self.error(self.line_of(name), f"missing field '{name}'")
        return not self.errors

    def sections_by_key(self, headings: dict[str, str]) -> dict[str, str]:
        """Section text by key, reporting unknown, empty and missing sections."""
        found: dict[str, str] = {}
        for section in self.sections:
            key = headings.get(section.heading)
            if key is None:
                known = ", ".join(f"'{h}'" for h in headings)
                self.error(section.line, f"unknown section '{section.heading}' (expected {known})")
                continue
            if not section.text:
                self.error(section.line, f"empty section '{section.heading}'")
            found[key] = section.text
        for heading, key in headings.items():
            if key not in found:
                self.error(1, f"missing section '{heading}'")
        return found


KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def parse_file(path: Path, root: Path) -> ParsedFile:
    """Read front matter and ``## `` sections. Problems are collected, never raised."""
    shown = display_path(path, root)
    lines = path.read_text(encoding="utf-8").splitlines()
    parsed = ParsedFile(shown, {}, {}, [])
    if not lines or lines[0].strip() != "---":
        parsed.error(1, "file must start with '---' front matter")
        return parsed
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        parsed.error(1, "front matter is not closed with '---'")
        return parsed
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        parsed.error(line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")
        return parsed
    if not isinstance(meta, dict):
        parsed.error(2, "front matter must be a mapping of fields")
        return parsed
    parsed.meta = meta
    for number, text in enumerate(lines[1:end], start=2):
        match = KEY_LINE.match(text)
        if match:
            parsed.meta_lines.setdefault(match.group(1), number)

    current: Section | None = None
    body: list[str] = []
    for number, text in enumerate(lines[end + 1 :], start=end + 2):
        if RAW_HTML.search(text):
            parsed.error(number, "raw HTML is not allowed in content")
        if text.startswith("## "):
            if current is not None:
                current.text = "\n".join(body).strip()
                parsed.sections.append(current)
            current = Section(text[3:].strip(), number, "")
            body = []
        elif current is not None:
            body.append(text)
        elif text.strip():
            parsed.error(number, "text before the first '## ' section heading")
    if current is not None:
        current.text = "\n".join(body).strip()
        parsed.sections.append(current)
    return parsed


def list_items(text: str) -> list[str]:
    """The top-level ``- `` items of a Markdown list (continuation lines joined)."""
    items: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if re.match(r"^\s*[-*]\s+", line) and not raw.startswith("  "):
            items.append(re.sub(r"^\s*[-*]\s+", "", line))
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items
