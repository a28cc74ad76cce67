"""A slider over results computed in advance, whose first position is a static overview.

Why a module: the lectures' sliders (h in Lecture 4, eta in Lecture 5) need
the same plumbing, and the reader of a lecture should see what is computed
and drawn, not how a widget is wired.

``show(slider_label, overview_label, overview, values, draw)`` displays one
output that carries two things:

- the widget: a slider whose first position, ``overview_label``, shows the
  figure ``overview`` (several values at once), and whose other positions,
  ``values``, show the figure ``draw(value)`` returns. Moving the slider only
  draws: everything ``draw`` shows was computed before (the lecture trains
  once, never per slider step), and each picture is kept, so going back to a
  value costs nothing.
- the same overview as a PNG, for pages without a kernel. JupyterLab, with a
  live kernel, shows the widget (its renderer outranks a PNG); nbconvert
  falls back to the PNG when the notebook holds no widget state, and
  ``render_html.py`` drops that state, since showing a widget would need the
  widget manager from a CDN and the pages must work offline.

So running the cell draws one figure, the overview, whatever the reader
does next: the lectures have a CPU budget (tests/test_lectures.py).

Figures are plain ``matplotlib.figure.Figure`` objects, not pyplot's, so
that the inline backend does not also show them below the cell. ``png_of``
draws a figure once, uncropped, so give it ``layout="tight"`` or, cheaper
still for a figure of many panels, fixed margins (``subplots_adjust``).
Measured on this 2-core machine under load: a three-panel figure with log
axes took 6 s with pyplot's ``tight_layout()`` and a cropped ``savefig``
(three draws), 1.5 s drawn once; a six-panel overview took 3.6 s with
``layout="tight"`` and 1.7 s with fixed margins.
"""
import base64
import io

DPI = 100  # as the inline backend draws the lectures' other figures


def png_of(fig):
    """The figure as PNG bytes, drawn once (no cropping: its layout engine fits it)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def build(slider_label, overview_label, overview, values, draw, value_text="{:g}".format):
    """(slider, image, bundle): the two widgets, and the output that shows them or the overview.

    overview: a Figure, also the output of pages without a kernel. draw: value -> Figure,
    called the first time the slider reaches that value. value_text: how the slider writes
    a value. The bundle is for ``display(bundle, raw=True)``.
    """
    import ipywidgets  # deferred: it costs time at import, and only the slider cells need it

    overview_png = png_of(overview)
    pictures = {0: overview_png}           # slider position -> PNG; position 0 is the overview

    def picture(position):
        if position not in pictures:
            pictures[position] = png_of(draw(values[position - 1]))
        return pictures[position]

    options = [(overview_label, 0)] + [(value_text(v), i + 1) for i, v in enumerate(values)]
    slider = ipywidgets.SelectionSlider(
        options=options, value=0, description=slider_label, continuous_update=False,
        layout=ipywidgets.Layout(width="36rem"), style={"description_width": "initial"})
    image = ipywidgets.Image(value=overview_png, format="png")
    slider.observe(lambda change: setattr(image, "value", picture(change["new"])), names="value")
    bundle = ipywidgets.VBox([slider, image])._repr_mimebundle_()
    bundle["image/png"] = base64.b64encode(overview_png).decode("ascii")
    return slider, image, bundle


def show(slider_label, overview_label, overview, values, draw, value_text="{:g}".format):
    """Display a slider that starts on `overview` and shows `draw(value)` at each of `values`
    (see ``build``). Returns nothing, so that a cell that ends with it shows one output."""
    from IPython.display import display

    display(build(slider_label, overview_label, overview, values, draw, value_text)[2], raw=True)
