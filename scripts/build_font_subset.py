"""Build the bundled Chinese font: Noto Sans CJK SC (SIL OFL 1.1), subset to the
GB2312 hanzi, Latin, digits and common punctuation, regular and bold.

Source: Debian's fonts-noto-cjk (/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc).
Run: python scripts/build_font_subset.py  → assets/fonts/NotoSansSC-ValueKit-{Regular,Bold}.otf
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto")
OUT = Path(__file__).resolve().parent.parent / "assets" / "fonts"


def gb2312_hanzi() -> str:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def wanted_text() -> str:
    latin = "".join(chr(c) for c in range(0x20, 0x250))
    punctuation = "".join(chr(c) for c in range(0x2000, 0x2070)) + "".join(
        chr(c) for c in range(0x3000, 0x3040)) + "".join(chr(c) for c in range(0xFF00, 0xFFF0))
    symbols = "×÷±≤≥≈≠→←↑↓•·…‰℃€¥£$%★☆✓✔✗■□▲△●○◆◇"
    # Characters the demo content uses outside GB2312 are added so it always renders.
    demo = ""
    demo_dir = OUT.parent / "demo"
    for path in demo_dir.glob("*.json"):
        demo += path.read_text(encoding="utf-8")
    return latin + punctuation + symbols + gb2312_hanzi() + "".join(sorted(set(demo)))


def build(weight: str) -> Path:
    collection = TTCollection(SOURCE / f"NotoSansCJK-{weight}.ttc")
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted_text())
    subsetter.subset(font)
    out = OUT / f"NotoSansSC-ValueKit-{weight}.otf"
    font.save(out)
    return out


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in ("Regular", "Bold"):
        path = build(weight)
        print(f"{path} {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
