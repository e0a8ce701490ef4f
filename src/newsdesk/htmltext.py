"""HTML to plain text with every visible line kept: menus, sidebars, comments and footers included.

This is what a page looks like when it "arrives without its HTML" (copied text, a scraper that
kept everything). It is the input of the text cleaner's benchmark and the ``raw`` text of HTML
articles. lxml (a trafilatura dependency) parses; the block walk is ours because no library
exposes "all visible text, one line per block" without also judging what is boilerplate.
"""

from __future__ import annotations

import re

_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    "title", "option", "button", "label",
}
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


# libxml2 builds at most this many levels of elements even with ``huge_tree`` (without it, 255:
# deeper content is silently dropped). A page nested deeper is read as flat text (tags stripped,
# blocks kept as paragraphs) instead of losing its body.
MAX_TREE_DEPTH = 2048
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_FLAT_DROP = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|head|svg|iframe|object|canvas)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_FLAT_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK)) + r")\b[^>]*>", re.IGNORECASE)
_FLAT_TAG = re.compile(r"<[^>]*>")


def visible_text(html: str) -> str:
    """Every visible line of ``html``, one block per paragraph (blocks separated by a blank line)."""
    return page_text(html)[0]


def page_text(html: str) -> tuple[str, str | None]:
    """``(visible text, note)``: the note says when the page could not be read as a tree (nested
    deeper than :data:`MAX_TREE_DEPTH`) and was read as flat text instead."""
    import lxml.html
    from lxml import etree

    if not html.strip():
        return "", None
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares an encoding
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return "", None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return _tidy(_flat_text(html)), (
            f"HTML nested more than {MAX_TREE_DEPTH:,} levels deep: read as flat text (tags stripped)"
        )
    parts: list[str] = []
    body = root.find("body")
    # An explicit stack, not recursion: pages nest thousands of levels deep.
    stack: list[tuple[etree._Element, bool]] = [(body if body is not None else root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                parts.append("\n\n")
            if el.tail:
                parts.append(el.tail)
            continue
        if not tag or tag in _INVISIBLE or el.get("hidden") is not None:
            # invisible elements, comments, processing instructions: only the text after them
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return _tidy("".join(parts)), None


def _flat_text(html: str) -> str:
    import html as htmllib

    text = _FLAT_DROP.sub(" ", html)
    text = _FLAT_BLOCK.sub("\n\n", text)
    return htmllib.unescape(_FLAT_TAG.sub("", text))


def _tidy(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip().replace("\n", "\n\n").replace("\n\n\n\n", "\n\n")
