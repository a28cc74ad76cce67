"""Instructor and student tools for the course's nbgrader assignments.

Run as `python -m autograder --help`.
"""
