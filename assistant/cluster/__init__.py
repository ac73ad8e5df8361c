"""Several app processes behind one reverse proxy, on one database: `forum-assistant cluster`.

A Streamlit session lives in the process that opened it, so the proxy keeps each browser on one
process (a cookie, not the address: a room's phones share one Wi-Fi address). Everything shared
(forums, ideas, ballots, the guards' counts) is in the database, so a phone on one process and
the console on another see the same room. `proxy` writes the proxy's configuration,
`processes` starts and watches the processes, `cli` is the command."""
