"""The assignments of the course that ships with the repository: what the tests of every
assignment are parametrized by. An assignment is a folder of source/ with its notebook; a new one
is tested by the same tests as soon as its folder is there."""
from autograder.course import Course

ASSIGNMENTS = Course().assignments()
