from tests.apptest import make_app_forum  # noqa: F401
