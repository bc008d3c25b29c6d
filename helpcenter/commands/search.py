"""helpcenter search: query the current release's index from the command line."""
import html
import json
import sys

from . import options


def add_parser(sub):
    p = sub.add_parser("search", help="search the built index as a visitor would",
                       description="Search the current release of --out (its index and synonyms) with the "
                                   "visitor's audience, country, usertype and a moment.")
    p.add_argument("query", metavar="QUERY", help='what to search for, e.g. "quit" or "filter-cl refund"')
    options.add_visitor(p)
    options.add_at(p, "search as of this moment, ISO 8601 (default: now)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (1-50, default: 10)")
    options.add_out(p)
    p.add_argument("--no-correct", dest="correct", action="store_false",
                   help="search the words as typed, even when one is unknown (a correction is only suggested)")
    p.add_argument("--lang", default=None, metavar="CODE",
                   help="search the articles in this language, e.g. es (default: the source language, en); without a "
                        "confident answer in it, the source language's results follow, labelled")
    p.add_argument("--json", action="store_true", help="print the result as JSON (the same as GET /api/search)")
    p.set_defaults(run=run)


def run(args):
    from search import QueryError, Searchers
    from search.query import MAX_QUERY_CHARS, searchable

    release = args.out / "current"
    if not (release / "index").is_dir():
        print(f"helpcenter search: no search index in {release}; run `helpcenter build --out {args.out}` first",
              file=sys.stderr)
        return 1
    # A pasted ticket: searched up to its last whole word before the limit, as the site's box does.
    words = " ".join(args.query.split())
    if len(words) > MAX_QUERY_CHARS:
        words = searchable(words)
        print(f"note: the query is {len(' '.join(args.query.split()))} characters long; searched up to its last "
              f"whole word before {MAX_QUERY_CHARS}: ...{words[-40:]}", file=sys.stderr)
    later = _built_before(release, args.at)
    if later:
        print(later, file=sys.stderr)
    searcher = Searchers.for_release(release.resolve(), warm=False)
    try:
        result = searcher.search(words, lang=args.lang, audience=args.audience, country=args.country,
                                 usertype=args.usertype, at=args.at, limit=args.limit, correct=args.correct)
    except QueryError as e:
        print(f"helpcenter search: {e}", file=sys.stderr)
        return 2
    finally:
        searcher.close()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(format_text(result))
    return 0


def _built_before(release, at) -> str | None:
    """A note when ``at`` is not the moment the release was built for: the release has the articles
    live at its moment, so one that goes live after it, or expired before it, is not there to find
    at ``at`` (one that expires after it is hidden all the same: the search filters by the moment)."""
    from core.targeting import iso, to_moment

    try:
        as_of = to_moment(json.loads((release / "build.json").read_text(encoding="utf-8"))["as_of"])
    except (OSError, ValueError, KeyError):
        return None
    if at is None or at == as_of:
        return None
    missing = "goes live after that" if at > as_of else "expired before that"
    return (f"note: this release was built as of {iso(as_of)}; an article that {missing} is not in it "
            f"(`helpcenter timeline` lists them; `helpcenter build --at {iso(at)}` into another --out "
            "shows that moment)")


def format_text(result: dict) -> str:
    """One block per result: title (and section), URL, snippet, and the synonyms that found it;
    results in another language than the one searched (the fallback) say so, and so does a
    language in which the words have a confident answer (``suggested_lang``)."""
    lines = []
    if result["corrected_from"]:
        lines.append(f"Showing results for {result['query']}; search instead for {result['corrected_from']} "
                     f"(run again with --no-correct)")
    elif result["suggestion"]:
        lines.append(f"Did you mean: {result['suggestion']}?")
    count = result["total"]
    confidence = "" if result["confident"] or not result["results"] else " (no confident answer)"
    lines.append(f"{count} matching article{'s' if count != 1 else ''} for {result['query']!r}"
                 f"{_in(result['lang'])}{confidence}")
    if result["suggested_lang"]:
        lines.append(f"These words have a confident answer in {_name(result['suggested_lang'])}: "
                     f"run again with --lang {result['suggested_lang']}")
    for n, r in enumerate(result["results"], 1):
        where = f" › {r['section']}" if r["section"] else ""
        if r["lang"] != result["lang"] and (n == 1 or result["results"][n - 2]["lang"] == result["lang"]):
            lines.append("")
            lines.append(f"Results in {_name(r['lang'])}, since there is no confident answer{_in(result['lang'])}:")
        other = f"  [in {_name(r['lang'])}]" if r["lang"] != result["lang"] else ""
        lines.append("")
        lines.append(f"{n:>2}. {r['title']}{where}{other}")
        # No score: it is the BM25F part of the ranking only, and contradicted the order shown.
        lines.append(f"    {r['url']}  [{', '.join(r['audience'])}]")
        lines.append(f"    {_plain(r['snippet'])}")
        if r["matched_synonyms"]:
            lines.append("    matched via " + ", ".join(f"'{m['synonym']}' for '{m['query']}'" for m in r["matched_synonyms"]))
    return "\n".join(lines)


def _name(code: str) -> str:
    """A language's English name as the CLI says it: "Spanish (es)"."""
    from core.languages import KNOWN

    known = KNOWN.get(code)
    return f"{known.stemmer.capitalize()} ({code})" if known else code


def _in(code: str) -> str:
    """" in Spanish (es)" for a language other than the source language, else ""."""
    from search.analysis import SOURCE_LANGUAGE

    return "" if code == SOURCE_LANGUAGE else f" in {_name(code)}"


def _plain(snippet_html: str) -> str:
    """The snippet for a terminal: matches in *stars*, HTML entities decoded."""
    text = snippet_html.replace("<mark>", "*").replace("</mark>", "*")
    return html.unescape(text)
