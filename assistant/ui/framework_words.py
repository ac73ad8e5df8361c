"""The English words Streamlit writes into every page by itself, said in the page's language.

Streamlit has no way to translate its own interface: a Hebrew or Arabic page would still say
"Skip to main content", "Choose an option", "Main menu", "Press Enter to apply" (on screen or
to a screen reader). Where the app cannot choose a widget whose every word it sets, a small
script rewrites those words in place: on the page once, and again whenever Streamlit draws
them anew (a MutationObserver that looks only at what changed). Each English string is named
here with its catalog key (`assistant/locales/<language>/framework.json`). An icon's
aria-label ("edit icon"), which names a button drawn with an icon alone, says what the icon
means ("framework.icon.edit"); one the catalog does not name is left, and the language test
finds it.
"""

from __future__ import annotations

import functools
import json

import streamlit as st

from assistant.i18n import translate

# Streamlit's own words, exactly as it writes them, and their catalog keys.
EXACT = {
    "Skip to main content": "framework.skip_to_content",
    "Main menu": "framework.main_menu",
    "Expand sidebar": "framework.expand_sidebar",
    "Collapse sidebar": "framework.collapse_sidebar",
    "App pages": "framework.app_pages",
    "Sidebar": "framework.sidebar",
    "Link to heading": "framework.link_to_heading",
    "Open": "framework.open",
    "Close": "framework.close",
    "Show password": "framework.show_password",
    "Hide password": "framework.hide_password",
    "Copy to clipboard": "framework.copy",
    "Choose date": "framework.choose_date",
    "Clear date": "framework.clear_date",
    "file upload": "framework.file_upload",
    "Clear all": "framework.clear_all",
    "Clear value": "framework.clear_value",
    "Choose an option": "framework.choose_option",
    "Choose options": "framework.choose_options",
    "Select all": "framework.select_all",
    "No results": "framework.no_results",
    "Increment": "framework.increment",
    "Decrement": "framework.decrement",
    "Running...": "framework.running",
    "Stop": "framework.stop",
    "Please wait...": "framework.please_wait",
    "Connecting": "framework.connecting",
    "Fullscreen": "framework.fullscreen",
    "Close fullscreen": "framework.close_fullscreen",
    "progress": "framework.progress",
    "dd": "framework.dd",
    "mm": "framework.mm",
    "yyyy": "framework.yyyy",
    "Show data": "framework.show_data",
    "Copy Vega-Lite spec": "framework.copy_chart_spec",
    "Download as PNG": "framework.download_png",
    "Download as SVG": "framework.download_svg",
    "Vega visualization": "framework.chart",
    "Press Enter to apply": "framework.enter_to_apply",
    "Press Enter to submit form": "framework.enter_to_submit",
    "Press ⌘+Enter to apply": "framework.ctrl_enter_to_apply",
    "Press Ctrl+Enter to apply": "framework.ctrl_enter_to_apply",
    "Selected values": "framework.selected_values",
    "Error": "framework.error",  # bold, before a number's check below, in the mark's tooltip
}
# Words around the app's own text: {0} is what Streamlit put in the pattern's group.
PATTERNS = (
    (r"^Help for (.+)$", "framework.help_for"),
    (r"^Remove (.+)$", "framework.remove_of"),
    (r"^Fullscreen: (.+)$", "framework.fullscreen_of"),
    (r"^day, (.+)$", "framework.day_of"),
    (r"^month, (.+)$", "framework.month_of"),
    (r"^year, (.+)$", "framework.year_of"),
    (r"^(\d+) (?:options?|results?) available\.?$", "framework.options_available"),
)
# Streamlit's check of a number typed into a box with bounds (a facilitator's attendance
# figures, a year, how many results): read to a screen reader after "Error: ", and shown in the
# box's warning mark after a bold "Error". Each names its groups, the bounds as Streamlit wrote
# them, as the catalog's message does.
NUMBER_CHECKS = (
    (r"Number is outside the allowed range\. Please enter a value between (\S+) and (\S+)\.", "framework.number_between",
     ("low", "high")),
    (r"Number is below the allowed range\. Please enter a value greater than or equal to (\S+)\.",
     "framework.number_at_least", ("low",)),
    (r"Number is above the allowed range\. Please enter a value less than or equal to (\S+)\.", "framework.number_at_most",
     ("high",)),
)
ICON_LABEL = r"^([a-z0-9_]+) icon$"
# Icons the app draws alone on a button (":material/edit:"), by what they mean.
ICONS = ("edit", "visibility_off", "visibility", "delete", "delete_forever", "check_circle", "warning",
         "radio_button_checked", "radio_button_unchecked")

_SCRIPT = """<script>
(() => {
  window.forumWords = %s;
  const attrs = ["aria-label", "placeholder", "title"];
  const said = (text) => {
    const w = window.forumWords;
    if (!w) return null;
    const key = text.trim();
    if (Object.prototype.hasOwnProperty.call(w.exact, key)) return w.exact[key];
    for (const [pattern, template] of w.patterns) {
      const m = key.match(new RegExp(pattern));
      if (m) return template.replace(/[{]([0-9])[}]/g, (_, i) => m[Number(i) + 1] ?? "");
    }
    return null;
  };
  const fix = (el) => {
    if (!el || el.nodeType !== 1) return;
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (!v) continue;
      const icon = a === "aria-label" && v.match(new RegExp(window.forumWords.icon));
      if (icon) {
        const named = window.forumWords.icons[icon[1]];
        if (named && named !== v) el.setAttribute(a, named);
        continue;
      }
      const t = said(v);
      if (t !== null && t !== v) el.setAttribute(a, t);
    }
  };
  const fixText = (node) => {
    const t = said(node.nodeValue || "");
    if (t !== null && t !== node.nodeValue.trim()) node.nodeValue = t;
  };
  const sweep = (root) => {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) return;
    fix(root);
    root.querySelectorAll("[aria-label],[placeholder],[title]").forEach(fix);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) fixText(n);
  };
  if (!window.forumWordsObserver) {
    window.forumWordsObserver = new MutationObserver((records) => {
      if (!window.forumWords) return;
      for (const r of records) {
        if (r.type === "childList") r.addedNodes.forEach(sweep);
        else if (r.type === "attributes") fix(r.target);
        else if (r.type === "characterData") fixText(r.target);
      }
    });
    window.forumWordsObserver.observe(document.body, {childList: true, subtree: true, characterData: true,
                                                        attributes: true, attributeFilter: attrs});
  }
  if (window.forumWords) sweep(document.body);
})();
</script>"""


def words_for(language: str) -> dict | None:
    """What the script rewrites on a page in `language` (None in English: nothing to do)."""
    if language == "en":
        return None
    error = translate("framework.error", language)
    checks = []
    for pattern, key, groups in NUMBER_CHECKS:
        said = translate(key, language, **{name: f"{{{n}}}" for n, name in enumerate(groups)})
        checks += [[f"^Error: {pattern}$", f"{error}: {said}"], [f"^: {pattern}$", f": {said}"]]
    return {"exact": {english: translate(key, language) for english, key in EXACT.items()},
            "patterns": [[pattern, translate(key, language, text="{0}")] for pattern, key in PATTERNS] + checks,
            "icon": ICON_LABEL, "icons": {name: translate(f"framework.icon.{name}", language) for name in ICONS}}


@functools.cache
def script_for(language: str) -> str:
    """The page's script in `language`, written once per language (every run of every page sends it)."""
    return _SCRIPT % json.dumps(words_for(language), ensure_ascii=False)


def apply_framework_words(language: str) -> None:
    """On this page, Streamlit's own words in `language` (an English page keeps them)."""
    st.html(script_for(language), unsafe_allow_javascript=True)
