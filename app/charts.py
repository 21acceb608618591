"""Bar charts for exports: accessible inline SVG (HTML, PDF) and PNG (Word documents).

Charts never stand alone: every export that draws one prints the same numbers as a
table beside it. Colours come from the app palette; the SVG uses presentation attributes
rather than ``style`` attributes, so it passes the app's Content-Security-Policy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from app.config import PROJECT_ROOT

if TYPE_CHECKING:  # Pillow loads only when a PNG is drawn (Word exports)
    from PIL import ImageFont

BAR = "#1d5c57"
INK = "#1b2631"
TRACK = "#e3f0ed"
# PDFs load the shipped "CYT Sans" (static/css/print-base.css); screens use their own.
FONT_FAMILY = "'CYT Sans', Arial, Helvetica, sans-serif"
FONTS = PROJECT_ROOT / "static" / "fonts"

# SVG geometry (user units; the chart scales to its container).
WIDTH = 640
LABEL_SIZE = 15
ROW_HEIGHT = 46
BAR_HEIGHT = 16
COUNT_ROOM = 56


def _chart_id(title: str, rows: Sequence[tuple[str, int]]) -> str:
    # Stable and unique enough for several charts on one page; ids tie title/desc to aria.
    digest = hashlib.sha1(repr((title, tuple(rows))).encode(), usedforsecurity=False)
    return f"chart-{digest.hexdigest()[:10]}"


def bar_chart_svg(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    width: int = WIDTH,
    label_size: int = LABEL_SIZE,
) -> str:
    """A horizontal bar chart as inline SVG, with ``<title>`` and ``<desc>`` for readers.

    Each row's label sits above its bar so long (Welsh or English) labels never clip.
    A narrower ``width`` with a larger ``label_size`` reads from the back of a room.
    """
    chart_id = _chart_id(title, rows)
    scale = label_size / LABEL_SIZE
    row_height = round(ROW_HEIGHT * scale)
    bar_height = round(BAR_HEIGHT * scale)
    top = 8
    height = top + max(len(rows), 1) * row_height + 4
    biggest = max((count for _label, count in rows), default=0) or 1
    track = width - round(COUNT_ROOM * scale)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family={quoteattr(FONT_FAMILY)}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, count) in enumerate(rows):
        y = top + index * row_height
        bar_y = y + label_size + round(6 * scale)
        length = max(round(track * count / biggest), 2) if count > 0 else 0
        parts.append(
            f'<g aria-hidden="true">'
            f'<text x="0" y="{y + label_size - 2}" font-size="{label_size}" fill="{INK}">'
            f"{escape(label)}</text>"
            f'<rect x="0" y="{bar_y}" width="{track}" height="{bar_height}" rx="3" fill="{TRACK}"/>'
            f'<rect x="0" y="{bar_y}" width="{length}" height="{bar_height}" rx="3" fill="{BAR}"/>'
            f'<text x="{track + 8}" y="{bar_y + bar_height - 3}" font-size="{label_size}" '
            f'font-weight="bold" fill="{INK}">{count}</text>'
            f"</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    # The shipped font, so a Word chart looks the same whichever machine drew it.
    path = FONTS / ("CYTSans-Bold.ttf" if bold else "CYTSans-Regular.ttf")
    return ImageFont.truetype(str(path), size)


def bar_chart_png(rows: Sequence[tuple[str, int]], *, title: str) -> bytes:
    """The same chart as a PNG (drawn at twice print size, so it stays sharp in Word)."""
    from PIL import Image, ImageDraw

    scale = 2
    width = WIDTH * scale
    pad = 12 * scale
    title_font, label_font, count_font = (
        _font(17 * scale, bold=True),
        _font(LABEL_SIZE * scale),
        _font(LABEL_SIZE * scale, bold=True),
    )
    title_height = 34 * scale
    row_height = ROW_HEIGHT * scale
    height = pad + title_height + max(len(rows), 1) * row_height + pad
    image = Image.new("RGB", (width + 2 * pad, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((pad, pad), title, font=title_font, fill=INK)
    biggest = max((count for _label, count in rows), default=0) or 1
    track = width - COUNT_ROOM * scale
    for index, (label, count) in enumerate(rows):
        y = pad + title_height + index * row_height
        draw.text((pad, y), label, font=label_font, fill=INK)
        bar_y = y + (LABEL_SIZE + 8) * scale
        bar_bottom = bar_y + BAR_HEIGHT * scale
        draw.rounded_rectangle((pad, bar_y, pad + track, bar_bottom), 3 * scale, fill=TRACK)
        if count > 0:
            length = max(round(track * count / biggest), 2 * scale)
            draw.rounded_rectangle((pad, bar_y, pad + length, bar_bottom), 3 * scale, fill=BAR)
        draw.text(
            (pad + track + 8 * scale, bar_y - 2 * scale), str(count), font=count_font, fill=INK
        )
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
