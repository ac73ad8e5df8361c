"""What a phone shows while its tap waits for the server: drawn by the browser, because a
server too busy to answer is too busy to draw it.

After a tap on join, send or a ballot's send, if the page has not answered within
`BUSY_AFTER_MS`, a line at the bottom of the screen says the phone is sending and that what
was written stays; after `LATE_AFTER_MS` it says so again, without asking for another tap (the
tap is on its way: Streamlit keeps it until the server takes it, and a second one could store
the idea twice). The line goes when a run that began after the tap has ended. It is a status
for screen readers too (`role="status"`).

A tap lost with the connection is sent again by the phone itself. Streamlit reconnects on its
own and runs the page again, but without the tap (a button press is sent once). So when the
connection dropped while a tap waited, and the run after the reconnection drew no answer
(neither a confirmation nor an error) while the tapped button is still there, the script taps
it again, at most `RETRIES` times, saying so; then it says the text is kept and asks for a tap.
Sending again is safe: an idea is sent under the key of its draft (the store keeps one idea
per key), a ballot replaces the phone's ballot, and a join that went through shows the
participant's page, where there is no join button to tap.
"""

from __future__ import annotations

import json

import streamlit as st

from assistant.ui.common import t

BUSY_AFTER_MS = 1_500
LATE_AFTER_MS = 15_000
RETRIES = 2
# The buttons whose answer a person waits for (a tap on them is Streamlit's button inside the
# keyed container; see `tests/browser/harness.key`).
ACTIONS = (".st-key-phone-join button", ".st-key-phone-send button",
           '[class*="st-key-phone-ballot-"][class*="-send"] button', ".st-key-phone-save_edit button")

_SCRIPT = """<script>
(() => {
  window.forumPendingWords = %(words)s;
  if (window.forumPending) return;
  const state = window.forumPending = {since: 0, ran: false, key: "", lost: false, retries: 0, drops: 0,
                                        failed: false};
  const line = document.createElement("div");
  line.className = "forum-pending";
  line.setAttribute("role", "status");
  line.dir = "auto";
  line.hidden = true;
  document.body.appendChild(line);
  const tapped = (key) => document.querySelector(`.${key} button`);
  document.addEventListener("click", (event) => {
    const button = event.target.closest(%(actions)s);
    if (!button) return;
    const holder = button.closest('[class*="st-key-"]');
    const key = holder ? [...holder.classList].find((c) => c.startsWith("st-key-")) : "";
    if (!event.isTrusted && key === state.key) return;  // our own tap again: keep its count
    Object.assign(state, {since: Date.now(), ran: false, key, lost: false, retries: 0, drops: 0, failed: false});
  }, true);
  // A run that ends after the reconnection: answered, or the tap is sent again.
  const ended = () => {
    const answered = document.querySelector('[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]');
    const button = state.key ? tapped(state.key) : null;
    if (!state.lost || answered || !button) { state.since = 0; return; }
    if (state.retries >= %(retries)d) { Object.assign(state, {since: 0, failed: true}); return; }
    Object.assign(state, {since: Date.now(), ran: false, lost: false, retries: state.retries + 1});
    button.click();
  };
  // Every change of the run's state, however brief: a quick run (50 ms) can begin and end
  // within one batch of records, so the states are read from the records themselves (each
  // one's value before it, then the value now), not from the attribute alone.
  let watched = null;
  const sequence = (records, name) => [...records.filter((r) => r.attributeName === name).map((r) => r.oldValue),
                                      watched.getAttribute(name)];
  const runs = new MutationObserver((records) => {
    if (!state.since) return;
    // Each drop of the connection while the tap waits; more than the retries allow: give up.
    const links = sequence(records, "data-test-connection-state");
    for (let n = 1; n < links.length; n++) {
      if (links[n - 1] === "CONNECTED" && links[n] !== "CONNECTED") { state.lost = true; state.drops += 1; }
    }
    if (state.drops > %(retries)d || links[links.length - 1] === "DISCONNECTED_FOREVER") {
      Object.assign(state, {since: 0, failed: true});
      return;
    }
    const states = sequence(records, "data-test-script-state");
    for (let n = 1; n < states.length; n++) {
      if (states[n] === "running" && states[n - 1] !== "running") state.ran = true;  // a run began
      else if (state.ran && states[n - 1] === "running" && states[n] !== "running") { ended(); break; }
    }
  });
  setInterval(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app !== watched) {
      runs.disconnect();
      watched = app;
      runs.observe(app, {attributes: true, attributeOldValue: true,
                         attributeFilter: ["data-test-script-state", "data-test-connection-state"]});
    }
    const waited = state.since ? Date.now() - state.since : 0;
    const words = window.forumPendingWords;
    const text = state.failed ? words.failed : state.retries && state.since ? words.retry
      : waited > %(late)d ? words.late : waited > %(busy)d ? words.busy : "";
    if (line.textContent !== text) line.textContent = text;
    line.hidden = !text;
  }, 250);
})();
</script>
<style>
.forum-pending { position: fixed; inset-inline: 0; bottom: 0; z-index: 1000; padding: 0.75rem 1rem;
  background: #fff4d6; color: #3d2c00; border-top: 2px solid #e0b44c; font-size: 1rem; line-height: 1.4;
  text-align: start; }
</style>"""


def pending_line() -> None:
    """The waiting line's script, in the page's language (the words follow a language change)."""
    words = {"busy": t("phone.pending_busy"), "late": t("phone.pending_late"), "retry": t("phone.pending_retry"),
             "failed": t("phone.pending_failed")}
    st.html(_SCRIPT % {"words": json.dumps(words, ensure_ascii=False), "actions": json.dumps(", ".join(ACTIONS)),
                       "busy": BUSY_AFTER_MS, "late": LATE_AFTER_MS, "retries": RETRIES},
            unsafe_allow_javascript=True)
