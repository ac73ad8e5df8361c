from tests.reports.fixtures import demo, demo_snapshot, playbook  # noqa: F401
