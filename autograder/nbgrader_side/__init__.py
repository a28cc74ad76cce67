"""nbgrader's side: the exchange, the gradebook, the release, the feedback page, lateness,
validation, formgrader's scores, and the grades exported to an LMS."""
