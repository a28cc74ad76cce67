"""The commands that are not grading itself: the demo class, the student's self-check, feedback
returned after hand grading, the roster, an assignment's reference data (cli.py calls them)."""
