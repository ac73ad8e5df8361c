"""`forum-assistant cluster`: several app processes behind HAProxy, on one database."""

from __future__ import annotations

import argparse
import signal


def cmd_cluster(args: argparse.Namespace) -> int:
    from assistant.cluster.processes import Cluster, ClusterPlan
    from assistant.config import get_settings
    from assistant.i18n import translate
    from assistant.store.database import database_label

    plan = ClusterPlan(processes=args.processes, port=args.port, bind=args.bind, first_port=args.first_port,
                       haproxy=args.haproxy)
    cluster = Cluster(get_settings(), plan)

    def stop(*_: object) -> None:
        cluster.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with cluster:
        print(translate("cli.cluster.ready", args.lang, url=cluster.url, processes=args.processes,
                        folder=cluster.folder,
                        database=database_label(cluster.settings.resolved_database_url)), flush=True)
        cluster.watch()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cluster", help="serve with several app processes behind HAProxy, on one database (SQLite file or PostgreSQL)")
    p.add_argument("--processes", type=int, default=2, help="app processes (about one per core)")
    p.add_argument("--port", type=int, default=8501, help="where browsers come (the proxy's port)")
    p.add_argument("--bind", default="0.0.0.0", help="the proxy's address (0.0.0.0: every network)")
    p.add_argument("--first-port", type=int, default=None,
                   help="the app processes' ports on 127.0.0.1, from this one up (default: --port + 1)")
    p.add_argument("--haproxy", default=None, help="HAProxy's program (default: found on PATH or in /usr/sbin)")
    p.set_defaults(func=cmd_cluster)
