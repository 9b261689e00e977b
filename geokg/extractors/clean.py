"""Scraper boilerplate out, article text in: "Baca Juga:"/"Read also:" lines, bylines, tag lists,
photo credits glued to headlines, footers. Rules are the language's ``boilerplate_lines`` data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geokg.extractors.lang import Language

# Lines that open the footer region: everything after them at the end of a page is site furniture.
_FOOTER_KINDS = ("byline", "tags", "footer")


@dataclass
class Cleaned:
    text: str               # what the extractor reads and what evidence offsets point into
    title: str | None
    headings: set[int]      # line numbers (in ``text``) that are headings: not read for events
    dateline: str | None
    removed: list[str]


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) < 160 and s[-1] not in ".!?\"”’)" and len(s.split()) <= 20


def clean_text(raw: str, langs: list[Language], title: str | None = None) -> Cleaned:
    """Remove boilerplate lines and find the title, headings and dateline.

    >>> from geokg.extractors.lang import load_language
    >>> c = clean_text("Judul Berita\\n\\nJakarta, IDN Times - AS mengecam Rusia.\\n\\nBaca Juga: Lain\\n", [load_language("id")])
    >>> c.title, c.text
    ('Judul Berita', 'Judul Berita\\n\\nAS mengecam Rusia.')
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    removed: list[str] = []
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    if title is None and nonempty and _is_heading(lines[nonempty[0]]):
        title = lines[nonempty[0]].strip()
    keep: list[str] = []
    dateline = None
    body_started = False
    n = len(lines)
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            keep.append("")
            continue
        if any(p.match(s) for lang in langs for p in lang.boilerplate):
            removed.append(s)
            # a byline or tag list in the last part of the page starts the footer: drop the rest
            if i > n * 0.6 and not any(w.lower().startswith(("baca", "read", "see", "simak", "lihat")) for w in s.split()[:1]):
                removed.extend(x.strip() for x in lines[i + 1:] if x.strip())
                break
            continue
        if title and s != title and s.startswith(title) and (
                any(lang.caption_glue.search(s) for lang in langs) or s[len(title):len(title) + 1].isalpha()):
            removed.append(s)  # the headline repeated with a photo caption or credit glued on
            continue
        if not body_started and not _is_heading(s):
            body_started = True
            for lang in langs:
                m = lang.dateline.match(s)
                if m and len(m.group(0)) < 60:
                    dateline = m.group(0).strip(" -–—")
                    s = s[m.end():]
                    break
        keep.append(s)
    body = "\n".join(keep)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    headings = {i for i, ln in enumerate(body.split("\n")) if _is_heading(ln)}
    return Cleaned(body, title, headings, dateline, removed)
