"""Discussion notes written in Markdown → document-model blocks.

Python-Markdown parses in-process (a pandoc subprocess per field costs 40–75 ms here);
its HTML output is read back as an element tree and mapped to paragraphs, lists and
tables. Raw HTML in the notes is escaped first, so it prints as text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

from rapatgen.model.blocks import Block, Cell, Column, ListItem, NumberedList, Paragraph, Run, Table
from rapatgen.documents.frame import prose_quotes

# the extensions as objects, not by name: a name is looked up among every installed distribution's
# "markdown.extensions" entry points first (importlib.metadata imported and each one's metadata read,
# ≈ 5 ms in each process that makes a notulen), and could be taken by another package's extension
_md = markdown.Markdown(extensions=[TableExtension(), SaneListExtension()], output_format="html")


def _inline(el: ET.Element, bold=False, italic=False, underline=False) -> list[Run]:
    tag = el.tag
    bold = bold or tag in ("strong", "b", "th")
    italic = italic or tag in ("em", "i")
    out: list[Run] = []
    if el.text:
        out.append(Run(el.text.replace(ALPHA_MARK, ""), bold, italic, underline))
    for child in el:
        if child.tag == "br":
            out.append(Run("\n", bold, italic, underline))
        elif child.tag in ("ul", "ol", "p", "table"):
            pass  # block children are handled by the caller
        else:
            out.extend(_inline(child, bold, italic, underline or child.tag == "u"))
        if child.tail:
            out.append(Run(child.tail.replace(ALPHA_MARK, ""), bold, italic, underline))
    return _tidy(out)


def _tidy(runs: list[Run]) -> list[Run]:
    """Collapse the newlines Markdown keeps inside a paragraph into spaces."""
    merged: list[Run] = []
    for r in runs:
        text = r.text if r.text == "\n" else re.sub(r"\s+", " ", r.text)
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].underline) == (r.bold, r.italic, r.underline) \
                and text != "\n" and merged[-1].text != "\n":
            merged[-1] = Run(merged[-1].text + text, r.bold, r.italic, r.underline)
        else:
            merged.append(Run(text, r.bold, r.italic, r.underline))
    if merged:
        merged[0] = Run(merged[0].text.lstrip(" "), merged[0].bold, merged[0].italic, merged[0].underline)
        merged[-1] = Run(merged[-1].text.rstrip(" "), merged[-1].bold, merged[-1].italic, merged[-1].underline)
    return [r for r in merged if r.text]


def _list(el: ET.Element, indent: float) -> NumberedList:
    items = []
    lettered = False
    for li in el.findall("li"):
        children: list[Block] = []
        paragraphs = li.findall("p")
        first = paragraphs[0] if paragraphs else li
        lettered = lettered or (first.text or "").startswith(ALPHA_MARK)  # written "a. …" (lists_after_paragraph)
        content = prose_quotes(_inline(first))
        for p in paragraphs[1:]:
            children.append(Paragraph(prose_quotes(_inline(p))))
        for sub in li:
            if sub.tag in ("ul", "ol"):
                children.append(_list(sub, 0))
        items.append(ListItem(content, children))
    start = int(el.get("start", "1")) if el.tag == "ol" and el.get("start", "1").isdigit() else 1
    style = "a." if lettered else "1." if el.tag == "ol" else "-"
    return NumberedList(items, style=style, indent_cm=indent, start=max(start, 1))


def _table(el: ET.Element) -> Table:
    head = el.find("thead")
    header = [th for th in head.iter("th")] if head is not None else []
    body_rows = el.find("tbody")
    rows = []
    for tr in (body_rows if body_rows is not None else []):
        rows.append([Cell([_inline(td)]) for td in tr])
    n = max([len(header)] + [len(r) for r in rows] or [1])
    columns = [Column("".join(r.text for r in _inline(th)), 1.0) for th in header]
    columns += [Column("", 1.0) for _ in range(n - len(columns))]
    for r in rows:
        r.extend(Cell([[]]) for _ in range(n - len(r)))
    return Table(columns=columns, rows=rows, font_size=10)


_ITEM = re.compile(r"\s{0,3}(?:\d{1,3}\.|[-*+])\s+\S")  # a list item line: "1. …", "- …"
_ALPHA = re.compile(r"(\s*)([a-z])\.\s+(\S.*)")  # "a. …"
ALPHA_MARK = "\ue000"  # marks the first item of a lettered list until it is read back (_list)
_FIRST = re.compile(r"\s{0,3}(?:1\.|[-*+])\s+\S")  # a list's first item: "1. …", "- …"


def lists_after_paragraph(text: str) -> str:
    """A list written directly under a paragraph line ("berperan:" then "1. …") starts a list, as
    the writer meant; Markdown would need a blank line before it and otherwise runs the items into
    the paragraph. Only a first item ("1.", "-", "*", "+") starts one, so a wrapped line that
    begins with a year ("2024. Angka …") stays in its paragraph."""
    out: list[str] = []
    in_list = fenced = False
    letter = ""  # the next letter of an "a. …, b. …" list being read
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        alpha = None if fenced else _ALPHA.match(line)
        starts = alpha and alpha.group(2) == "a" and (not in_list or alpha.group(1))  # nested under "1." when indented
        if alpha and (starts or alpha.group(2) == letter):  # "a. …": a lettered list (Markdown has none)
            n = ord(alpha.group(2)) - ord("a") + 1
            line = f"{alpha.group(1)}{n}. {ALPHA_MARK if n == 1 else ''}{alpha.group(3)}"
            letter = chr(ord(alpha.group(2)) + 1)
        elif _ITEM.match(line) or not line.strip():
            letter = ""
        if not line.strip():
            in_list = False
        elif not fenced and _ITEM.match(line):
            prev = out[-1] if out else ""
            if not in_list and prev.strip() and _FIRST.match(line) and not prev.lstrip().startswith(("|", "#", ">")):
                out.append("")
            in_list = True
        out.append(line)
    return "\n".join(out)


def markdown_blocks(text: str, indent_cm: float = 0.0) -> list[Block]:
    """Blocks for one Markdown note; empty text gives no blocks."""
    if not text or not text.strip():
        return []
    _md.reset()
    # Escape raw HTML so that '<script>' or '&' print literally; Markdown syntax is kept.
    rendered = _md.convert(html.escape(lists_after_paragraph(text), quote=False))
    # Markdown emits only XML-safe entities here (&amp; &lt; &gt; &quot; and numeric ones).
    root = ET.fromstring(f"<div>{rendered}</div>")
    blocks: list[Block] = []
    for el in root:
        if el.tag == "p":
            blocks.append(Paragraph(prose_quotes(_inline(el)), indent_cm=indent_cm))
        elif el.tag in ("ul", "ol"):
            blocks.append(_list(el, indent_cm))
        elif el.tag == "table":
            blocks.append(_table(el))
        elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Paragraph([Run(r.text, bold=True, italic=r.italic) for r in _inline(el)],
                                    indent_cm=indent_cm, keep_with_next=True))
        elif el.tag in ("pre", "blockquote"):
            text_content = "".join(el.itertext()).strip("\n")
            blocks.append(Paragraph([Run(text_content, italic=el.tag == "blockquote")], indent_cm=indent_cm + 0.5))
        elif el.tag == "hr":
            continue
        else:
            blocks.append(Paragraph([Run("".join(el.itertext()))], indent_cm=indent_cm))
    return blocks
