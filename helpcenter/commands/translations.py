"""helpcenter translations: which articles are translated, which translations are outdated and what
changed in their source; `new` writes a translation skeleton, `stamp` records the source revision."""
from __future__ import annotations

import json
import sys
import textwrap

import yaml

from core import languages as core_languages, schema, translations
from core.content import load_content
from core.problems import Problems, display_path
from . import options
from .new import yaml_lines
from .options import UsageError


def add_parser(sub):
    p = sub.add_parser(
        "translations", help="list missing, current and outdated translations; write and stamp translations",
        description="Per language: the public articles not translated yet, the translations that follow the "
                    "current source, and the outdated ones with what changed in the source since they were "
                    "stamped (title, summary, keywords, claims and sections: changed, added or removed, with a "
                    "short diff). `new` writes a translation skeleton; `stamp` records the source revision a "
                    "translation follows.")
    p.add_argument("--lang", metavar="CODE", help="only this language (default: every translation language)")
    p.add_argument("--json", action="store_true", help="print JSON")
    options.add_content(p)
    p.set_defaults(run=run_report)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    n = actions.add_parser(
        "new", help="write content/translations/<lang>/<id>.md from the source article",
        description="Write content/translations/LANG/ID.md: the source's title, summary, keywords, claims and "
                    "body to translate, `draft: true` (never published until that line is removed) and the "
                    "current source revision. An existing file is never replaced.")
    n.add_argument("lang", metavar="LANG", help="the language code, e.g. es")
    n.add_argument("id", metavar="ID", help="the source article's id, e.g. end-a-contract")
    options.add_content(n)
    n.add_argument("--print", action="store_true", help="print the skeleton instead of writing it")
    n.set_defaults(run=run_new)

    s = actions.add_parser(
        "stamp", help="record that translations follow the current source article",
        description="Write the current source revision into each translation's front matter (source_revision) "
                    "and record the source's text in content/translations/sources.yml, so a later change of the "
                    "source is listed as outdated with what changed. Run it after updating a translation.")
    s.add_argument("lang", metavar="LANG", help="the language code, e.g. es")
    s.add_argument("ids", nargs="+", metavar="ID", help="the translated articles' ids")
    options.add_content(s)
    s.set_defaults(run=run_stamp)


def target_language(content, code: str):
    """The configured translation language ``code``, or a UsageError saying which exist."""
    configured = [lang.code for lang in content.languages[1:]]
    if code == content.source_language.code:
        raise UsageError(f"{code} is the source language: its articles are in articles/; translation "
                         f"languages: {', '.join(configured) or 'none (add them to languages.yml)'}")
    if code not in configured:
        hint = core_languages.hint(code) or schema.did_you_mean(code, configured)
        raise UsageError(f"expected a translation language of languages.yml ({', '.join(configured) or 'none'}), "
                         f"got '{code}'{hint}")
    return content.language(code)


def source_article(content, article_id: str):
    by_id = content.by_id()
    if article_id not in by_id:
        raise UsageError(f"expected the id of an article, got '{article_id}'{schema.did_you_mean(article_id, by_id)}")
    return by_id[article_id]


# -- the report ----------------------------------------------------------------------------------

def report(content, codes) -> dict:
    public = [a for a in content.articles if a.is_public]
    result = {"source_language": content.source_language.code, "languages": []}
    for code in codes:
        language = content.language(code)
        done = {t.id: t for t in content.in_language(code)}
        entry = {"code": code, "name": language.name, "public_articles": len(public),
                 "counts": {}, "current": [], "outdated": [], "unstamped": [], "missing": []}
        for t in sorted(done.values(), key=lambda a: a.id):
            info = t.translation
            item = {"id": t.id, "title": t.title, "path": display_path(t.source), "url": t.url,
                    "source_revision": info.source_revision, "draft": t.draft}
            if info.status == translations.OUTDATED:
                item.update(current_revision=info.current_revision, changes_known=info.changes_known,
                            changes=[c.to_dict() for c in info.changes], _changes=info.changes)
            entry[info.status].append(item)
        entry["missing"] = [{"id": a.id, "title": a.title, "url": a.url} for a in sorted(public, key=lambda a: a.id)
                            if a.id not in done]
        entry["counts"] = {k: len(entry[k]) for k in ("current", "outdated", "unstamped", "missing")}
        result["languages"].append(entry)
    return result


def _ids(items, indent: str) -> list[str]:
    text = ", ".join(i["id"] + (" (draft)" if i.get("draft") else "") for i in items)
    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [indent + "none"]


def render(result: dict) -> str:
    out = []
    for entry in result["languages"]:
        c = entry["counts"]
        translated = c["current"] + c["outdated"] + c["unstamped"]
        out.append(f"{entry['code']} ({entry['name']}): {translated} translations of {entry['public_articles']} "
                   f"public articles: {c['current']} current, {c['outdated']} outdated, {c['unstamped']} unstamped, "
                   f"{c['missing']} missing")
        for item in entry["outdated"]:
            out.append(f"  outdated  {item['id']}  {item['path']}")
            out.append(f"            stamped {item['source_revision']}, source now {item['current_revision']}")
            if not item["changes_known"]:
                out.append(f"            what changed cannot be shown: {translations.FOLDER}/{translations.LEDGER} "
                           f"has no copy of {item['source_revision']}")
            elif not item["_changes"]:
                out.append("            only whitespace changed")
            for change in item["_changes"]:
                out.append(f"            {change.kind:<8} {change.label}")
                out += [f"                {line}" for line in change.diff()]
            out.append(f"            when updated: helpcenter translations stamp {entry['code']} {item['id']}")
        for item in entry["unstamped"]:
            out.append(f"  unstamped {item['id']}  {item['path']}: run helpcenter translations stamp "
                       f"{entry['code']} {item['id']}")
        out.append("  current:")
        out += _ids(entry["current"], "    ")
        out.append("  missing:")
        out += _ids(entry["missing"], "    ")
    return "\n".join(out)


def run_report(args):
    problems = Problems()
    content = load_content(args.content, problems)
    codes = [target_language(content, args.lang).code] if args.lang else [lang.code for lang in content.languages[1:]]
    result = report(content, codes)
    if args.json:
        for entry in result["languages"]:
            for item in entry["outdated"]:
                item.pop("_changes")
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif not codes:
        print("No translation languages: add them to languages.yml (see content/README.md).")
    else:
        print(render(result))
    if problems.errors:
        print(f"{len(problems.errors)} errors in the content (run `helpcenter check`): files with errors may be "
              "missing from this list", file=sys.stderr)
        return 1
    return 0


# -- new and stamp -------------------------------------------------------------------------------

def skeleton(source, language, revision: str, source_language, root) -> str:
    try:
        source_file = source.source.relative_to(root).as_posix()
    except ValueError:
        source_file = display_path(source.source)
    intro = [
        "---",
        f"# A translation of {source_file} ({source_language.name}) into {language.name} ({language.code}).",
        "# Translate the title, summary, keywords, the claims' text and the text below. Keep translation_of,",
        "# the claims' ids and every '## Heading {#anchor}' anchor as they are. Audience, countries, account",
        "# types, dates, visibility and category come from the source article: change them there.",
        f"# When it is ready, delete `draft: true`, then run `helpcenter translations stamp {language.code} {source.id}`.",
        "",
    ]
    fields = [
        ("translation_of", "The source article's id (the file is named after it).", source.id),
        ("source_revision", "The source revision this translation follows: written by `helpcenter translations stamp`,\n"
                            "never typed. `helpcenter translations` lists what changed in the source since.", revision),
        ("title", "Page title, translated (plain text).", source.title),
        ("summary", "One or two sentences under the title and in search results, translated.", source.summary),
        ("keywords", "Search terms in this language: how readers would ask for it.", list(source.keywords)),
    ]
    lines = intro + yaml_lines(fields)
    if source.claims:
        lines.append("# One entry per claim of the source: its id, and its text translated.")
        claims = [{"id": c.id, "text": c.text} for c in source.claims]
        lines += ["claims:"] + ["  " + line for line in yaml.safe_dump(
            claims, default_flow_style=False, allow_unicode=True, sort_keys=False, width=10_000).rstrip("\n").split("\n")]
    lines += yaml_lines([("draft", "A draft is never published. Delete this line when the translation is ready.", True)])
    return "\n".join(lines + ["---"]) + "\n" + source.body.lstrip("\n")


def run_new(args):
    problems = Problems()
    content = load_content(args.content, problems)
    language = target_language(content, args.lang)
    source = source_article(content, args.id)
    revision = translations.source_revision(source)
    text = skeleton(source, language, revision, content.source_language, content.root)
    if args.print:
        print(text, end="")
        return 0
    existing = content.translation(language.code, source.id)
    path = args.content / translations.FOLDER / language.code / f"{source.id}.md"
    if existing is not None or path.exists():
        where = display_path(existing.source if existing is not None else path)
        raise UsageError(f"{where} already exists; edit it (and stamp it with `helpcenter translations stamp "
                         f"{language.code} {source.id}`) instead")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    translations.write_ledger(args.content, content.by_id())
    print(f"Wrote {display_path(path)} as a draft, stamped against {source.id} revision {revision}: translate it, "
          f"delete `draft: true`, then run `helpcenter translations stamp {language.code} {source.id}`.",
          file=sys.stderr)
    return 0


def run_stamp(args):
    problems = Problems()
    content = load_content(args.content, problems)
    language = target_language(content, args.lang)
    folder = args.content / translations.FOLDER / language.code
    stamped = []
    for article_id in dict.fromkeys(args.ids):
        source = source_article(content, article_id)
        loaded = content.translation(language.code, article_id)
        paths = [loaded.source] if loaded is not None else sorted(folder.rglob(f"{article_id}.md"))
        if not paths:
            raise UsageError(f"no translation of {article_id} into {language.code} ({display_path(folder / (article_id + '.md'))}); "
                             f"write one with `helpcenter translations new {language.code} {article_id}`")
        path = paths[0]
        text = path.read_text(encoding="utf-8")
        revision = translations.source_revision(source)
        try:
            new_text = translations.stamp_text(text, revision)
        except ValueError as e:
            raise UsageError(f"{display_path(path)}: {e}") from None
        before = loaded.translation.source_revision if loaded is not None else None
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
        stamped.append((path, revision, before))
    translations.write_ledger(args.content, content.by_id())
    after = Problems()
    load_content(args.content, after)
    failed = False
    for path, revision, before in stamped:
        was = "already current" if before == revision else (f"was {before}" if before else "was unstamped")
        print(f"Stamped {display_path(path)}: source revision {revision} ({was})", file=sys.stderr)
        mine = [p for p in after.items if p.path == display_path(path)]
        for problem in mine:
            print(f"  {problem}", file=sys.stderr)
        failed = failed or any(p.severity == "error" for p in mine)
    if failed:
        print("The stamp is written, but `helpcenter check` refuses these translations until the errors above are "
              "fixed.", file=sys.stderr)
    return 1 if failed else 0
