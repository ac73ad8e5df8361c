"""Two costs Streamlit's server pays on every run, and one on its first, that change nothing
it sends.

Measured with a sampling profiler on the server while 200 phones joined one after another
(`tests/benchmarks`, docs/operations.md), these were a tenth of the server's time:

- **Every label of a button group** (the sector's buttons, the language's, every vote's) is
  checked for a leading emoji with `re.search(EMOJI_EXTRACTION_REGEX, text)`. Handing `re`
  an already compiled pattern makes it look the pattern up in its cache first, and a
  compiled pattern's hash covers its whole compiled program: for the four thousand emoji,
  that hash is three quarters of the check (75 µs a label; 15 µs searched directly). Every
  Hebrew or Arabic label pays it, as no ASCII text is checked at all.
- **Every full run** sends the theme, built from the configuration six times over (the
  theme and its five sections), each walking all the server's options. The configuration
  does not change while the server runs unless it is read again, and then it is a new
  dictionary: the six parts are built once per configuration and copied.

- **The first element a server process draws** asks whether Streamlit runs in a Python
  REPL, to warn that an app is viewed with `streamlit run`: `inspect.stack()`, whose module
  lookup resolves the real path of every loaded module's file. With this app's 1,500
  modules that was 2.6 s, paid by the first person to open a page after each start (a
  phone's join screen took 8.6 s, 1 s after). Under `streamlit run` the answer is known:
  the warning is marked shown, as it would be after that first element.

`apply` replaces the two functions in Streamlit's modules with ones that return exactly
what they returned (tests/ui/test_runtime_speed.py compares them); if a Streamlit release
renames what they rely on, it changes nothing and logs why.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
_APPLIED = "_forum_assistant_speed"
_applied = False


def _leading_emoji(pattern):
    def extract_leading_emoji(text: str) -> tuple[str, str]:
        if not text or text.isascii():  # as Streamlit's: ASCII text holds no emoji
            return "", text
        found = pattern.search(text)  # the compiled pattern's own search: not looked up in re's cache
        if found is None:
            return "", text
        return found.group(1), found.group(2)

    return extract_leading_emoji


def _built(populate, section: str, kind: type):
    """The part of a new session's theme for `section` as Streamlit builds it, and whether
    building it marks it present (a section with nothing set is left out, not sent empty).
    Built in place in a message of its own, at the section's path under the session's theme;
    None if that path is not there (then the section is built as before, every time)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    parent, name = ForwardMsg().new_session, "custom_theme"
    target = parent.custom_theme
    for field in section.split(".")[1:]:  # "theme.light.sidebar": custom_theme.light.sidebar
        parent, name = target, field
        target = getattr(target, field, None)
        if target is None:
            return None
    if type(target) is not kind:
        return None
    populate(target, section)
    part = kind()
    part.CopyFrom(target)
    return part, parent.HasField(name)


def _theme_once(populate, config):
    built: dict[str, object] = {}
    built_for: list[object] = [None]  # the configuration the parts were built from
    lock = threading.Lock()

    def populate_theme_msg(msg, section: str = "theme") -> None:
        options = config._config_options
        with lock:
            if built_for[0] is not options:  # read again (or first use): build anew
                built.clear()
                built_for[0] = options
            if section not in built:
                built[section] = _built(populate, section, type(msg))
            found = built[section]
        if found is None:
            populate(msg, section)
            return
        part, present = found
        if present:
            msg.SetInParent()
            msg.MergeFrom(part)

    return populate_theme_msg


def _skip_the_repl_check() -> None:
    """Under a running server, the once-a-process check for a REPL is marked done."""
    from streamlit import delta_generator, runtime

    if runtime.exists() and hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def apply() -> bool:
    """Replaces the two functions (once), and under a server skips the first element's REPL
    check; whether both functions are in place. Called at every run: once applied, it looks
    at one flag."""
    global _applied  # noqa: PLW0603 - once per process
    if _applied:
        return True
    from streamlit import config, emojis, string_util
    from streamlit.runtime import app_session

    _skip_the_repl_check()

    if getattr(string_util, _APPLIED, False):
        _applied = True
        return True
    pattern = getattr(emojis, "EMOJI_EXTRACTION_REGEX", None)
    populate = getattr(app_session, "_populate_theme_msg", None)
    if (pattern is None or not hasattr(pattern, "search") or populate is None
            or not hasattr(string_util, "extract_leading_emoji") or not hasattr(config, "_config_options")):
        log.warning("Streamlit's emoji check or theme message has changed; its per-run savings are not applied")
        return False
    emoji, theme = _leading_emoji(pattern), _theme_once(populate, config)
    emoji.__wrapped__, theme.__wrapped__ = string_util.extract_leading_emoji, populate  # what each replaces
    string_util.extract_leading_emoji = emoji
    app_session._populate_theme_msg = theme
    setattr(string_util, _APPLIED, True)
    _applied = True
    return True
