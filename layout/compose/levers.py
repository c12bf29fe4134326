"""The legitimate slack of a page: what the compositor may adjust, within limits.

A make-up editor fills a page with headline sizes, the air around
headlines and the size and crop of photos, and sets a paragraph a hair
tighter or looser to pull a short last line back or push one out (紧排,
松排, for Latin text), and on a page short of copy puts a line of space
between paragraphs; never with the body's leading or type size. The template set
declares the limits in its ``settings.yaml``; these are the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# 字号 in points, largest first: 初号 … 五号.
ZIHAO = (42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0, 10.5)

DEFAULT_HEADLINE_SIZES = {1: 14.0, 2: 16.0, 3: 18.0, 4: 22.0, 5: 22.0, 6: 26.0, 7: 26.0, 8: 26.0}


@dataclass(frozen=True)
class Levers:
    """Limits of each lever; keys of the same names in ``settings.yaml`` set them."""

    # the 主题's size in pt by module width in columns (wider: the size of the widest given)
    headline_sizes: Mapping[int, float] = field(
        default_factory=lambda: dict(DEFAULT_HEADLINE_SIZES)
    )
    headline_scale: tuple[float, ...] = ZIHAO  # the steps a headline moves along
    headline_steps_down: int = 3  # smaller than its width's size, at most this many steps
    headline_steps_up: int = 1  # larger, at most this many steps
    headline_air: int = 3  # lines of extra space a headline block may take
    photo_crop: float = 0.2  # a photo's height may change by this share (cropped to the grid)
    photo_min_ppi: float = 200.0  # no photo printed wider than its pixels allow at this
    short_article: int = 300  # characters; longer articles are at least 2 columns wide
    # em of letter-spacing a paragraph may lose or gain to take a line less or more. Han
    # text set looser holds a character less on every line, which shows: Chinese sets only
    # tighten (the lines then take in a mark more and are justified back to the grid).
    tighten: float = 0.05
    loosen: float = 0.0
    tracking_lines: int = 3  # lines an article may gain or lose so, at most
    paragraph_space: int = 0  # lines of space an article may have between paragraphs

    def headline_size(self, columns: int) -> float:
        known = sorted(self.headline_sizes)
        width = max((c for c in known if c <= columns), default=known[0])
        return self.headline_sizes[width]

    def headline_options(self, columns: int) -> tuple[tuple[float, int], ...]:
        """(size, steps from the width's own size) to try, largest first."""
        scale = sorted(set(self.headline_scale) | {self.headline_size(columns)}, reverse=True)
        own = scale.index(self.headline_size(columns))
        first = max(0, own - self.headline_steps_up)
        last = min(len(scale) - 1, own + self.headline_steps_down)
        return tuple((scale[i], own - i) for i in range(first, last + 1))
