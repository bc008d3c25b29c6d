"""Build-scale benchmark: our full build against a plain `mkdocs build` of the same pages.

Generates 1,000 and 5,000 articles spread over the categories, plus 1,000 in a single category,
and times in the same run:

- plain: `mkdocs build` of the same Markdown pages (one folder per category, MkDocs' own nav of
  every page) with Material and navigation.prune, the baseline the issue names;
- full: `helpcenter build` (validate, prove, select, render, index, audit, release).

Prints medians and the ratios the targets are about:
full(1,000) <= 1.3 x plain(1,000); full(5,000) <= 5.5 x full(1,000). With --watch it also measures
how long `serve --watch` takes to serve one saved article at 1,000 articles (target: 3 s). With
--translations N it also builds the 1,000 articles with Spanish and French sites holding N
translations each (stamped copies of the first N articles), interleaved with the English-only build.

    .venv/bin/python bench/build_bench.py                  # 1,000 + 5,000 + 1,000 in one category
    .venv/bin/python bench/build_bench.py --sizes 1000 --repeat 3 --watch
    .venv/bin/python bench/build_bench.py --sizes 1000 --single 0 --translations 100 1000
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from core import vocabulary  # noqa: E402

HELPCENTER = str(Path(sys.executable).parent / "helpcenter")

WORDS = ("contract client freelancer payment hourly fixed price milestone refund dispute review fee "
         "invoice account profile verification withdraw tax schedule diary time report policy week day "
         "money work project offer message team agency support funds release close end pause start "
         "rate amount balance method bank transfer security period badge rating feedback window").split()
FILLER = ("the a to of and in for on with your you can is are when after before this that it "
          "be will not as or from by at if then each any all").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=4) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def write_content(root: Path, n: int, *, single_category: str | None = None, seed: int = 7) -> None:
    """``n`` articles of about 400 words, 4 sections each, spread over the categories."""
    rng = random.Random(seed)
    (root / "articles").mkdir(parents=True)
    # The English synonyms only: the generated help center has one language (no languages.yml),
    # so the plain MkDocs build and ours render the same pages.
    synonyms = yaml.safe_load((ROOT / "content" / "synonyms.yml").read_text(encoding="utf-8"))
    (root / "synonyms.yml").write_text(yaml.safe_dump({"synonyms": synonyms["synonyms"]}, allow_unicode=True,
                                                      sort_keys=False), encoding="utf-8")
    categories = vocabulary.CATEGORIES
    for i in range(n):
        category = single_category or categories[i % len(categories)]
        title = sentence(rng, 4).rstrip(".")
        keywords = ", ".join(sorted({rng.choice(WORDS) + " " + rng.choice(WORDS) for _ in range(4)}))
        sections = "\n\n".join(f"## {sentence(rng, 3).rstrip('.')} {{#s{j}}}\n\n{paragraph(rng)}\n\n{paragraph(rng, 3)}"
                               for j in range(4))
        text = (f"---\nid: article-{i:05d}\ntitle: {title} {i}\nsummary: {sentence(rng, 14)}\n"
                f"audience: [freelancer, client]\ncategory: {category}\nkeywords: [{keywords}]\n---\n\n"
                f"{paragraph(rng, 3)}\n\n{sections}\n")
        folder = root / "articles" / category
        folder.mkdir(exist_ok=True)
        (folder / f"article-{i:05d}.md").write_text(text, encoding="utf-8")


def write_translations(content: Path, n: int) -> None:
    """Spanish and French sites: ``content/languages.yml`` and, for the first ``n`` articles, a
    translation in each language (the source's text with every word spelt backwards, so that
    ``check`` does not take it for untranslated English), stamped against the source as
    `helpcenter translations stamp` does. No ``translations/sources.yml``: at 1,000 translations
    it would pass the 1 MB a content file may weigh (``check`` warns that the stamps are not
    recorded there, which only matters for showing what changed later)."""
    from core import translations
    from core.content import load_content
    from core.problems import Problems

    (content / "languages.yml").write_text(
        "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n  - {code: fr, name: Français}\n",
        encoding="utf-8")
    by_id = load_content(content, Problems()).by_id()
    for i in range(n):
        article = by_id[f"article-{i:05d}"]
        source = article.source.read_text(encoding="utf-8")
        body = "\n".join(line if line.startswith("## ") else " ".join(w[::-1] for w in line.split(" "))
                         for line in source.split("---\n", 2)[2].split("\n"))
        for lang, word in (("es", "Artículo"), ("fr", "Article traduit")):
            folder = content / "translations" / lang
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{article.id}.md").write_text(
                f"---\ntranslation_of: {article.id}\nsource_revision: '{translations.source_revision(article)}'\n"
                f"title: {word} {i}\nsummary: {article.summary[::-1]}\n---\n{body}", encoding="utf-8")


PLAIN_YML = """site_name: Plain baseline
site_url: http://127.0.0.1:8000/
docs_dir: docs
site_dir: {site}
theme:
  name: material
  features: [navigation.prune]
plugins: [search]
markdown_extensions: [attr_list, toc]
"""


def write_plain(content: Path, work: Path) -> Path:
    """The same article pages as a plain MkDocs project (front matter kept: title and summary)."""
    docs = work / "docs"
    for source in (content / "articles").rglob("*.md"):
        target = docs / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (docs / "index.md").write_text("# Plain baseline\n", encoding="utf-8")
    config = work / "mkdocs.yml"
    config.write_text(PLAIN_YML.format(site=work / "site"), encoding="utf-8")
    return config


CPU: dict[str, list[float]] = {"plain": [], "full": []}  # CPU seconds of each run (with its child processes)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_plain(config: Path) -> float:
    shutil.rmtree(config.parent / "site", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    CPU["plain"].append(_cpu() - cpu)
    return time.perf_counter() - start


def run_full(content: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([HELPCENTER, "build", "--content", str(content), "--out", str(out)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"helpcenter build failed:\n{done.stderr[-3000:]}")
    CPU["full"].append(_cpu() - cpu)
    return time.perf_counter() - start


def measure_watch(content: Path, out: Path) -> list[float]:
    """Seconds from saving one article to its new text being served by `serve --watch`."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    shutil.rmtree(out, ignore_errors=True)
    server = subprocess.Popen([HELPCENTER, "serve", "--watch", "--content", str(content),
                               "--out", str(out), "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/article-00001/"

    def fetch():
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError:
            return ""

    times = []
    try:
        deadline = time.monotonic() + 900
        while "article-00001" not in fetch():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("serve --watch did not come up")
            time.sleep(0.5)
        path = next((content / "articles").rglob("article-00001.md"))
        for attempt in range(5):
            time.sleep(1.5)
            marker = f"Saved edit number {attempt} {time.time_ns()}"
            text = path.read_text(encoding="utf-8")
            start = time.perf_counter()
            path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in fetch():
                if time.perf_counter() - start > 120:
                    raise RuntimeError("the saved article was not served within 120 s")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(20)
    return times


def fmt(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):7.2f} s (runs: {', '.join(f'{s:.2f}' for s in seconds)})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--single", type=int, default=1000, help="articles in one category (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement at 1,000 articles")
    parser.add_argument("--watch", action="store_true", help="also time serve --watch on one save")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--translations", type=int, nargs="*", default=[], metavar="N",
                        help="also build 1,000 articles with N Spanish and N French translations (each N)")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="build-bench-"))
    print(f"build benchmark in {work}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    cases = [(f"{n} spread", n, None) for n in args.sizes]
    if args.single:
        cases.append((f"{args.single} in one category", args.single, "contracts"))
    results = {}
    try:
        for label, n, single in cases:
            case = work / label.replace(" ", "-")
            content = case / "content"
            if not content.exists():
                write_content(content, n, single_category=single)
            config = write_plain(content, case / "plain") if not (case / "plain" / "mkdocs.yml").exists() \
                else case / "plain" / "mkdocs.yml"
            repeat = args.repeat if n <= 1000 else 1
            plain, full = [], []
            CPU["plain"].clear(), CPU["full"].clear()
            for _ in range(repeat):  # interleaved, so both see the same machine load
                plain.append(run_plain(config))
                full.append(run_full(content, case / "out"))
            results[label] = (plain, full)
            print(f"{label:>26}: plain mkdocs {fmt(plain)}", flush=True)
            print(f"{'':>26}  full build   {fmt(full)}   ratio {statistics.median(full) / statistics.median(plain):.2f}",
                  flush=True)
            # CPU time (all processes of a run) moves less than wall time with other work on the machine.
            print(f"{'':>26}  CPU: plain {statistics.median(CPU['plain']):.1f} s, full {statistics.median(CPU['full']):.1f} s "
                  f"(both processes); load average now {os.getloadavg()[0]:.1f}", flush=True)
        median = {k: (statistics.median(p), statistics.median(f)) for k, (p, f) in results.items()}
        print()
        if "1000 spread" in median:
            p1, f1 = median["1000 spread"]
            print(f"full / plain at 1,000 articles: {f1 / p1:.2f} (target <= 1.3)")
            if "5000 spread" in median:
                print(f"full 5,000 / full 1,000: {median['5000 spread'][1] / f1:.2f} (target <= 5.5)")
                print(f"plain 5,000 / plain 1,000: {median['5000 spread'][0] / p1:.2f}")
        for n in args.translations:
            case = work / "1000-spread"
            translated = work / f"1000-with-{n}-translations"
            if not (translated / "content").exists():
                if not (case / "content").exists():
                    write_content(case / "content", 1000)
                shutil.copytree(case / "content", translated / "content")
                write_translations(translated / "content", n)
            english, languages = [], []
            for _ in range(args.repeat):  # interleaved: the same machine load for both
                english.append(run_full(case / "content", case / "out"))
                languages.append(run_full(translated / "content", translated / "out"))
            print(f"{'1000 English only':>26}: full build   {fmt(english)}", flush=True)
            print(f"{f'+ {n} es + {n} fr':>26}: full build   {fmt(languages)}   ratio "
                  f"{statistics.median(languages) / statistics.median(english):.2f}", flush=True)
        if args.watch:
            case = work / "1000-spread"
            times = measure_watch(case / "content", case / "watch-out")
            print(f"serve --watch, one saved article served after: {fmt(times)} (target <= 3 s)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
