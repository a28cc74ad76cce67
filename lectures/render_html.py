"""Execute the lectures and write them as static HTML, for reading without a server.

    python lectures/render_html.py [OUT_DIR]        # default: lectures/_build/html

Every ``lectures/NN_*.ipynb`` is executed top to bottom (nbclient, kernel
``python3``, working directory ``lectures/``) and written as ``NN_*.html`` by
nbconvert's HTMLExporter: outputs included, figures embedded as base64 PNG.
``index.html`` lists the lectures in order with
their titles (the first markdown heading) and a one-line summary (the first
sentence of the first paragraph after that heading).

The pages need no network. nbconvert's own template loads MathJax, require.js
and mermaid from a CDN, so offline every formula would show as raw LaTeX. Here
a small template (``OFFLINE_TEMPLATE``) leaves out require.js and mermaid (no
lecture has mermaid diagrams) and loads MathJax 2 from
``OUT_DIR/mathjax/``, a copy of the files that the Jupyter project's
``jupyter_server_mathjax`` package ships. Its fonts are STIX-Web (it ships no
TeX fonts), which the template configures.

The lectures' sliders (``lectures/sliders.py``) are widgets. To show them,
a page would load the widget manager from a CDN, with the widget state that
nbclient saves in the notebook. The pages show each slider's overview figure
instead, a PNG that the same output carries: the state is left out
(``without_widget_state``), so nbconvert falls back to the PNG, and the
template leaves out the widget manager's script.

``render(executed_notebooks, out_dir)`` does the writing only, for notebooks
that were already executed (``tests/test_lectures.py`` calls it on the
notebooks it has just run, so nothing runs twice).
"""
from __future__ import annotations

import copy
import functools
import html
import re
import shutil
import sys
import time
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert import filters as nbconvert_filters

LECTURES = Path(__file__).resolve().parent
DEFAULT_OUT = LECTURES / "_build" / "html"
GLOSSARY = LECTURES / "glossary.ipynb"  # English, Japanese and symbols; no code to execute
KERNEL = "python3"
CELL_TIMEOUT = 120  # seconds per cell

MATHJAX_FILES = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_DIR = "mathjax"  # beside the pages, so a page refers to it by a relative path
MATHJAX_URL = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"

# nbconvert's lab template without its CDN scripts; MathJax from the local copy.
# The configuration is nbconvert's own (same delimiters, AMS numbering), plus
# the fonts: the copy has STIX-Web web fonts only, and no image fonts. The
# quick preview pass and the hidden MathML copy for screen readers are off: they
# doubled the time to typeset a page (and a reader can switch the latter on in
# MathJax's menu).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
    TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
    tex2jax: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]],
              displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
              processEscapes: true, processEnvironments: true},
    "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
    displayAlign: "center",
    messageStyle: "none",
    "fast-preview": {disabled: true},
    menuSettings: {assistiveMML: false}
});
</script>
<script src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
"""


def lecture_paths(directory=LECTURES):
    """The lecture notebooks, in reading order (their file names start with a number), each
    English edition before its Japanese one (NN_name.ja.ipynb)."""
    return sorted((p for p in Path(directory).glob("*.ipynb") if p.name[:1].isdigit()), key=page_order)


def page_order(path):
    """'01_x' before '01_x.ja' before '02_y'."""
    name = page_name(path)
    return name.split(".")[0], name


def page_name(path):
    """The page's name: the notebook's file name without .ipynb ('01_x.ja' for the Japanese edition)."""
    name = Path(str(path)).name
    return name[:-len(".ipynb")] if name.endswith(".ipynb") else name


def edition_of(nb):
    """The notebook's language: "ja" for a Japanese edition (autograder/languages/editions.py), else "en"."""
    return nb.metadata.get("edition", "en")


def execute(path, timeout=CELL_TIMEOUT):
    """Run one notebook top to bottom in ``lectures/``; return the executed notebook."""
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name=KERNEL,
        resources={"metadata": {"path": str(LECTURES)}},
    )
    client.execute()
    return nb


def _strip_markdown(text):
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)           # key markers
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # links
    text = re.sub(r"`+", "", text)                                # code
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)          # emphasis, not a_k
    return " ".join(text.split())


def title_and_summary(nb, fallback=""):
    """The first markdown heading, and the first sentence of the paragraph after it."""
    title, summary = None, ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n\s*\n", cell.source):
            block = block.strip()
            if not block:
                continue
            if title is None:
                m = re.match(r"#+\s+(.+)", block)
                if m:
                    title = _strip_markdown(m.group(1).splitlines()[0])
                    rest = block[m.end():].strip()
                    if rest and not rest.startswith(("#", "|", "$$", "-", "*", "```")):
                        summary = rest
                        break
                continue
            if block.startswith(("#", "|", "$$", "```")):
                continue
            summary = block
            break
        if summary:
            break
    summary = _strip_markdown(summary)
    m = re.match(r"(.+?(?:[.!?](?=\s|$)|。))", summary)   # 。 ends a Japanese sentence, with no space after
    if m:
        summary = m.group(1)
    return title or fallback, summary


def _as_named_notebooks(executed_notebooks):
    """Accept {name: nb-or-path}, [(name, nb-or-path)], or [path]; yield (name, nb)."""
    items = (executed_notebooks.items() if isinstance(executed_notebooks, dict)
             else executed_notebooks)
    for item in items:
        if isinstance(item, (str, Path)):
            name, nb = page_name(item), item
        else:
            name, nb = item
        name = page_name(name)
        if isinstance(nb, (str, Path)):
            nb = nbformat.read(str(nb), as_version=4)
        yield name, nb


_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem;
       margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #222; background: #fff; }}
h1 {{ font-size: 1.6rem; }}
ol {{ padding-left: 1.4rem; }}
li {{ margin: 0 0 1rem; }}
a {{ color: #1a5fb4; font-weight: 600; text-decoration: none; }}
a:hover {{ text-decoration: underline; }}
.summary {{ display: block; color: #555; }}
.edition {{ margin-left: 0.8rem; font-weight: 400; }}
</style>
</head>
<body>
<h1>{title}</h1>
<ol>
{items}
</ol>
</body>
</html>
"""


def copy_mathjax(out_dir):
    """Put MathJax beside the pages (replacing an older copy): they load it from there."""
    target = Path(out_dir) / MATHJAX_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(MATHJAX_FILES, target)
    return target


def without_widget_state(nb):
    """A copy of nb without the widget state that nbclient saved in its metadata.

    Without it nbconvert shows, for each widget output, the next format in the
    output (the sliders' overview PNG) instead of a placeholder for a widget
    that only a CDN's widget manager could draw."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    return nb


# nbconvert's template cleans each code cell's highlighted source with bleach (an html5lib parse and
# serialisation): about a third of the time to write the pages. The Japanese editions' code cells are
# the English ones (tests/test_editions.py), so each cleaned cell is kept and the second edition's
# comes from here; the same input gives the same output, so the pages stay the same to the byte.
_cleaned_html = functools.lru_cache(maxsize=None)(nbconvert_filters.clean_html)


def offline_exporter():
    """nbconvert's HTML exporter with OFFLINE_TEMPLATE: pages that load nothing from the web."""
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})],
        template_file="offline.html.j2",
        mathjax_url=MATHJAX_URL,
        filters={"clean_html": _cleaned_html},
    )
    exporter.embed_images = True  # images of markdown cells too, not only outputs
    return exporter


def render(executed_notebooks, out_dir=DEFAULT_OUT, index_title="Lectures (講義)", extra=(GLOSSARY,)):
    """Write each executed notebook as ``<name>.html`` in out_dir, and ``index.html``.

    executed_notebooks: {name: notebook or path}, [(name, notebook or path)],
    or [path] of notebooks that already hold their outputs. Lectures are
    listed in order of name, each with its Japanese edition. `extra`: notebooks
    without code (the glossary) rendered as they are stored. Returns the path of index.html.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_mathjax(out_dir)
    exporter = offline_exporter()
    pages = dict(_as_named_notebooks(executed_notebooks))
    pages.update(_as_named_notebooks([p for p in extra if Path(p).exists()]))
    for name, nb in pages.items():
        exporter.language_code = edition_of(nb)    # <html lang="ja"> for a Japanese edition
        body, _ = exporter.from_notebook_node(
            without_widget_state(nb), resources={"metadata": {"name": title_and_summary(nb, name)[0],
                                                              "path": str(LECTURES)}})
        (out_dir / f"{name}.html").write_text(as_pages(body), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(_INDEX.format(title=html.escape(index_title), items=index_items(pages)), encoding="utf-8")
    return index


def as_pages(body):
    """Links between notebooks (01_x.ja.ipynb, glossary.ipynb) made links between their pages."""
    return re.sub(r'href="([^":/#?]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', body)


def index_items(pages):
    """One list item per lecture: its title and summary, a link to its Japanese edition, if any;
    then the other pages (the glossary)."""
    items = []
    for name in sorted(pages, key=page_order):
        nb = pages[name]
        title, summary = title_and_summary(nb, fallback=name)
        if edition_of(nb) != "en" and name.split(".")[0] in pages:
            continue  # listed beside its English edition
        translated = [(n, title_and_summary(pages[n], n)[0]) for n in pages
                      if n != name and n.split(".")[0] == name]
        editions = "".join(f' <a class="edition" lang="{edition_of(pages[n])}" href="{html.escape(n)}.html">'
                           f'{html.escape(t)}</a>' for n, t in translated)
        items.append(f'<li><a href="{html.escape(name)}.html">{html.escape(title)}</a>{editions}'
                     f'<span class="summary">{html.escape(summary)}</span></li>')
    return "\n".join(items)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else DEFAULT_OUT
    executed = {}
    for path in lecture_paths():
        start = time.perf_counter()
        executed[page_name(path)] = execute(path)
        print(f"executed {path.name} in {time.perf_counter() - start:.1f} s")
    index = render(executed, out_dir)
    print(f"wrote {len(executed)} lectures and {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
