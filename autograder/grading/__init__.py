"""Grading a class: every submission run in the sandboxed kernel, every test judged in the
grader's process against the reference, the known mistakes named, the class report."""
