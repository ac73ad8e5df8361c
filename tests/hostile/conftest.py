from tests.apptest import lexical_index, make_app_forum  # noqa: F401
