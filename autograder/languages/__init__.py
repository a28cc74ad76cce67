"""What the grader says, in English (text.py) and Japanese (text_ja.py), and the Japanese editions
of the notebooks kept in step with the English ones (editions.py)."""
