"""`forum-assistant loadtest`: many phones at once against a running server."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys


def cmd_loadtest(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.i18n import translate

    try:
        from assistant.loadtest.runner import LoadPlan, LoadRun
    except ImportError as exc:  # its websocket client is an extra: pip install -e ".[loadtest]"
        reason = f"{exc.name or exc} is not installed: pip install -e '.[loadtest]'"
        print(translate("loadtest.bad_plan", args.lang, reason=reason), file=sys.stderr)
        return 2

    settings = get_settings()
    plan = LoadPlan(url=args.url, participants=args.participants, database_url=settings.resolved_database_url,
                    prompts_dir=settings.prompts_dir, ideas_each=args.ideas, options=args.options,
                    timeout=args.timeout, step_timeout=args.step_timeout, ramp_seconds=args.ramp,
                    console_lead=args.console_lead)
    try:
        load = LoadRun(plan)
    except ValueError as exc:
        print(translate("loadtest.bad_plan", args.lang, reason=str(exc)), file=sys.stderr)
        return 2
    try:
        report = asyncio.run(load.run())
    finally:
        load.dispose()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print("\n".join(report.lines(args.lang)))
    return 0 if report.ok else 1


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("loadtest", help="drive N concurrent participant phones against a running server")
    p.add_argument("--url", required=True, help="the running app, e.g. http://127.0.0.1:8501/")
    p.add_argument("--participants", type=_positive, default=60)
    p.add_argument("--ideas", type=_positive, default=3, help="ideas each participant sends")
    p.add_argument("--options", type=_positive, default=8, help="ideas the dot vote is over")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds for the whole run")
    p.add_argument("--step-timeout", type=float, default=60.0, help="seconds for one page answer")
    p.add_argument("--ramp", type=float, default=0.0, help="seconds over which the phones arrive")
    p.add_argument("--console-lead", type=float, default=5.0,
                   help="seconds the facilitator's console is open before the first phone comes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_loadtest)
