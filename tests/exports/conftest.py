from tests.reports.fixtures import demo, demo_snapshot, new_forum, playbook  # noqa: F401
