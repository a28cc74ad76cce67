"""Figures say Japanese with the font that installs with the project, and English as before."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

import plotfonts  # noqa: E402


def test_japanese_labels_render_without_missing_glyphs():
    plotfonts.use()
    fig, ax = plt.subplots()
    ax.set_title("誤差逆伝播法と混同行列（正答率 97.2 %）")
    ax.set_xlabel("エポック")
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # "Glyph ... missing from font(s)" would raise here
        fig.canvas.draw()
    plt.close(fig)


def test_english_text_keeps_its_font_and_japanese_falls_back():
    plotfonts.use()
    assert matplotlib.rcParams["font.family"][:2] == ["DejaVu Sans", "IPAexGothic"]
    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    japanese = font_manager.findfont(font_manager.FontProperties(family="IPAexGothic"), fallback_to_default=False)
    assert "DejaVuSans" in latin and japanese.endswith("ipaexg.ttf")
