"""What a phone shows while its tap waits for the server: drawn by the browser, because a
server too busy to answer is too busy to draw it.

After a tap on join, send or a ballot's send, if the page has not answered within
`BUSY_AFTER_MS`, a line at the bottom of the screen says the phone is sending and that what
was written stays; after `LATE_AFTER_MS` it says so again, without asking for another tap (the
tap is on its way: Streamlit keeps it until the server takes it, and a second one could store
the idea twice). The line goes when a run that began after the tap has ended. It is a status
for screen readers too (`role="status"`).
"""

from __future__ import annotations

import json

import streamlit as st

from assistant.ui.common import t

BUSY_AFTER_MS = 1_500
LATE_AFTER_MS = 15_000
# The buttons whose answer a person waits for (a tap on them is Streamlit's button inside the
# keyed container; see `tests/browser/harness.key`).
ACTIONS = (".st-key-phone-join button", ".st-key-phone-send button",
           '[class*="st-key-phone-ballot-"][class*="-send"] button', ".st-key-phone-save_edit button")

_SCRIPT = """<script>
(() => {
  window.forumPendingWords = %(words)s;
  if (window.forumPending) return;
  const state = window.forumPending = {since: 0, ran: false};
  const line = document.createElement("div");
  line.className = "forum-pending";
  line.setAttribute("role", "status");
  line.dir = "auto";
  line.hidden = true;
  document.body.appendChild(line);
  document.addEventListener("click", (event) => {
    if (event.target.closest(%(actions)s)) { state.since = Date.now(); state.ran = false; }
  }, true);
  // Every change of the run's state, however brief: a quick run (50 ms) can begin and end
  // within one batch of records, so the states are read from the records themselves (each
  // one's value before it, then the value now), not from the attribute alone.
  let watched = null;
  const runs = new MutationObserver((records) => {
    if (!state.since) return;
    const states = [...records.map((r) => r.oldValue), watched.getAttribute("data-test-script-state")];
    for (let n = 1; n < states.length; n++) {
      if (states[n] === "running" && states[n - 1] !== "running") state.ran = true;  // a run began
      else if (state.ran && states[n - 1] === "running" && states[n] !== "running") state.since = 0;
    }
  });
  setInterval(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app !== watched) {
      runs.disconnect();
      watched = app;
      runs.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"], attributeOldValue: true});
    }
    const waited = state.since ? Date.now() - state.since : 0;
    const words = window.forumPendingWords;
    const text = waited > %(late)d ? words.late : waited > %(busy)d ? words.busy : "";
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
    words = {"busy": t("phone.pending_busy"), "late": t("phone.pending_late")}
    st.html(_SCRIPT % {"words": json.dumps(words, ensure_ascii=False), "actions": json.dumps(", ".join(ACTIONS)),
                       "busy": BUSY_AFTER_MS, "late": LATE_AFTER_MS},
            unsafe_allow_javascript=True)
