"""helpcenter serve: the built site and the APIs on one port; --watch rebuilds on every content save
and when an article's window opens or closes."""
import os
import sys
import threading
import time
from pathlib import Path

from core.problems import ContentError
from core.targeting import now
from ..pipeline import BuildError, build
from ..progress import Progress
from ..public_url import LOCAL_DEFAULT, local_url
from publish import release as release_module
from publish.release import Releases
from .. import incremental
from . import options
from .timeline import next_article_change


def add_parser(sub):
    p = sub.add_parser("serve", help="serve the site and the APIs (default http://127.0.0.1:8000)",
                       description="Serve the current release of --out: the static site and the JSON APIs.")
    options.add_out(p)
    options.add_content(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, one per core (default: 1)")
    p.add_argument("--build", action="store_true", help="build first when there is no release yet")
    p.add_argument("--database-url", metavar="URL",
                   help="PostgreSQL DSN for feedback and analytics, shared by replicas "
                        "(default: $HELPCENTER_DATABASE_URL, else SQLite in --out)")
    p.add_argument("--trusted-proxy", metavar="ADDR", action="append", default=[],
                   help="address or network of a reverse proxy whose X-Forwarded-For is believed (repeatable; "
                        "default: $HELPCENTER_TRUSTED_PROXIES, else none)")
    p.add_argument("--limit-concurrency", metavar="N", type=int, default=1000,
                   help="connections and requests in progress per worker before new ones get 503 (default: 1000)")
    p.add_argument("--watch", action="store_true",
                   help="rebuild site and index on every save in --content, and when an article goes live "
                        "or expires (valid_from, valid_until); a save that breaks something prints the errors "
                        "and the last good build stays online")
    p.set_defaults(run=run, needs_content=lambda args: args.watch or args.build)


def not_live_because(content, article_id: str, at) -> str:
    """Why an article is not on the site built at ``at``, in the editor's terms.

    >>> import datetime as dt
    >>> from types import SimpleNamespace as NS
    >>> from core.targeting import Window
    >>> at = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.timezone.utc)
    >>> ended = NS(id="x", draft=False, visibility="public", source="content/articles/x.md",
    ...            window=Window(None, dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)))
    >>> not_live_because(NS(articles=(ended,)), "x", at)
    'content/articles/x.md: its window ended at 2026-12-01 00:00 UTC (valid_until); the build is at 2026-12-03 16:00 UTC'
    >>> not_live_because(NS(articles=()), "x", at)
    'no article has this id any more: removed, renamed (redirect_from keeps its address) or unreadable'
    """
    article = next((a for a in content.articles if a.id == article_id), None) if content else None
    if article is None:
        return "no article has this id any more: removed, renamed (redirect_from keeps its address) or unreadable"
    where = f"{article.source}: "
    if article.draft:
        return where + "it is a draft (draft: true)"
    if article.visibility != "public":
        return where + f"its visibility is {article.visibility}"
    window, stamp = article.window, f"{at:%Y-%m-%d %H:%M} UTC"
    if window.contains(at):
        return where + "not published at " + stamp
    if window.ended(at):
        return where + f"its window ended at {window.end:%Y-%m-%d %H:%M} UTC (valid_until); the build is at {stamp}"
    return where + f"its window starts at {window.start:%Y-%m-%d %H:%M} UTC (valid_from); the build is at {stamp}"


class ContentWatcher:
    """Rebuilds when a file of the content folder is saved (watchfiles: the OS tells us, no polling).

    A save that changes only article bodies takes the fast path (``helpcenter.incremental``:
    those pages are re-rendered into a new release); anything else takes the full build. Either
    way a failed rebuild leaves ``out/current`` as it was: only a finished release is swapped in.
    A build publishes what is live at its moment, so the watcher also builds again when the next
    article of the served build goes live or expires (``timeline.next_article_change``): an
    article whose ``valid_from`` is 09:00 is online at 09:00, not at the next save.
    """

    def __init__(self, content: Path, out: Path, *, stream=None, site_url=None, default_site_url=LOCAL_DEFAULT):
        self.content = Path(content).resolve()
        self.out = Path(out)
        self.stream = stream or sys.stderr
        self.site_url = site_url
        self.default_site_url = default_site_url  # used when no public URL is configured
        self.seen = self.snapshot()
        self.built = None  # the Content of the release being served, for the fast path
        self.live: set[str] | None = None  # the ids of its published articles: what a save took offline is said
        self.parsed: dict = {}  # articles parsed without problems, by path (core.content.load_content)
        self.scheduled = None  # the next article change after the served build's moment (a timeline.Change)

    @staticmethod
    def interesting(path: Path) -> bool:
        # Editors' tools write backups and swap files next to the real one.
        return not path.name.startswith((".", "~")) and not path.name.endswith(("~", ".swp", ".tmp"))

    def snapshot(self) -> dict:
        state = {}
        for path in sorted(self.content.rglob("*")):
            if path.is_file() and self.interesting(path):
                st = path.stat()
                state[str(path)] = (st.st_mtime_ns, st.st_size)
        return state

    def changed(self) -> set[str]:
        """Paths added, removed or modified since the last look (empty when nothing changed)."""
        now = self.snapshot()
        paths = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return paths

    def rebuild(self, paths=None) -> bool:
        """Build once; print what broke instead of raising. True when a new release is live.

        ``paths`` (what was saved) lets a save of article files alone try the fast path."""
        say = lambda text: print(text, file=self.stream, flush=True)  # noqa: E731
        started = time.perf_counter()
        result = None
        try:
            if self.built is not None and paths and all(self._is_article(p) for p in paths):
                result = incremental.update(self.content, self.out, self.built, site_url=self.site_url,
                                            default_site_url=self.default_site_url,
                                            article_cache=self.parsed)
            how = "re-rendered the changed pages" if result else "full build"
            if result is None:
                result = build(self.content, self.out, site_url=self.site_url, default_site_url=self.default_site_url,
                               progress=Progress(7, quiet=True),
                               article_cache=self.parsed)
        except ContentError as e:
            for problem in e.problems.items:
                say(str(problem))
            say(f"{e.problems.summary(e.strict)}; still serving the last good build")
            return False
        except BuildError as e:
            say(f"Build failed, still serving the last good build: {e}")
            return False
        except release_module.Closed:
            say("Stopping: the rebuild under way is discarded")
            return False
        except Exception as e:  # a watcher must survive any one bad save
            say(f"Build failed, still serving the last good build: {type(e).__name__}: {e}")
            return False
        before, self.built, self.live = self.live, result.content, set(result.published)
        self.scheduled = next_article_change(result.content, result.at)
        for warning in result.warnings:
            say(warning)
        say(f"Rebuilt: {len(result.published)} articles live ({result.release.name}; {how}, "
            f"{time.perf_counter() - started:.1f} s)")
        if before is not None:  # what this save put online or took offline
            for article_id in sorted(before - self.live):
                say(f"No longer live: /{article_id}/ ({not_live_because(result.content, article_id, result.at)})")
            for article_id in sorted(self.live - before):
                say(f"Now live: /{article_id}/")
        return True

    def _is_article(self, path) -> bool:
        """An article or a translation (``serve --watch`` tries the fast path for those)."""
        path = Path(path).resolve()
        return path.suffix == ".md" and any((self.content / folder) in path.parents for folder in ("articles", "translations"))

    def due(self, at=None) -> bool:
        """Whether an article of the served build has gone live or expired since it was built."""
        return self.scheduled is not None and (now() if at is None else at) >= self.scheduled.at

    def rebuild_scheduled(self) -> bool:
        """The full build a due change asks for. Tried once: if it fails (the content was broken by
        a save meanwhile), the next good save builds, and the change is live then."""
        change, self.scheduled = self.scheduled, None
        print(f"Scheduled: /{change.id}/ {change.event} at {change.at:%Y-%m-%d %H:%M} UTC",
              file=self.stream, flush=True)
        return self.rebuild()

    def poll_once(self) -> bool | None:
        """Rebuild if something changed since the last look, or a scheduled change is due; None when
        neither."""
        paths = self.changed()
        if paths:
            return self.rebuild(paths)
        if self.due():
            return self.rebuild_scheduled()
        return None

    def run_forever(self, stop: threading.Event) -> None:
        """Wait for saves (grouped while an editor's tool is still writing) and rebuild on each."""
        import watchfiles

        for changes in watchfiles.watch(self.content, stop_event=stop, debounce=800, step=50,
                                        watch_filter=lambda change, path: self.interesting(Path(path)),
                                        raise_interrupt=False, yield_on_timeout=True, rust_timeout=1000):
            # Every second without events, compare with the last look too: a save made while the
            # OS watch was being set up (or on a file system without events) is not lost.
            paths = self.changed() | {path for _, path in changes}
            if paths:
                self.rebuild(paths)
            elif self.due():
                self.rebuild_scheduled()


def run(args):
    import uvicorn

    stop = threading.Event()
    # A build made here is looked at here: unless a public URL is configured, its canonical links
    # and sitemap name this address (Material's instant navigation needs the port to match).
    here = local_url(args.host, args.port)
    if args.watch:
        watcher = ContentWatcher(args.content, args.out, default_site_url=here)
        print(f"Building {args.content} (watching it for changes) ...", file=sys.stderr)
        watcher.rebuild()
        threading.Thread(target=watcher.run_forever, args=(stop,), daemon=True, name="content-watcher").start()
    elif args.build and Releases(args.out).current() is None:
        build(args.content, args.out, default_site_url=here, progress=Progress(7))
    if Releases(args.out).current() is None and not args.watch:
        print(f"helpcenter serve: no build in {args.out}; run `helpcenter build --out {args.out}` first "
              "or pass --build", file=sys.stderr)
        return 1
    os.environ["HELPCENTER_OUT"] = str(args.out.resolve())
    if args.database_url:  # worker processes inherit the environment
        os.environ["HELPCENTER_DATABASE_URL"] = args.database_url
    if args.trusted_proxy:
        os.environ["HELPCENTER_TRUSTED_PROXIES"] = ",".join(args.trusted_proxy)
    # Imported here: the web stack (uvicorn, Starlette) is not loaded by the other commands.
    from ..api.clients import trusted_proxies
    from ..connection import uvicorn_options

    try:
        trusted_proxies()
        connection_options = uvicorn_options()
    except ValueError as e:
        print(f"helpcenter serve: {e}", file=sys.stderr)
        return 2
    print(f"Serving {args.out} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        uvicorn.run("helpcenter.web:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning", access_log=False, **connection_options,
                    limit_concurrency=args.limit_concurrency)
    finally:
        stop.set()
        if args.watch:  # a rebuild that is publishing finishes; one still building is discarded
            release_module.close()
    # SIGTERM to one worker: uvicorn raises it again once it has shut down, and helpcenter.cli says
    # so (exit 143). Ctrl+C, or several workers (their supervisor stops them all): uvicorn returns.
    print("helpcenter serve: stopped", file=sys.stderr)
    return 0
