"""Shared page furniture: language, direction, cached services."""

from __future__ import annotations

import hashlib
import html
import json
import re

import streamlit as st

from assistant.config import get_settings
from assistant.i18n import LANGUAGES, direction, resolve_language, translate
from assistant.ui import state

LANGUAGE_NAMES = {"he": "עברית", "ar": "العربية", "en": "English"}


def chosen_language() -> str | None:
    """The session's language if one was chosen yet (None: the settings' language stands for
    it), without choosing one: the router first gives a stranger their browser's."""
    return st.session_state.get(state.LANGUAGE)


def current_language() -> str:
    if state.LANGUAGE not in st.session_state:
        st.session_state[state.LANGUAGE] = get_settings().language
    return st.session_state[state.LANGUAGE]


def browser_language() -> str:
    """The first of the browser's languages the app speaks (Hebrew when it speaks none of them,
    or outside a browser): a phone opens the join form in its owner's language."""
    try:
        locale, accepted = st.context.locale, st.context.headers.get("accept-language")
    except Exception:  # noqa: BLE001 - no browser session
        return resolve_language(None)
    wanted = [value for value in (locale, *(accepted.split(",") if isinstance(accepted, str) else ()))
              if isinstance(value, str)]  # AppTest stands in a mock for what it does not know
    for tag in wanted:
        code = tag.split(";")[0].strip().lower()[:2]
        code = {"iw": "he"}.get(code, code)
        if code in LANGUAGES:
            return code
    return "he" if any(tag.strip() for tag in wanted) else resolve_language(None)


def t(key: str, **params) -> str:
    return translate(key, current_language(), **params)


def shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut (a label in a narrow place)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bound_key(key: str, stored: object | None) -> str:
    """The key of a widget that shows a stored value someone else may change meanwhile.
    Streamlit keeps a keyed widget's value even when its default changes; keyed by the
    stored value (or its version) too, the widget shows the new one, and a save cannot put
    the old one back."""
    return key if stored is None else f"{key}.{stored}"


def version_of(stored: object | None) -> str:
    """A short digest of a stored value made of JSON types ("-" when nothing is stored), to
    bind a form's widgets to it with `bound_key`."""
    if stored is None:
        return "-"
    return hashlib.sha1(json.dumps(stored, sort_keys=True).encode()).hexdigest()[:8]


def keep_choices() -> None:
    """A choice widget keeps the label its option was chosen by: after a language change that
    label is no option's, the widget shows nothing chosen, and the next run reads the old
    label back as its value. Setting each value again sends it with its new label."""
    endings = tuple(f".{e}" for e in state.RELABELLED_CHOICE_ENDINGS)
    for key in list(st.session_state):
        if isinstance(key, str) and (any(key == k or key.startswith(f"{k}.") for k in state.RELABELLED_CHOICES)
                                     or key.endswith(endings)):
            st.session_state[key] = st.session_state[key]


def language_picker(where=None) -> None:
    """The three languages as buttons, each named in itself: a tap redraws the page in it (a
    list that opens would also speak English to a screen reader, "3 options available")."""
    (where or st.sidebar).segmented_control(
        translate("language.label", current_language()),
        options=list(LANGUAGES),
        format_func=lambda code: LANGUAGE_NAMES[code],
        key=state.LANGUAGE,
        required=True,
        on_change=keep_choices,
        width="stretch",
    )


def apply_language() -> None:
    """The page's language, for screen readers (Streamlit's page says lang="en" whatever it
    holds, so a Hebrew page would be read with an English voice), its direction, and
    Streamlit's own words in it (`framework_words`)."""
    from assistant.ui.framework_words import apply_framework_words

    language = current_language()
    st.html(f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
            unsafe_allow_javascript=True)
    apply_direction()
    apply_framework_words(language)


def apply_direction() -> None:
    """Right-to-left layout for Hebrew and Arabic (our own static CSS only). Text, captions
    included (Streamlit aligns those left by default), starts at the right. Code blocks
    (links, codes) stay left-to-right, so a long one shows its start; so do charts, whose
    axis labels would otherwise be drawn under the bars, and dates (03/12/2026, not 2026/12/03). A field's typing hint ("Press Enter
    to submit form") moves to the field's left end, off the text typed from the right. A
    segmented control's buttons run right to left: Streamlit draws it for left to right (the
    rounded ends, the overlapping borders, and the border hidden beside the chosen or hovered
    button, on the side that touches it), so its row is drawn left to right and mirrored, and
    each button's words mirrored back. Mirroring the rules one by one left the row's outer
    ends without a border whenever the chosen button was not the first. The sidebar
    then sits on the right; folded away (a phone's default) it slides left with its
    content overflowing leftwards onto the page, so a folded sidebar is hidden."""
    if direction(current_language()) == "rtl":
        st.html(
            """<style>
            .stApp, [data-testid="stSidebar"], [data-testid="stMarkdownContainer"],
            [data-testid="stCaptionContainer"],
            .stTextInput input, .stChatInput textarea { direction: rtl; text-align: start; }
            [data-testid="stExpander"] summary { direction: rtl; }
            [data-testid="stCode"] pre, [data-testid="stVegaLiteChart"] { direction: ltr; text-align: left; }
            [class*="st-key-ltr-table"] [data-testid="stDataFrame"] { direction: ltr; }
            [data-testid="stDateInputField"] [role="group"] { direction: ltr; justify-content: flex-end; }
            [data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
            .stApp [data-testid="InputInstructions"] { right: auto; left: 9px; }
            [data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] { display: none; }
            .stApp [data-testid="stButtonGroup"] div:has(> button[data-variant="segmented_control"]) {
                direction: ltr; transform: scaleX(-1); }
            .stApp [data-testid="stButtonGroup"] button[data-variant="segmented_control"] > * {
                transform: scaleX(-1); }
            </style>"""
        )


def widget_class(key: str) -> str:
    """The CSS class Streamlit gives the container of the widget keyed `key`."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def reading_table(rows, key: str, widths: dict[str, str] | None = None) -> None:
    """A table (a DataFrame, or rows as dicts) read from the right in Hebrew and Arabic.
    Streamlit's grid is drawn on a canvas that loses its last column when laid out right to
    left, so it is drawn left to right (see `apply_direction`) with its columns in reverse
    order, each aligned to the right."""
    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    rtl = direction(current_language()) == "rtl"
    align = "right" if rtl else None
    config = {name: st.column_config.Column(width=(widths or {}).get(name), alignment=align) for name in frame.columns}
    with st.container(key=f"ltr-table-{key}"):
        st.dataframe(frame[frame.columns[::-1]] if rtl else frame, hide_index=True, width="stretch",
                     column_config=config)


def uploader_words(key: str, button: str, limit: str) -> None:
    """Streamlit's file uploader says "Upload" and "200MB per file" in English whatever the
    page's language, with no parameter to change them: the uploader keyed `key` shows
    `button` and `limit` instead (CSS text), and its button is named `button` for screen
    readers (aria-label, set again whenever Streamlit draws the button anew)."""
    scope = "." + widget_class(key)
    selector = f'{scope} [data-testid="stFileUploaderDropzone"] button'
    st.html(
        f"""<style>
        {selector} [data-testid="stMarkdownContainer"] p,
        {scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
        {selector} [data-testid="stMarkdownContainer"]::after {{ content: {_css_string(button)}; }}
        {scope} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
            content: {_css_string(limit)}; font-size: 0.875rem; unicode-bidi: plaintext; }}
        </style>
        <script>
        (() => {{
          const names = (window.forumUploaderNames = window.forumUploaderNames || {{}});
          names[{json.dumps(selector)}] = {json.dumps(button)};
          const apply = () => Object.entries(names).forEach(([sel, name]) =>
            document.querySelectorAll(sel).forEach(b => b.getAttribute("aria-label") === name
                                                        || b.setAttribute("aria-label", name)));
          apply();
          if (!window.forumUploaderObserver) {{
            window.forumUploaderObserver = new MutationObserver(apply);
            window.forumUploaderObserver.observe(document.body, {{childList: true, subtree: true}});
          }}
        }})();
        </script>""",
        unsafe_allow_javascript=True,
    )


def _css_string(text: str) -> str:
    return '"' + "".join(ch if ch.isalnum() or ch in " .,()-" else f"\\{ord(ch):x} " for ch in text) + '"'


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
_WORD_JOINER = "\u2060"  # invisible; keeps "https://", "www." and "a@b.c" from being linked
_AUTOLINKED = re.compile(r"(?<=:)(?=//)|(?<=[wW]{3})(?=\.)|(?=@)")


def markdown_literal(text: str) -> str:
    """`text` for an element that renders Markdown (st.error, st.success, st.toast), so that a
    message quoting what someone typed shows it as typed: no link, image, heading or emphasis.
    Markdown's punctuation is backslash-escaped; an invisible word joiner in "://", "www." and
    before "@" stops bare URLs and addresses from being linked (GitHub-flavoured Markdown links
    them after parsing, escapes or not)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINKED.sub(_WORD_JOINER, text))


def literal(text: str, css_class: str = "literal") -> None:
    """User or corpus text, shown as text (never as Markdown or HTML), with
    its direction taken from its own first strong character."""
    marked(text, [], css_class)


_MARK_STYLE = "background: rgba(255, 200, 0, 0.35); color: inherit; border-radius: 2px"


def marked(text: str, spans: list[tuple[int, int]], css_class: str = "literal") -> None:
    """`text` as `literal` shows it, with the `spans` marked (a search's words in a passage)."""
    parts, last = [], 0
    for start, end in spans:
        parts.append(html.escape(text[last:start]))
        parts.append(f'<mark style="{_MARK_STYLE}">{html.escape(text[start:end])}</mark>')
        last = end
    parts.append(html.escape(text[last:]))
    st.html(f'<div dir="auto" class="{css_class}" style="white-space: pre-wrap">{"".join(parts)}</div>')


