"""Section links that screen readers read apart from their headings (a Python-Markdown extension,
in mkdocs.yml after ``toc``).

The ``toc`` extension puts each section's permalink (``<a class="headerlink">¶</a>``) inside its
heading, so a screen reader read every heading as "Before you close the contract ¶" and listed a
link named "¶" per section. Here the heading's words go in a ``<span>`` that names the heading
(``aria-labelledby``), and the link is named by its section: "Link to this section: Before you
close the contract" (``label``, set per language by publish/mkdocs_site.py). The link stays inside
the heading, where Material's styles show it on hover and focus and where Material's search index
leaves it out of the section's title (a wrapper around the heading ended its sections there, and
their text went to the page's entry). The page title (``h1``) keeps no link: it would point at
the top of the page it is on.

>>> import markdown
>>> md = markdown.Markdown(extensions=["toc", "publish.heading_links"],
...                        extension_configs={"toc": {"permalink": True, "permalink_title": "Link to this section"}})
>>> print(md.convert("# End a contract\\n\\nText.\\n\\n## Fees &amp; *refunds*\\n\\nMore."))
<h1 id="end-a-contract">End a contract</h1>
<p>Text.</p>
<h2 aria-labelledby="hc-h-fees-refunds" id="fees-refunds"><span id="hc-h-fees-refunds">Fees &amp; <em>refunds</em></span><a aria-label="Link to this section: Fees &amp; refunds" class="headerlink" href="#fees-refunds" title="Link to this section">&para;</a></h2>
<p>More.</p>
"""
from __future__ import annotations

import html
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
PERMALINK_CLASS = "headerlink"  # toc's default permalink_class
ID_PREFIX = "hc-h-"  # the id of a heading's words: ID_PREFIX + the heading's id


class HeadingLinks(Treeprocessor):
    def __init__(self, md, label: str):
        super().__init__(md)
        self.label = label

    def run(self, root: etree.Element) -> None:
        for heading in list(root.iter()):
            if heading.tag not in HEADINGS:
                continue
            link = next((c for c in heading if c.tag == "a" and c.get("class") == PERMALINK_CLASS), None)
            if link is None:
                continue
            heading.remove(link)
            if heading.tag == "h1":
                continue
            words = etree.Element("span", {"id": ID_PREFIX + heading.get("id", "")})
            words.text, heading.text = heading.text, None
            for child in list(heading):
                heading.remove(child)
                words.append(child)
            name = html.unescape(strip_tags(render_inner_html(words, self.md))).strip()
            heading.append(words)
            heading.append(link)
            heading.set("aria-labelledby", words.get("id"))
            link.set("aria-label", self.label.replace("{heading}", name))
            link.tail = None


class HeadingLinksExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"label": ["Link to this section: {heading}",
                                 "the link's accessible name; {heading} is the heading's words"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(HeadingLinks(md, self.getConfig("label")), "hc_heading_links", 4)  # after toc (5)


def makeExtension(**kwargs) -> HeadingLinksExtension:
    return HeadingLinksExtension(**kwargs)
