"""Session-state keys, in one place."""

LANGUAGE = "ui.language"
SEARCH_QUERY = "search.query"
SEARCH_K = "search.k"
SEARCH_RESULTS = "search.results"
SEARCH_ERROR = "search.error"
