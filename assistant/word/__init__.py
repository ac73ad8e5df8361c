"""Word documents: the only home of python-docx."""
