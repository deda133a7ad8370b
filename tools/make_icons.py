"""Draw the app's icon: ``python tools/make_icons.py`` writes ``showroom_pos/resources/icons/``.

A gold star (the OCOP star rating) over a till receipt on a green tile; ``showroom-pos.png`` (256 px: window,
taskbar, the Linux ``.desktop`` entry) and ``showroom-pos.ico`` (16–256 px: the Windows executable and
shortcuts). Drawn with Pillow at 4× and scaled down, so it needs no drawing program to change.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources" / "icons"
SIZE = 1024
GREEN = (27, 122, 62, 255)
GOLD = (255, 193, 7, 255)
PAPER = (255, 255, 255, 255)
INK = (27, 122, 62, 255)


def star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((32, 32, SIZE - 32, SIZE - 32), radius=200, fill=GREEN)
    # the receipt: a paper strip with a zigzag tear at the bottom and a few printed lines
    left, right, top, bottom = 300, 724, 360, 880
    teeth = 8
    outline: list[tuple[float, float]] = [(left, top), (right, top), (right, bottom)]
    step = (right - left) / teeth
    for i in range(teeth):
        outline.append((right - (i + 0.5) * step, bottom - 40))
        outline.append((right - (i + 1) * step, bottom))
    pen.polygon(outline, fill=PAPER)
    for n, width in enumerate((300, 240, 300, 180)):
        y = 560 + n * 70
        pen.rounded_rectangle((left + 60, y, left + 60 + width, y + 30), radius=15, fill=INK)
    pen.polygon(star(SIZE / 2, 330, 250, 105), fill=GOLD)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "showroom-pos.png", optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(
        ICONS / "showroom-pos.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {ICONS}")


if __name__ == "__main__":
    main()
