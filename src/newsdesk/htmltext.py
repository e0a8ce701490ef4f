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


def visible_text(html: str) -> str:
    """Every visible line of ``html``, one block per paragraph (blocks separated by a blank line)."""
    import lxml.html
    from lxml import etree

    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _INVISIBLE or (isinstance(el.tag, str) and el.get("hidden") is not None):
            if el.tail:
                parts.append(el.tail)
            return
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    text = "".join(parts)
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip().replace("\n", "\n\n").replace("\n\n\n\n", "\n\n")
