"""The whole content tree: loads articles and notices and checks what spans several files."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from .articles import LINK, PLACEHOLDERS, SCHEME, Article, Link, load_article, resolve_site_url
from .languages import DEFAULT as DEFAULT_LANGUAGES, Language, load_languages
from .schema import closest
from .notices import Notice, read_notices
from .problems import Problems, display_path
from .translations import load_translations


@dataclass(frozen=True)
class Content:
    root: Path
    articles: tuple[Article, ...]  # the source articles (content/articles/), in the source language
    notices: tuple[Notice, ...]
    languages: tuple[Language, ...] = DEFAULT_LANGUAGES  # languages[0] is the source language
    translations: tuple[Article, ...] = ()  # every loaded translation, as localized Articles
    # Article files that could not be loaded or are held back (their errors are reported), by
    # resolved path and by the ids they would have: links, notices, translations and featured.yml
    # naming one are not reported again as pointing at nothing.
    unreadable: frozenset = frozenset()
    # Held back by errors in their front matter (``Article.broken``), and notices by errors in their
    # keys (``Notice.broken``): never published nor shown, but their texts are checked (links,
    # images, HTML, claims' rules, anchors), so one run names every problem.
    held: tuple[Article, ...] = ()
    held_notices: tuple[Notice, ...] = ()

    @property
    def source_language(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def translation(self, lang: str, article_id: str) -> Article | None:
        """The translation of ``article_id`` into ``lang``, or None (also for the source language)."""
        return self._translations_by_key().get((lang, article_id))

    def translations_of(self, article_id: str) -> tuple[Article, ...]:
        """Every loaded translation of one article, in the order of languages.yml."""
        return self._translations_by_id().get(article_id, ())

    def in_language(self, lang: str) -> tuple[Article, ...]:
        """The source articles for the source language, else that language's translations."""
        if lang == self.source_language.code:
            return self.articles
        return tuple(t for t in self.translations if t.lang == lang)

    def published_in(self, lang: str, at: dt.datetime) -> tuple[Article, ...]:
        """What is on the site in ``lang`` at ``at``: for a translation, its source is published
        then and the translation is not a draft (both decided by ``Article.is_published``)."""
        return tuple(a for a in self.in_language(lang) if a.is_published(at))

    # Lookups a build makes once per page: dicts made on first use, so a site stays linear in pages.
    def _translations_by_key(self) -> dict[tuple[str, str], Article]:
        cached = self.__dict__.get("_by_key")
        if cached is None:
            cached = {(t.lang, t.id): t for t in self.translations}
            object.__setattr__(self, "_by_key", cached)
        return cached

    def _translations_by_id(self) -> dict[str, tuple[Article, ...]]:
        cached = self.__dict__.get("_by_id")
        if cached is None:
            order = {lang.code: i for i, lang in enumerate(self.languages)}
            grouped: dict[str, list[Article]] = {}
            for t in sorted(self.translations, key=lambda t: order.get(t.lang, len(order))):
                grouped.setdefault(t.id, []).append(t)
            cached = {article_id: tuple(found) for article_id, found in grouped.items()}
            object.__setattr__(self, "_by_id", cached)
        return cached

    @property
    def checked_articles(self) -> tuple[Article, ...]:
        """The source articles whose text is checked: the loaded ones, then the held ones."""
        return (*self.articles, *self.held)

    @property
    def synonyms_path(self) -> Path:
        return self.root / "synonyms.yml"

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def published(self, at: dt.datetime) -> tuple[Article, ...]:
        """The articles on the public site at ``at``: public and inside their window."""
        return tuple(a for a in self.articles if a.is_published(at))


def article_files(root: Path) -> list[Path]:
    return sorted((root / "articles").rglob("*.md"))


def load_content(root: Path | str, problems: Problems, *, cache: dict | None = None) -> Content:
    """``cache`` (a dict kept by the caller, e.g. ``serve --watch``) remembers articles parsed
    without any problem by file path, modification time and size, so an unchanged file is not
    parsed again; the checks across files always run on every article."""
    root = Path(root)
    if not (root / "articles").is_dir():
        problems.error(root, None, None, "expected a content folder with an articles/ folder inside, found none")
        return Content(root, (), ())
    languages = load_languages(root, problems)
    articles, held, unreadable = [], [], set()
    for path in article_files(root):
        article = _load_article(path, problems, cache, root)
        if article is None or article.broken:
            unreadable |= {path.resolve(), *_ids_of_unreadable(path)}
        if article is not None:
            (held if article.broken else articles).append(article)
    if languages[0].code != "en":
        articles = [dataclasses.replace(a, lang=languages[0].code) for a in articles]
        held = [dataclasses.replace(a, lang=languages[0].code) for a in held]
    _check_ids([*articles, *(a for a in held if "id" not in a.broken)], problems, languages)
    _check_claim_anchors([*articles, *held], problems)
    translations = load_translations(root, languages, articles, problems, unreadable=unreadable)
    notices, held_notices = read_notices(root / "notices.yml", problems, root, tuple(lang.code for lang in languages))
    _check_placeholders([*articles, *held], [*notices, *held_notices], root / "notices.yml", problems)
    return Content(root, tuple(articles), notices, languages, translations, frozenset(unreadable),
                   tuple(held), held_notices)


_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*$", re.M)


def _ids_of_unreadable(path: Path) -> set[str]:
    """The ids an article file that could not be loaded (or is held back) would most likely have:
    its name, and the ``id:`` line of its front matter when one can be read."""
    ids = {path.stem}
    try:
        found = _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
    except OSError:
        return ids
    if found:
        ids.add(found.group(1))
    return ids


def _load_article(path: Path, problems: Problems, cache: dict | None, root: Path) -> Article | None:
    if cache is None:
        return load_article(path, problems, root)
    try:
        st = path.stat()
    except OSError:  # a dangling link: load_article reports it
        return load_article(path, problems, root)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = cache.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    found = Problems()
    article = load_article(path, found, root)
    problems.extend(found)
    if article is not None and not found.items:
        cache[path] = (stamp, article)
    else:
        cache.pop(path, None)
    return article


def _check_ids(articles: list[Article], problems: Problems, languages=DEFAULT_LANGUAGES) -> None:
    owner: dict[str, Article] = {}
    prefixes = {lang.code for lang in languages[1:]}
    for article in articles:
        if article.id in prefixes:
            problems.error(article.source, article.key_lines.get(("id",)), "id",
                           f"'{article.id}' is the code of a language of languages.yml: /{article.id}/ is that "
                           "language's home page; choose another id")
        owner.setdefault(article.id, article)
    # Every file of a shared id is named (which one is the copy is the editor's call), each naming
    # the others as the editor would type them.
    sharing: dict[str, list[Article]] = {}
    for article in articles:
        sharing.setdefault(article.id, []).append(article)
    for article in articles:
        others = [display_path(a.source) for a in sharing[article.id] if a is not article]
        if others:
            problems.error(article.source, article.key_lines.get(("id",)), "id",
                           f"'{article.id}' is also the id of {', '.join(others)}; ids must be unique")
    for article in articles:
        for index, old in enumerate(article.redirect_from):
            line = article.key_lines.get(("redirect_from", index)) or article.key_lines.get(("redirect_from",))
            if old in owner and owner[old] is not article:
                problems.error(article.source, line, "redirect_from",
                               f"'{old}' is the id of {owner[old].source}; a redirect cannot replace a live article")
            elif old in owner:
                problems.error(article.source, line, "redirect_from", f"'{old}' is this article's own id")


def _check_claim_anchors(articles: list[Article], problems: Problems) -> None:
    for article in articles:
        seen = set()
        for index, claim in enumerate(article.claims):
            if claim.id in seen:
                problems.error(article.source, claim.line, f"claims[{index}].id", f"'{claim.id}' is used twice in this article")
            seen.add(claim.id)
            if not article.section(claim.anchor):
                problems.error(article.source, claim.line, f"claims[{index}].anchor",
                               f"expected the anchor of a ## heading of this article, got '{claim.anchor}'")


def _check_placeholders(articles, notices, notices_file, problems: Problems) -> None:
    """The skeletons' placeholder sentences must be gone once an article or notice is not a draft."""
    said = "still holds the placeholder text of `helpcenter new`; write your own (or keep draft: true)"
    for article in articles:
        if article.draft:
            continue
        for key in ("title", "summary"):
            if any(p in getattr(article, key) for p in PLACEHOLDERS.values()):
                problems.error(article.source, article.key_lines.get((key,)), key, said)
        lines = article.body.split("\n")
        for offset, line in enumerate(lines):
            if any(p[:40] in line for p in PLACEHOLDERS.values()):
                problems.error(article.source, article.body_line + offset, "body", said)
    for notice in notices:
        if not notice.draft and any(p in notice.message for p in PLACEHOLDERS.values()):
            problems.error(notices_file, notice.message_line, f"{notice.id}.message", said)
        for code, message in notice.translations:
            if not notice.draft and any(p in message for p in PLACEHOLDERS.values()):
                problems.error(notices_file, dict(notice.translation_lines).get(code), f"{notice.id}.translations.{code}",
                               said)


# Pages the build adds next to the articles: a site URL may point at them.
GENERATED_PAGES = ("rules", "verified-answers", "categories", "search", "assets")
# Images are files of content/images/, linked by their site path /images/<path>: the same in every
# language, copied into the site with the pages that show them (publish.docs_tree).
IMAGES_DIR = "images"
# Not SVG: an SVG file can hold a script that runs when it is opened on its own.
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP", ".avif": "AVIF"}


def image_files(root: Path) -> list[str]:
    """The images of ``root``/images/, as their site paths (/images/...), sorted."""
    folder = root / IMAGES_DIR
    return sorted(f"/{IMAGES_DIR}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in IMAGE_TYPES) if folder.is_dir() else []


def image_path(target: str) -> str:
    """The file path an address names, without its query or anchor, decoded ("get%20paid.png" is the
    file "get paid.png")."""
    return unquote(target.split("#")[0].split("?")[0])


def images_of(article: Article) -> set[str]:
    """The /images/ paths an article shows or links to, in any form (what the build copies beside
    its page, and what a body edit that changes takes the full build for)."""
    return {path for path in map(image_path, (link.target for link in article.links))
            if path.startswith(f"/{IMAGES_DIR}/")}


def image_problem(root: Path, target: str, alt: str | None, images=None) -> str | None:
    """What is wrong with an image (``alt`` its alternative text; None for a link to an image) whose
    address is ``target``, in the editor's words, else None. ``images``: ``image_files(root)``.

    >>> import tempfile; root = Path(tempfile.mkdtemp()); (root / "images").mkdir()
    >>> _ = (root / "images" / "paypal.png").write_bytes(b"png")
    >>> image_problem(root, "/images/paypal.png", "The PayPal settings"), image_problem(root, "/images/paypal.png", None)
    (None, None)
    >>> image_problem(root, "img/paypal.png", "x")
    'link an image by its path under content/images/: /images/NAME (did you mean /images/paypal.png?)'
    >>> image_problem(root, "/images/paypall.png", "x")
    'expected an image at content/images/paypall.png, found none (did you mean /images/paypal.png?)'
    >>> image_problem(root, "https://cdn.example.com/a.png", "x")
    'the help center loads nothing from other hosts: save the image in content/images/ and link it as /images/NAME'
    >>> image_problem(root, "/images/paypal.png", " ")
    'describe what the image shows in its text, ![like this](/images/paypal.png): screen readers read it out, and it stands in when the image does not load'
    """
    path = image_path(target)
    if target.lower().startswith("data:"):
        return f"an image written into the page (data:) is not allowed: save it in content/{IMAGES_DIR}/ and link it as /{IMAGES_DIR}/NAME"
    if re.match(r"^[A-Za-z]:[\\/]", target) or target.startswith("\\"):  # C:\Users\... on the editor's computer
        return f"link an image by its path under content/{IMAGES_DIR}/: /{IMAGES_DIR}/NAME, not a path on your computer"
    if target.startswith("<") or re.search(r"\s", target.strip()):
        return (f"an image's address cannot hold a space: rename the file with '-' for each space "
                f"(/{IMAGES_DIR}/{quote(path.strip('<> ').rsplit('/', 1)[-1].replace(' ', '-'))})")
    if SCHEME.match(target) or target.startswith("//"):
        return (f"the help center loads nothing from other hosts: save the image in content/{IMAGES_DIR}/ and "
                f"link it as /{IMAGES_DIR}/NAME")
    images = image_files(root) if images is None else images
    prefix = f"/{IMAGES_DIR}/"
    if not path.startswith(prefix):
        named = [i for i in images if i.rsplit("/", 1)[-1] == path.rsplit("/", 1)[-1]]
        return (f"link an image by its path under content/{IMAGES_DIR}/: /{IMAGES_DIR}/NAME"
                + (f" (did you mean {named[0]}?)" if named else ""))
    relative = path[len(prefix):]
    if not relative or ".." in relative.split("/"):
        return f"expected the path of an image under content/{IMAGES_DIR}/, like /{IMAGES_DIR}/NAME.png, got {target}"
    kind = IMAGE_TYPES.get(Path(relative).suffix.lower())
    if kind is None:
        hint = closest(path, images)
        return (f"expected a {', '.join(dict.fromkeys(IMAGE_TYPES.values()))} image, got "
                f"{Path(relative).suffix or 'a file without an extension'}" + (f" (did you mean {quote(hint)}?)" if hint else ""))
    if path not in images:
        hint = closest(path, images)
        return (f"expected an image at content/{IMAGES_DIR}/{relative}, found none"
                + (f" (did you mean {quote(hint)}?)" if hint else ""))
    folder = (root / IMAGES_DIR).resolve()
    if not (root / IMAGES_DIR / relative).resolve().is_relative_to(folder):
        return (f"content/{IMAGES_DIR}/{relative} is a link to a file outside content/{IMAGES_DIR}/: copy the image "
                "itself there")
    if alt is not None and not alt.strip():
        return (f"describe what the image shows in its text, ![like this]({target}): screen readers read it "
                "out, and it stands in when the image does not load")
    return None


def check_links(content: Content, problems: Problems, at: dt.datetime) -> None:
    """Every internal link of articles and notices, against what is published at ``at``.

    Errors: a missing article (with a did-you-mean), a missing anchor, a link to a former id, a
    public article linking to an internal or draft one, and a link shown at ``at`` whose target is
    not published then (outside its window): readers would meet a 404. Images: ``image_problem``.

    The held articles and notices (``Content.held``) are checked too, as far as their keys in error
    allow: whether one is public or shown at ``at`` is judged only when the keys deciding it are
    valid. A link to a held article is checked for its anchor, not for being published (that waits
    for its front matter).
    """
    by_path = {a.source.resolve(): a for a in (*content.articles, *content.held, *content.translations)}
    by_id = content.by_id()
    held_by_id = {a.id: a for a in content.held if "id" not in a.broken}
    former = {old: a for a in content.articles for old in a.redirect_from}
    prefixes = {lang.code: lang for lang in content.languages[1:]}

    def target_of(link, report):
        if link.path is not None:
            target = by_path.get(link.path.resolve())
            if target is None and link.path.resolve() in content.unreadable:
                return None  # its own errors are reported
            if target is None:
                what = "an article file" if link.path.suffix == ".md" else "a link to an article's .md file"
                report(f"expected {what} at {link.target}, found none")
            return target
        if link.site_id is None:
            return None
        if link.site_id == IMAGES_DIR:  # a link to an image (a file of content/images/)
            said = image_problem(content.root, link.target, None, images)
            if said:
                report(said)
            return None
        if link.site_id in prefixes:  # /es/, /es/<id>/, /es/categories/...
            site = resolve_site_url(link.target)
            page = (site[1] if site else "").split("/")[0]
            if not page or page in GENERATED_PAGES:
                return None
            if page in content.unreadable:
                return None
            if page in by_id:
                target = content.translation(link.site_id, page)
                if target is None:
                    report(f"{link.target}: {page} has no {prefixes[link.site_id].name} translation; "
                           f"link to {by_id[page].url} instead")
                return target
            hint = closest(page, list(by_id))
            report(f"{link.target}: {page} is not an article of this help center"
                   + (f" (did you mean /{link.site_id}/{hint}/?)" if hint else ""))
            return None
        if link.site_id in by_id:
            return by_id[link.site_id]
        if link.site_id in held_by_id:
            return held_by_id[link.site_id]
        if link.site_id in content.unreadable:
            return None
        if link.site_id in former:
            report(f"{link.target} is a former id of {former[link.site_id].id}; link to "
                   f"{former[link.site_id].url} instead")
        elif link.site_id not in GENERATED_PAGES:
            hint = closest(link.site_id, list(by_id))
            report(f"{link.target} is not an article of this help center"
                   + (f" (did you mean /{hint}/?)" if hint else ""))
        return None

    def check(link, source_public, source_live, own, report, noun="article"):
        target = target_of(link, report)
        if target is None:
            if link.path is None and link.site_id is None and link.anchor and own is not None \
                    and not own.section(link.anchor):
                report(f"expected #{link.anchor} to be an anchor of this article, found no such ## heading")
            return
        if link.anchor and not target.section(link.anchor):
            report(f"expected #{link.anchor} to be an anchor of {target.id}, found no such ## heading")
        if target.broken:
            return
        if source_public and target.visibility != "public":
            report(f"a public {noun} cannot link to the internal article {target.id}")
        elif source_public and target.draft:
            report(f"links to the draft {target.id}, which is never published")
        elif source_live and not target.is_published(at):
            report(f"links to {target.id}, which is not published at {at:%Y-%m-%d %H:%M} UTC "
                   f"(its window: {target.window})")

    images = image_files(content.root)
    for article in (*content.checked_articles, *content.translations):
        if article.draft:  # work in progress: its links are checked once it is not a draft
            continue
        public, live = article.is_public, article.is_published(at)
        if article.broken:  # held back: judged only on what its valid keys say
            public = article.meant_public and not {"visibility", "draft"} & article.broken
            live = public and article.window.contains(at) and not {"valid_from", "valid_until"} & article.broken
        for link in article.links:
            if link.image:
                said = image_problem(content.root, link.target, link.text, images)
                if said:
                    problems.error(article.source, link.line, "body", said)
                continue
            if link.form == "html" and link.path is not None:  # the build rewrites Markdown links only
                problems.error(article.source, link.line, "body",
                               f'<a href="{link.target}">: link to an article in Markdown, [text]({link.target}), '
                               "or in HTML by its site URL, like /end-a-contract/")
                continue
            check(link, public, live, article,
                  lambda message, link=link, article=article: problems.error(article.source, link.line, "body", message))
    notices_file = content.root / "notices.yml"
    for notice in (*content.notices, *content.held_notices):
        if notice.draft:
            continue
        shown = notice.shown_at(at)
        if notice.broken:  # held back: shown at ``at`` only if its valid keys say so
            shown = notice.window.contains(at) and not {"start", "end", "draft"} & notice.broken
        for key, message, line in notice.texts():
            report = (lambda said, key=key, line=line: problems.error(notices_file, line, key, said))
            for match in LINK.finditer(message):
                target = match.group("target")
                if SCHEME.match(target):
                    continue
                if not target.startswith("/"):
                    if not target.startswith("#"):
                        report(f"{target}: link to an article by its site URL, like /end-a-contract/")
                    continue
                check(resolve_site_link(target), True, shown, None, report, "notice")


def resolve_site_link(target: str):
    site = resolve_site_url(target)
    return Link(0, "", target, None, site[2] if site else None, site[0] if site else None)
