"""Charts: accessible SVG that passes the CSP, and a PNG for Word."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from PIL import Image

from app.charts import BAR, INK, _font, bar_chart_png, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [("Placement stability", 9), ("Outcomes <&> more", 7), ("Nothing", 0)]


def test_svg_chart_is_an_accessible_image() -> None:
    root = ET.fromstring(bar_chart_svg(ROWS, title="Themes", desc="Bar chart of themes."))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Themes"
    assert desc is not None and desc.text == "Bar chart of themes."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Placement stability", "9", "Outcomes <&> more", "7", "Nothing", "0"]


def test_svg_chart_uses_palette_and_no_style_attributes() -> None:
    root = ET.fromstring(bar_chart_svg(ROWS, title="T", desc="D"))
    assert not any("style" in element.attrib for element in root.iter())
    fills = {element.get("fill") for element in root.iter() if element.get("fill")}
    assert {BAR, INK} <= fills
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == BAR]
    widths = [float(r.get("width", "0")) for r in bars]
    assert widths[0] > widths[1] > widths[2] == 0


def test_two_charts_on_one_page_have_different_ids() -> None:
    first = ET.fromstring(bar_chart_svg(ROWS, title="Themes", desc="D"))
    second = ET.fromstring(bar_chart_svg(ROWS[:1], title="Roles", desc="D"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_png_chart_is_an_image_that_grows_with_rows() -> None:
    small = Image.open(io.BytesIO(bar_chart_png(ROWS[:1], title="Themâu")))
    large = Image.open(io.BytesIO(bar_chart_png(ROWS, title="Themâu")))
    assert small.format == large.format == "PNG"
    assert large.height > small.height
    assert large.width == small.width


def test_empty_chart_still_renders() -> None:
    assert ET.fromstring(bar_chart_svg([], title="None", desc="No rows")).get("role") == "img"
    assert Image.open(io.BytesIO(bar_chart_png([], title="None"))).format == "PNG"


def test_png_chart_draws_with_the_shipped_font() -> None:
    # Not whatever the machine has: a Word chart looks the same wherever it was made.
    assert _font(15).getname() == ("CYT Sans", "Regular")  # type: ignore[union-attr]
    assert _font(15, bold=True).getname() == ("CYT Sans", "Bold")  # type: ignore[union-attr]
