"""Section links beside headings, not inside them (a Python-Markdown extension, in mkdocs.yml after
``toc``).

The ``toc`` extension puts each section's permalink (``<a class="headerlink">¶</a>``) inside its
heading, so a screen reader reads every heading as "Before you close the contract ¶" and lists a
link named "¶" per section. This moves the link out, beside its heading in a
``<div class="hc-heading hc-heading--h2">`` (as GitHub does; the level for the stylesheet), and names it by its section: "Link to this section:
Before you close the contract" (``toc``'s ``permalink_title``, in the page's language). The ``¶``
stays what sighted readers see; Material's search skips the link (``data-search-exclude``). The
page title (``h1``) keeps no link: it would point at the top of the page it is on.

>>> import markdown
>>> md = markdown.Markdown(extensions=["toc", "publish.heading_links"],
...                        extension_configs={"toc": {"permalink": True, "permalink_title": "Link to this section"}})
>>> print(md.convert("# End a contract\\n\\nText.\\n\\n## Fees &amp; *refunds*\\n\\nMore."))
<h1 id="end-a-contract">End a contract</h1>
<p>Text.</p>
<div class="hc-heading hc-heading--h2"><h2 id="fees-refunds">Fees &amp; <em>refunds</em></h2><a aria-label="Link to this section: Fees &amp; refunds" class="headerlink" data-search-exclude="" href="#fees-refunds" title="Link to this section">&para;</a></div>
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


class HeadingLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        title = self._title()
        for parent in list(root.iter()):
            for index, heading in enumerate(list(parent)):
                if heading.tag not in HEADINGS:
                    continue
                link = next((c for c in heading if c.tag == "a" and c.get("class") == PERMALINK_CLASS), None)
                if link is None:
                    continue
                heading.remove(link)
                if heading.tag == "h1":
                    continue
                name = html.unescape(strip_tags(render_inner_html(heading, self.md))).strip()
                link.set("aria-label", f"{title}: {name}" if title else name)
                link.set("data-search-exclude", "")
                link.tail = None
                box = etree.Element("div", {"class": f"hc-heading hc-heading--{heading.tag}"})
                box.tail, heading.tail = heading.tail, None
                box.append(heading)
                box.append(link)
                parent.remove(heading)
                parent.insert(index, box)

    def _title(self) -> str:
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        return str(getattr(toc, "permalink_title", "") or "")


class HeadingLinksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(HeadingLinks(md), "hc_heading_links", 4)  # after toc (5)


def makeExtension(**kwargs) -> HeadingLinksExtension:
    return HeadingLinksExtension(**kwargs)
