"""Build ``static/fonts/``: the print font, shipped so every machine lays PDFs out alike.

The printable deck and the summary PDF are laid out by WeasyPrint, which would otherwise
take whatever sans-serif the machine happens to have; a wider one pushes the longest
Welsh cards off their faces. So the exports carry their own font: Liberation Sans 2
(SIL Open Font License 1.1), cut down to the Latin letters Welsh and English need and
renamed "CYT Sans", because the licence reserves the name "Liberation" for unmodified
copies. Run once when the font or the character set changes::

    apt-get download fonts-liberation2 && dpkg-deb -x fonts-liberation2_*.deb liberation
    python -m app.exports.subset_fonts liberation/usr/share/fonts/truetype/liberation2

Not imported by the app; the output files are committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from app.config import PROJECT_ROOT

FAMILY = "CYT Sans"
OUT_DIR = PROJECT_ROOT / "static" / "fonts"
STYLES = {  # source file -> (style name, output file)
    "LiberationSans-Regular.ttf": ("Regular", "CYTSans-Regular.ttf"),
    "LiberationSans-Bold.ttf": ("Bold", "CYTSans-Bold.ttf"),
    "LiberationSans-Italic.ttf": ("Italic", "CYTSans-Italic.ttf"),
}
# Basic Latin, Latin-1 and Latin Extended-A (â ê î ô û ŵ ŷ and every other accented
# letter a name or a place might carry), general punctuation, €, ™, arrows, minus.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2010, 0x2028),
    *range(0x2030, 0x203B),
    0x20AC,
    0x2122,
    *range(0x2190, 0x2194),
    0x2212,
]


def _rename(font: TTFont, style: str) -> None:
    """Give the subset its own names (OFL: a modified font may not keep a reserved name)."""
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    names = {1: FAMILY, 2: style, 3: f"{postscript};subset", 4: f"{FAMILY} {style}", 6: postscript}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def build(source_dir: Path, out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # print only: hinting is for small pixels on screens
    written = []
    for source, (style, target) in STYLES.items():
        font = TTFont(source_dir / source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        _rename(font, style)
        path = out_dir / target
        font.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build(Path(sys.argv[1])):
        print(f"{written_path.relative_to(PROJECT_ROOT)}: {written_path.stat().st_size:,} bytes")
