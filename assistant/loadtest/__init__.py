"""Load test: many concurrent participant sessions against a running server."""
