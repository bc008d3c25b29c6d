"""The build, step by step: validate, prove, select, render, index, audit, release.

Every step works in a staging folder; only a build that passed every step is swapped in.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import search
from core.content import Content, check_links, load_content
from core.problems import ContentError, Problems
from core.notices import visible_notices
from core.targeting import Visitor, iso, now, to_moment
import answers
import rules_engine
from publish import answers_pages
from publish import html_policy
from publish.audit import Traces, audit_output
from publish.docs_tree import write_docs_tree
from publish.finishing import finish_files, finish_site
from publish.languages import SiteLanguages
from publish.mkdocs_site import SiteError, render_site
from publish.redirects import write_redirect_pages
from publish import release as release_module
from publish.release import Releases
from publish.site_files import write_favicon_ico, write_robots_txt
from publish.translated_site import render_translations

from . import popular as popular_step
from .background import Background
from . import public_url as public_url_setting
from .progress import Progress

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("output")
CONFIG_FILE = "mkdocs.yml"


def find_project(start: Path | None = None) -> Path | None:
    """The help-center project holding ``start`` (default: the working directory): the nearest
    folder, walking up, with an mkdocs.yml next to a content/ folder, as MkDocs finds its config."""
    start = Path(start or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / DEFAULT_CONTENT).is_dir():
            return folder
    return None


def is_project_content(content_dir: Path) -> bool:
    """Whether ``content_dir`` is a project's own content/ folder (not a test or preview tree)."""
    content_dir = Path(content_dir).absolute()
    return content_dir.name == DEFAULT_CONTENT.name and (content_dir.parent / CONFIG_FILE).is_file()


class BuildError(Exception):
    """A build step failed; the previous release is untouched."""


@dataclass
class BuildResult:
    release: Path
    at: dt.datetime
    published: list[str]
    warnings: list[str] = field(default_factory=list)
    public_url: public_url_setting.PublicUrl | None = None
    content: Content | None = field(default=None, repr=False, compare=False)  # what was built (serve --watch)


def validate(content_dir: Path, at: dt.datetime | None = None) -> tuple[Content, Problems]:
    """Load and check all content (articles, notices, synonyms, cited rules), links as published
    at ``at`` (default: now); the caller decides whether warnings fail (``problems.failed(strict)``)."""
    content, problems, _ = validate_and_prove(content_dir, at)
    return content, problems


def validate_and_prove(content_dir: Path, at: dt.datetime | None = None, *, article_cache: dict | None = None
                       ) -> tuple[Content, Problems, answers.Verification]:
    """Load and check all content, links as published at ``at`` (default: now); the rules' examples
    run here, once, and prove the claims. ``article_cache``: see ``core.content.load_content``
    (``serve --watch`` keeps one)."""
    content, problems, verification, _ = _validate(content_dir, at, article_cache, later=False)
    return content, problems, verification


class PendingHtmlCheck:
    """The HTML policy of a large build, checked by a second process while the site renders (a
    thousand bodies rendered with Markdown once more: ~0.7 s); ``problems()`` waits for it and
    gives every problem of the run in the usual order (loading and links, the HTML policy, the
    rest). The build takes it before releasing, so a body the policy refuses is never released."""

    def __init__(self, bodies, before: Problems, rest: Problems):
        self.bodies, self.before, self.rest = bodies, before, rest
        self.job = Background(html_policy.findings_of, [a.body for a in bodies])

    def problems(self) -> Problems:
        problems = Problems()
        problems.extend(self.before)
        for article, findings in zip(self.bodies, self.job.result()):
            html_policy.report(article.source, article.body_line, findings, problems)
        problems.extend(self.rest)
        return problems


PARALLEL_HTML_CHECK = 300  # bodies from which a build checks the HTML policy while it renders


def _validate(content_dir: Path, at, article_cache, *, later: bool):
    """``validate_and_prove``; with ``later`` (the full build) and many bodies (and no memory of
    earlier runs, as serve --watch has), the HTML policy is left to a ``PendingHtmlCheck``: the
    problems returned are then those of every other check."""
    problems = Problems()
    content = load_content(content_dir, problems, cache=article_cache)
    check_links(content, problems, at or now())
    bodies = (*content.checked_articles, *content.translations)  # held articles' bodies too
    pending = None
    if later and article_cache is None and len(bodies) >= PARALLEL_HTML_CHECK:
        pending = PendingHtmlCheck(bodies, problems, Problems())
        rest = pending.rest
    else:
        html_policy.check_articles(bodies, problems)
        rest = problems
    try:
        synonyms = search.load_synonyms(content.synonyms_path, rest, [lang.code for lang in content.languages])
        search.check_collisions(synonyms, content.articles, content.synonyms_path, rest)
        verification = answers.prove(content, rest)
        popular_step.editor_picks(content, rest)
    except BaseException:
        if pending is not None:
            pending.job.stop()
        raise
    if pending is not None:
        problems = Problems()
        problems.extend(pending.before)
        problems.extend(pending.rest)
    return content, problems, verification, pending


def public_url(site_url: str | None = None) -> str | None:
    """The configured public URL (``site_url``, ``$HELPCENTER_PUBLIC_URL``, mkdocs.yml), else None.

    For links outside the site (the report); the build itself falls back to a local address.
    """
    chosen = public_url_setting.resolve(site_url)
    return chosen.url if chosen.configured else None


def synonym_groups(content: Content) -> list[tuple[str, ...]]:
    """The synonym lines as plain phrases: articles whose keywords are synonyms are related."""
    synonyms = search.load_synonyms(content.synonyms_path, Problems())
    return [tuple(v.text for v in (*g.sources, *g.targets)) for g in synonyms.groups]


def build(
    content_dir: Path = DEFAULT_CONTENT,
    out_dir: Path = DEFAULT_OUT,
    *,
    at: dt.datetime | None = None,
    strict: bool = False,
    site_url: str | None = None,
    default_site_url: str = public_url_setting.LOCAL_DEFAULT,
    progress: Progress | None = None,
    only=None,
    record_answers: bool | None = None,
    popular_from_analytics: bool = False,
    database_url: str | None = None,
    article_cache: dict | None = None,
) -> BuildResult:
    """``only(article)``, when given, narrows the published articles (a preview as one visitor).

    ``popular_from_analytics`` ranks the home page's popular articles by search clicks (the
    feedback store of ``out_dir`` or ``database_url``) before the editors' picks.

    ``site_url`` is the public URL (else ``$HELPCENTER_PUBLIC_URL``, mkdocs.yml, ``default_site_url``;
    see ``helpcenter.public_url``); ``BuildResult.public_url`` says which one was used.

    ``record_answers`` adds newly published answer ids to the content tree's answers ledger after
    the release; by default only for a full (not preview) build of a project's content/ folder.
    Relative paths are taken from the working directory, never from where the package is installed.
    """
    at = at or now()
    progress = progress or Progress(7)
    content_dir, out_dir = Path(content_dir).absolute(), Path(out_dir).absolute()
    try:
        public = public_url_setting.resolve(site_url, default=default_site_url)
    except ValueError as e:
        raise BuildError(str(e)) from None

    progress.step(f"Validating {content_dir}")
    content, problems, verification, html_check = _validate(content_dir, at, article_cache, later=True)
    if html_check is not None and problems.failed(strict):
        problems = html_check.problems()  # every problem of the run, now
    if problems.failed(strict):
        raise ContentError(problems, strict)
    warnings = [str(p) for p in problems.warnings]
    progress.detail(f"{len(content.articles)} articles, {len(content.notices)} notices")

    progress.step("Proving claims with rules_engine")
    progress.detail(verification.summary())

    progress.step(f"Selecting what is published at {iso(at)}")
    published = content.published(at)
    live = {a.id for a in published}
    unpublished = [a for a in content.articles if a.id not in live]  # by id: linear at 5,000 articles
    progress.detail(f"{len(published)} published, {len(unpublished)} internal or outside their window")
    if only is not None:
        published = tuple(a for a in published if only(a))
        progress.detail(f"{len(published)} kept for this preview")

    popular = popular_step.editor_picks(content, Problems())
    if popular_from_analytics:
        try:
            clicked = popular_step.analytics_clicks(out_dir, now=at, database_url=database_url)
        except BaseException:
            if html_check is not None:
                html_check.job.stop()
            raise
        popular = popular_step.popular_articles(popular, clicked)
        progress.detail(f"{len(clicked)} articles clicked in search over the last {popular_step.ANALYTICS_DAYS} days")

    releases = Releases(out_dir)
    previous = releases.current()
    previous_site = (previous / "site") if previous else None
    site = SiteLanguages.plan(content, published, at, public.url)
    revisions = source_revisions(content, published, previous, at)
    site.source_changed = changed_moments(revisions)
    traces = Traces.of(unpublished, **site.audit())
    pages = len(published) + sum(len(site.articles[lang.code]) for lang in site.others)
    with staged(releases) as stage, (html_check.job if html_check else nullcontext()), Background(
        # The index needs nothing from the site: a second process builds it while MkDocs renders.
        search.build_indexes, published_by_language(content, published, at), stage, previous=previous,
    ) as indexing, (Background.fed(finish_files, stage / "site", previous_site, traces if traces.needles else None)
                    if pages >= FINISH_WHILE_RENDERING else nullcontext()) as finishing:
        # A large site's pages are gzipped and audited by another process as MkDocs writes them.
        written = finishing.put if finishing is not None else None
        progress.step("Rendering the site with MkDocs Material (the search index is built meanwhile)")
        progress.detail(f"{pages:,} article pages in {len(site.languages)} "
                        f"{'language' if len(site.languages) == 1 else 'languages'}, with the home and category pages")
        rendered = progress.ticker("pages rendered")
        base = public.url  # absolute links in answers
        public_answers = [a.to_dict(base) for a in verification.public_answers(published)]
        section_answers = lambda article, anchor: [a.to_dict(base) for a in verification.verified_in(article, anchor)]  # noqa: E731
        extra = theme_extra(content, published, site, at)
        with scratch(stage) as docs_dir:
            docs = write_docs_tree(
                content,
                published,
                docs_dir,
                section_answers=section_answers,
                extra_pages=answers_pages.pages(public_answers, _rules_for_page(verification)),
                synonym_groups=synonym_groups(content),
                popular=popular,
                site=site,
            )
            warnings += docs.warnings
            favicon = render_site(docs, stage / "site", site_url=public.url, extra=extra, site=site, written=written,
                                  rendered=rendered)
        warnings += render_translations(content, published, docs, site, stage / "site", stage, section_answers=section_answers,
                                        extra=extra, progress=progress.detail, written=written, rendered=rendered)
        write_fallback_indexes(stage / "site", content, site)
        if finishing is not None:  # the client search indexes, complete now (3 MB at 1,000 articles)
            for lang in site.languages:
                finishing.put(str(stage / "site" / lang.prefix / "search" / "search_index.json"))
            finishing.end()  # it finishes the last files while the rest is written here
        write_redirect_pages(stage / "site", published)
        write_robots_txt(stage / "site", public.url, tuple(lang.prefix for lang in site.languages))
        write_favicon_ico(stage / "site", favicon)
        progress.detail(f"public URL {public.url} (from {public.source})")

        if html_check is not None:  # the HTML policy, checked meanwhile: nothing it refuses is released
            problems = html_check.problems()
            if problems.failed(strict):
                raise ContentError(problems, strict)
        progress.step("Finishing the search index (built alongside the rendering)")
        # Its progress lines wait in the pipe while MkDocs renders: those of an index already
        # finished are old news (its summary below says how long it took); a slower one's are shown.
        waiting = time.perf_counter()
        stats = indexing.result(lambda line: progress.detail(line) if time.perf_counter() - waiting > 0.2 else None)
        if content.synonyms_path.exists():  # searched with this release's synonyms, whatever changes later
            shutil.copyfile(content.synonyms_path, stage / "synonyms.yml")
        for lang, language_stats in stats.items():
            progress.detail(f"{lang}: {language_stats}" if len(stats) > 1 else str(language_stats))

        progress.step("Auditing the output for unpublished articles")
        _write_manifest(stage, content, published, at, site)
        write_source_revisions(stage, revisions)
        answers_pages.write_answers_json(stage / "site", public_answers,
                                         translated_answers(content, site, public_answers, at, base))
        # The last change to site/: gzip copies of its text files (those not made meanwhile),
        # audited like the rest.
        finished = finishing.result() if finishing is not None else None
        progress.detail(str(finish_site(stage / "site", previous_site, finished)))
        audit_release(stage, published, unpublished, site, checked=finished.checked if finished else None)

        progress.step("Releasing")
        release = releases.promote(stage)
    if record_answers is None:  # a preview publishes nothing; tests build their own trees
        record_answers = only is None and is_project_content(content_dir)
    if record_answers:
        answers.update_ledger(content, verification.public_answers(published))
    progress.done(f"Built {len(published)} articles into {release} (current: {out_dir / 'current'})")
    return BuildResult(release, at, [a.id for a in published], warnings, public, content)


def write_fallback_indexes(site_dir: Path, content: Content, site: SiteLanguages) -> None:
    """Every language's client search index (Material's ``search/search_index.json``, the site's
    search box when no API answers) knows its published articles' keywords and the synonyms of
    that language, as the English one does."""
    synonyms = search.site_synonyms(content.synonyms_path)
    for language in site.languages:
        search.write_fallback_index(site_dir / language.prefix, tuple(site.articles[language.code].values()),
                                    synonyms.for_language(language.code))


SOURCE_REVISIONS = "source-revisions.json"  # in each release, next to build.json


def source_revisions(content: Content, published, previous: Path | None, at: dt.datetime) -> dict[str, dict]:
    """For each published source article that has a translation: its current revision
    (``core.translations.source_revision``) and ``changed``, when a build first published that
    text (ISO, the build's moment ``at``), carried from the ``previous`` release while the revision
    stays the same. ``changed`` is null while no build of this output folder has seen the text
    change: the first build knows no earlier text, so it cannot say when the English changed."""
    before = {}
    if previous is not None:
        try:
            before = json.loads((previous / SOURCE_REVISIONS).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a release made before the record was kept
            before = {}
    live = {a.id for a in published}
    record: dict[str, dict] = {}
    for translation in content.translations:
        source_id, revision = translation.id, translation.translation.current_revision
        if source_id not in live or source_id in record:
            continue
        old = before.get(source_id) if isinstance(before, dict) else None
        if not isinstance(old, dict):
            changed = None
        elif old.get("revision") == revision:
            changed = old.get("changed")
        else:
            changed = iso(at)
        record[source_id] = {"revision": revision, "changed": changed}
    return record


def changed_moments(record: dict[str, dict]) -> dict[str, dt.datetime]:
    """``SiteLanguages.source_changed`` from a ``source_revisions`` record: the known moments."""
    return {source_id: to_moment(entry["changed"]) for source_id, entry in record.items() if entry["changed"]}


def write_source_revisions(stage: Path, record: dict[str, dict]) -> None:
    (stage / SOURCE_REVISIONS).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def published_by_language(content: Content, published, at) -> dict[str, tuple]:
    """What each language's search index holds: ``published`` (the source articles of this build,
    perhaps narrowed to a preview) and, per other language, the translations of those of them
    that are published in it at ``at``."""
    live = {a.id for a in published}
    found = {content.source_language.code: tuple(published)}
    for lang in content.languages[1:]:
        found[lang.code] = tuple(a for a in content.published_in(lang.code, at) if a.id in live)
    return found


def theme_extra(content: Content, published, site: SiteLanguages, at) -> dict:
    """What the theme's templates read from ``config.extra`` besides what publish/mkdocs_site.py
    puts there: the articles with the "what happens if it ends?" form, and per language the HTML
    of the notices a visitor the site knows nothing about sees at the build moment
    (``hc_notice_room``). The banner lays those out invisibly while the real notices load, so that
    a first visit does not jump when they appear; which notices show is still decided when the
    page is viewed (assets/hc/notices.js), never by the build."""
    anonymous = visible_notices(content.notices, Visitor(), at)
    return {"hc_end_contract": end_contract_forms(published),
            "hc_notice_room": {lang.code: [n.html_in(lang.code) for n in anonymous] for lang in site.languages}}


def end_contract_forms(published) -> dict[str, str]:
    """The articles that carry the "what happens if it ends?" form, and whose side each is written for.

    Those that cite the rule every contract ending fires (``contract.end-any-time``): the ones
    about ending a contract. An article for clients only asks as the client.
    """
    forms = {}
    for article in published:
        if any(claim.rule == "contract.end-any-time" for claim in article.claims):
            audience = answers.claims.audience_of(article)
            forms[article.id] = "client" if audience == ["client"] else "freelancer"
    return forms


def _rules_for_page(verification: answers.Verification) -> list[dict]:
    return [{**rule.to_dict(), "passing": verification.rule_passed(rule_id)}
            for rule_id, rule in rules_engine.RULES.items()]


FINISH_WHILE_RENDERING = 300  # pages from which another process gzips and audits them as they are written


SCRATCH_ROOT = Path("/dev/shm")  # memory-backed on Linux


@contextmanager
def scratch(stage: Path):
    """A folder for the MkDocs docs tree, removed afterwards whatever happens: a thousand small
    files written once and read once, so in memory (``/dev/shm``) where the system offers it
    (creating a file on a busy disk costs ~0.3 ms), else in the stage."""
    root = SCRATCH_ROOT if SCRATCH_ROOT.is_dir() and os.access(SCRATCH_ROOT, os.W_OK) else stage
    for stale in root.glob("hc-docs-*"):  # left by a build that was killed
        pid = stale.name.split("-")[2]
        if pid.isdigit() and not release_module.alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"hc-docs-{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staged(releases: Releases):
    """A new release folder to build into; discarded when anything fails, so ``current`` never moves."""
    stage = releases.stage()
    try:
        yield stage
    except SiteError as e:
        releases.discard(stage)
        raise BuildError(str(e)) from None
    except BaseException:
        releases.discard(stage)
        raise


def translated_answers(content: Content, site: SiteLanguages, public_answers: list[dict], at: dt.datetime,
                       base: str) -> dict[str, list[dict]]:
    """Each other language's verified answers: those of ``public_answers`` on its published
    translations (``site/<lang>/verified-answers.json``, which the explain API links to)."""
    return {lang.code: answers.translated_answers(public_answers, content, lang.code, at, base) for lang in site.others}


def audit_release(stage: Path, published, unpublished, site: SiteLanguages | None = None, *,
                  audited: Path | None = None, checked: dict | None = None) -> None:
    """The last gate: no file of the staged release, and not its index, may hold an unpublished
    article (nor, with ``site``, a translation that is not published).

    ``audited``: a release that passed this audit for the same unpublished articles, whose files
    the stage shares as hard links (the watch fast path): those are not read again. ``checked``:
    the files audited while the site was written (``publish.finishing``), not read again either
    while they are as they were then."""
    findings = audit_output(stage, unpublished, audited=audited, checked=checked, **(site.audit() if site else {}))
    live = {a.id for a in published}
    for lang, index in search.language_indexes(stage).items():
        leaked = sorted(set(search.indexed_article_ids(index)) - live)
        findings += [f"{index.name}: holds unpublished article {i}" for i in leaked]
    if findings:
        raise BuildError("the output mentions unpublished articles:\n  " + "\n  ".join(findings))


def _write_manifest(stage: Path, content: Content, published, at, site: SiteLanguages | None = None) -> None:
    manifest = {
        "built_at": iso(now()),
        "as_of": iso(at),
        "articles": sorted(a.id for a in published),
        "redirects": {old: a.id for a in published for old in a.redirect_from},
        "languages": [lang.code for lang in content.languages],  # the API's lang= values, source first
        # The ids each other language's site (site/<lang>/) publishes.
        "translations": site.published_ids() if site else {},
    }
    (stage / "build.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    # Notices are decided at request time (their windows move between builds), so all of them ship.
    (stage / "notices.json").write_text(
        json.dumps([n.to_dict() for n in content.notices if not n.draft], indent=2) + "\n", encoding="utf-8"
    )
    # The site's copy, for notices.js when no API answers (static hosting): it decides the same way.
    (stage / "site" / "assets" / "hc").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(stage / "notices.json", stage / "site" / "assets" / "hc" / "notices.json")
