"""Execute the lectures and write them as static HTML, for reading without a server.

    python lectures/render_html.py [OUT_DIR]        # default: lectures/_build/html

Every ``lectures/NN_*.ipynb`` is executed top to bottom (nbclient, kernel
``python3``, working directory ``lectures/``) and written as ``NN_*.html`` by
nbconvert's HTMLExporter: outputs included, figures embedded as base64 PNG,
so each file stands alone. ``index.html`` lists the lectures in order with
their titles (the first markdown heading) and a one-line summary (the first
sentence of the first paragraph after that heading).

``render(executed_notebooks, out_dir)`` does the writing only, for notebooks
that were already executed (``tests/test_lectures.py`` calls it on the
notebooks it has just run, so nothing runs twice).
"""
from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

LECTURES = Path(__file__).resolve().parent
DEFAULT_OUT = LECTURES / "_build" / "html"
KERNEL = "python3"
CELL_TIMEOUT = 120  # seconds per cell


def lecture_paths(directory=LECTURES):
    """The lecture notebooks, in reading order (their file names start with a number)."""
    return sorted(p for p in Path(directory).glob("*.ipynb") if p.name[:1].isdigit())


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
    m = re.match(r"(.+?[.!?])(\s|$)", summary)
    if m:
        summary = m.group(1)
    return title or fallback, summary


def _as_named_notebooks(executed_notebooks):
    """Accept {name: nb-or-path}, [(name, nb-or-path)], or [path]; yield (name, nb)."""
    items = (executed_notebooks.items() if isinstance(executed_notebooks, dict)
             else executed_notebooks)
    for item in items:
        if isinstance(item, (str, Path)):
            name, nb = Path(item).stem, item
        else:
            name, nb = item
        name = Path(str(name)).stem
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


def render(executed_notebooks, out_dir=DEFAULT_OUT, index_title="Lectures"):
    """Write each executed notebook as ``<name>.html`` in out_dir, and ``index.html``.

    executed_notebooks: {name: notebook or path}, [(name, notebook or path)],
    or [path] of notebooks that already hold their outputs. Lectures are
    listed in order of name. Returns the path of index.html.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    exporter.embed_images = True  # images of markdown cells too, not only outputs
    entries = []
    for name, nb in sorted(_as_named_notebooks(executed_notebooks), key=lambda t: t[0]):
        title, summary = title_and_summary(nb, fallback=name)
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": title, "path": str(LECTURES)}})
        (out_dir / f"{name}.html").write_text(body, encoding="utf-8")
        entries.append(
            f'<li><a href="{html.escape(name)}.html">{html.escape(title)}</a>'
            f'<span class="summary">{html.escape(summary)}</span></li>')
    index = out_dir / "index.html"
    index.write_text(
        _INDEX.format(title=html.escape(index_title), items="\n".join(entries)),
        encoding="utf-8")
    return index


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else DEFAULT_OUT
    executed = {}
    for path in lecture_paths():
        start = time.perf_counter()
        executed[path.stem] = execute(path)
        print(f"executed {path.name} in {time.perf_counter() - start:.1f} s")
    index = render(executed, out_dir)
    print(f"wrote {len(executed)} lectures and {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
