"""Draw the app's PNG icons from the favicon's shape (static/img/favicon.svg): the sizes
browsers ask for when the portal is installed, and a maskable one whose mark stays inside the
safe zone (the central 80 %). Run once when the mark changes; the PNGs are committed.

    .venv/bin/python scripts/make-icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (11, 83, 148, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "static" / "img" / "icons"
# The favicon's "A" in its 32 × 32 box: the outline, then the counter (the hole).
OUTLINE = [(9, 24), (16, 7), (23, 24), (19.6, 24), (18.2, 20.4), (13.8, 20.4), (12.4, 24)]
COUNTER = [(14, 17.6), (18, 17.6), (16, 12.2)]


def icon(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed: the platform cuts its own shape
        draw.rectangle((0, 0, big, big), fill=BLUE)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 // 32, fill=BLUE)
    # The mark spans 7..24 of 32; for a maskable icon shrink it to sit well inside 80 %.
    unit = big / 32 * (0.8 if maskable else 1.0)
    offset = (big - 32 * unit) / 2

    def points(shape: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(offset + x * unit, offset + (y + 0.5) * unit) for x, y in shape]

    draw.polygon(points(OUTLINE), fill=WHITE)
    draw.polygon(points(COUNTER), fill=BLUE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-180.png", optimize=True)


if __name__ == "__main__":
    main()
