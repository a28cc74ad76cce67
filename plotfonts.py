"""Figures that can say Japanese: matplotlib's own font first, IPAexGothic for what it lacks.

matplotlib (3.6 and later) falls back glyph by glyph along ``font.family``, so English labels
look as they always did and Japanese ones come from IPAexGothic, which the pip package
matplotlib-fontja installs with the project: no system font, no missing-glyph boxes.
"""
import matplotlib

FAMILY = ["DejaVu Sans", "IPAexGothic"]


def use():
    """Register IPAexGothic and put it behind DejaVu Sans (importing matplotlib_fontja does the first)."""
    import matplotlib_fontja  # noqa: F401  (registers the font; it also makes it the only family)

    matplotlib.rcParams["font.family"] = FAMILY
