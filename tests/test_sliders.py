"""lectures/sliders.py: a slider that starts on its overview, draws each value once, and carries the
overview as a PNG for pages without a kernel. In-process, with tiny figures: no kernel, no browser."""
import base64
import importlib.util

from matplotlib.figure import Figure

from conftest import REPO

spec = importlib.util.spec_from_file_location("sliders", REPO / "lectures" / "sliders.py")
sliders = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sliders)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def line_figure(slope):
    fig = Figure(figsize=(1.5, 1.2))
    fig.subplots().plot([0, 1], [0, slope])
    return fig


def build(values=(0.5, 2.0, 8.0)):
    drawn = []

    def draw(value):
        drawn.append(value)
        return line_figure(value)

    slider, image, bundle = sliders.build("eta", "all", line_figure(-1), list(values), draw)
    return slider, image, bundle, drawn


def test_the_output_is_the_widget_with_the_overview_as_png_beside_it():
    slider, image, bundle, drawn = build()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE)
    assert bytes(image.value) == png, "the slider must start on the overview that pages without a kernel show"
    assert drawn == [], "nothing but the overview may be drawn before the slider moves"
    assert [label for label, _ in slider.options] == ["all", "0.5", "2", "8"]


def test_moving_the_slider_draws_each_value_once_and_shows_it():
    slider, image, bundle, drawn = build()
    overview = bytes(image.value)
    slider.value = 2
    assert drawn == [2.0]
    at_two = bytes(image.value)
    assert at_two.startswith(PNG_SIGNATURE) and at_two != overview
    slider.value = 3
    assert drawn == [2.0, 8.0] and bytes(image.value) not in (overview, at_two)
    slider.value = 2
    slider.value = 0
    assert drawn == [2.0, 8.0], "a value seen before must not be drawn again"
    assert bytes(image.value) == overview
    slider.value = 2
    assert bytes(image.value) == at_two


def test_value_text_writes_the_slider_labels():
    slider, *_ = sliders.build("h", "three steps", line_figure(1), [1e-1, 1e-5], lambda v: line_figure(v),
                               "{:.0e}".format)
    assert [label for label, _ in slider.options] == ["three steps", "1e-01", "1e-05"]
