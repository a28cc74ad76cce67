import sys

# jsonschema, which nbformat imports, builds 38 parsers for the "iri" formats at import when
# rfc3987_syntax is installed (2 s of every command's start here); no schema we validate uses them,
# so a grading command does without them (jsonschema skips what it cannot import).
sys.modules.setdefault("rfc3987_syntax", None)

from autograder.cli import main  # noqa: E402 (after the line above, on purpose)

sys.exit(main())
