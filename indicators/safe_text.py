"""Text that comes from data, made safe for the place it is shown.

Region names, district names and table titles come from CBS metadata or a mirror folder: text
the monitor does not write itself. Wherever such text is shown in a renderer that interprets
markup it must stay text:

* :func:`markdown` for Streamlit's Markdown (titles, captions, notices, widget labels) and for
  strings that may end up in Plotly text or HTML as well. Every character that can start
  Markdown, Streamlit or HTML syntax (links, images, emphasis, ``:red[...]``, ``$math$``, tags)
  becomes a numeric character reference: CommonMark, HTML and Plotly all show it as the
  character itself, and none of them reads it as syntax. Bare addresses (``http://``,
  ``www.``, ``name@host``) are linked by GitHub-flavoured Markdown *after* the references are
  decoded, so a zero-width space goes after ``http``, ``www`` and ``@``: the text reads the
  same, but it is no longer an address.
* :func:`html_text` for HTML (``st.html``, the board report) and Plotly text (titles, labels,
  hover text: Plotly reads ``<a href>``, ``<b>`` ... and entities).
* CSV cells go through :func:`indicators.export.neutralise` instead (spreadsheet formulas).

Examples:
    >>> markdown("[link](http://example.org)")
    '&#91;link&#93;&#40;http\u200b&#58;//example.org&#41;'
    >>> html_text("<img src=x>")
    '&lt;img src=x&gt;'
"""

from __future__ import annotations

import html
import re

# Characters that start Markdown, GitHub/Streamlit extensions or HTML syntax. Kept: letters,
# digits, spaces and the punctuation of ordinary names and numbers (. , - ' / %).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]()<>!#|~:$&{}@\"=+^]")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|@")  # GFM links these in decoded text
ZERO_WIDTH_SPACE = "\u200b"
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def markdown(text: object) -> str:
    """Return data text that Markdown, HTML and Plotly all show literally.

    Line breaks become spaces (a new line could start a heading, list or table).

    >>> markdown("Súdwest-Fryslân")
    'Súdwest-Fryslân'
    >>> markdown(":red[alarm] $x$")
    '&#58;red&#91;alarm&#93; &#36;x&#36;'
    """
    words = _LINE_BREAKS.sub(" ", str(text))
    words = _AUTOLINK.sub(lambda match: match.group() + ZERO_WIDTH_SPACE, words)
    return _MARKDOWN_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", words)


def html_text(text: object) -> str:
    """Escape data text for HTML and Plotly text (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(str(text), quote=True)
