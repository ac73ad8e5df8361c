"""The proxy's configuration and the cluster's refusals, without starting anything."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.cluster import processes
from assistant.cluster.processes import Cluster, ClusterPlan, find_haproxy
from assistant.cluster.proxy import COOKIE, Backend, connection_limit, haproxy_config, parse_stats
from assistant.config import Settings
from assistant.errors import ClusterError
from tests.live import have_haproxy

REQUIRE_TOOLS = os.environ.get("FORUM_TEST_REQUIRE_TOOLS") == "1"  # read before conftest clears FORUM_*
POSTGRES = "postgresql+psycopg://forum@127.0.0.1:1/none"


def test_each_process_is_a_server_kept_by_a_cookie_and_checked_for_health(tmp_path):
    backends = ClusterPlan(processes=3, port=9000).backends()
    assert [(b.name, b.port) for b in backends] == [("p1", 9001), ("p2", 9002), ("p3", 9003)]
    text = haproxy_config(backends, bind="0.0.0.0", port=9000, stats_socket=tmp_path / "s.sock")
    assert "bind 0.0.0.0:9000" in text and f"cookie {COOKIE} insert indirect nocache" in text
    for b in backends:
        assert f"server {b.name} 127.0.0.1:{b.port} check inter 2s fall 3 rise 2 cookie {b.name}" in text
    assert "balance leastconn" in text and "option httpchk GET /_stcore/health" in text
    # The client's address replaces whatever it claimed, unless it is this machine.
    assert "set-header X-Forwarded-For %[src] unless { src 127.0.0.0/8 ::1 }" in text
    assert "timeout tunnel 12h" in text  # a websocket stays open through a day of meetings
    assert "deny deny_status 404 if { path_end /_stcore/script-health-check }" in text  # runs the app
    with pytest.raises(ValueError):
        haproxy_config([], bind="0.0.0.0", port=9000, stats_socket=tmp_path / "s.sock")


def test_haproxy_accepts_the_configuration(tmp_path):
    try:
        haproxy = find_haproxy()
    except ClusterError:
        if REQUIRE_TOOLS:
            pytest.fail("haproxy is missing (Debian: apt-get install haproxy)")
        pytest.skip("haproxy is not installed")
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config([Backend("p1", 9101), Backend("p2", 9102)], bind="127.0.0.1", port=9100,
                                     stats_socket=tmp_path / "s.sock"))
    checked = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_proxy_holds_as_many_connections_as_its_open_files_allow():
    assert connection_limit(1024) == 412 and connection_limit(20_000) == 9900
    assert connection_limit(1_048_576) == 20_000 and connection_limit(150) == 100
    text = haproxy_config([Backend("p1", 9001)], bind="0.0.0.0", port=9000, stats_socket=Path("s"), maxconn=412)
    assert "maxconn 412" in text


def test_stats_are_read_by_proxy_and_server():
    csv = ("# pxname,svname,qcur,scur,stot,status\n"
           "forum,FRONTEND,,3,10,OPEN\napp,p1,0,2,6,UP\napp,p2,0,1,4,UP\napp,BACKEND,0,3,10,UP\n")
    stats = parse_stats(csv)
    assert stats["app/p1"]["stot"] == "6" and stats["app/p2"]["status"] == "UP"
    assert parse_stats("") == {} and parse_stats("not a stats answer") == {}


def test_an_in_memory_database_is_refused_with_what_to_set(tmp_path):
    for url in ("sqlite://", "sqlite:///:memory:"):
        with pytest.raises(ClusterError) as raised:
            Cluster(Settings(data_dir=tmp_path, database_url=url), ClusterPlan())
        assert raised.value.params["reason"] == "memory"
    assert "FORUM_DATABASE_URL" in raised.value.message("en") and "SQLite" in raised.value.message("he")


def test_the_default_sqlite_file_is_shared_by_the_processes(tmp_path):
    if not have_haproxy():
        pytest.skip("haproxy is not installed")
    cluster = Cluster(Settings(data_dir=tmp_path), ClusterPlan())
    assert cluster.settings.resolved_database_url == f"sqlite:///{tmp_path / 'forum.db'}"


def test_a_missing_proxy_is_named_with_how_to_install_it(tmp_path):
    with pytest.raises(ClusterError) as raised:
        Cluster(Settings(data_dir=tmp_path, database_url=POSTGRES), ClusterPlan(haproxy=str(tmp_path / "nope")))
    assert raised.value.params["reason"] == "no_proxy"
    assert "apt install haproxy" in raised.value.message("ar") and "--haproxy" in raised.value.message("en")


def test_no_processes_is_refused(tmp_path):
    with pytest.raises(ClusterError) as raised:
        Cluster(Settings(data_dir=tmp_path, database_url=POSTGRES), ClusterPlan(processes=0))
    assert "0" in raised.value.message("en")


def test_a_busy_port_is_named_before_anything_starts(tmp_path):
    if not have_haproxy():
        pytest.skip("haproxy is not installed")
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cluster = Cluster(Settings(data_dir=tmp_path, database_url=POSTGRES),
                          ClusterPlan(port=port, bind="127.0.0.1"))
        with pytest.raises(ClusterError) as raised:
            cluster.start()
    assert raised.value.params == {"reason": "port_busy", "port": port}
    assert cluster.apps == {}  # nothing was started


def test_warming_runs_the_script_check_and_says_whether_it_went_without_error(tmp_path):
    import http.server
    import threading

    asked: list[str] = []

    class Check(http.server.BaseHTTPRequestHandler):
        status = 200

        def do_GET(self):  # http.server's name for a GET
            asked.append(self.path)
            self.send_response(Check.status)
            self.end_headers()
            self.wfile.write(b"ok" if Check.status == 200 else b"error")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Check)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert processes.warm(url, timeout=5) and asked == ["/_stcore/script-health-check"]
        Check.status = 503  # the app's script failed: the page will say why; the cluster goes on
        assert not processes.warm(url, timeout=5)
    finally:
        server.shutdown()
    assert not processes.warm(url, timeout=1)  # nothing answers


def test_a_process_started_again_is_warmed_once_it_answers(tmp_path, monkeypatch):
    cluster = Cluster(Settings(data_dir=tmp_path), ClusterPlan(haproxy=shutil.which("true")))
    answered = iter([False, False, True])
    warmed: list[str] = []
    monkeypatch.setattr(processes, "answers", lambda url: next(answered))
    monkeypatch.setattr(processes, "warm", lambda url, timeout: warmed.append(url) or True)
    monkeypatch.setattr(processes.time, "sleep", lambda seconds: None)
    cluster._warm_when_up(cluster.backends[1])
    assert warmed == [cluster.backends[1].url]
    cluster._stopping.set()  # a cluster that is stopping warms nothing
    cluster._warm_when_up(cluster.backends[0])
    assert warmed == [cluster.backends[1].url]
