"""Each page finished as soon as MkDocs has written it: its gzip twin (``publish.precompress``) and
the audit of its text (``publish.audit``), in a second process while MkDocs renders the next ones.

A large build hands every file MkDocs writes for good to ``finish_files`` (``Background.fed``:
``publish.mkdocs_site.render_site(written=...)``), so that when the render ends only its last few
pages are left, instead of a thousand pages to gzip and read after it. What it did is only taken
for a file still as it was read (the same ``audit.signature``): the build's last pass
(``finish_site``) gzips every file not done, or written again, and the audit (``audit_output``
with ``checked``) still looks at every file of the release, reading those not checked here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .audit import Signature, Traces, signature
from .precompress import Precompressed, precompress, precompress_file


@dataclass
class Finished:
    """What ``finish_files`` did, by file."""
    # A file gzipped (or found not worth it): its path relative to the site -> (signature, figures).
    gzipped: dict[str, tuple[Signature, Precompressed]] = field(default_factory=dict)
    # Files (and twins) whose text was audited: path relative to the release -> (signature, findings).
    checked: dict[str, tuple[Signature, list[str]]] = field(default_factory=dict)


def finish_files(site_dir: Path, previous: Path | None, traces: Traces | None, *, items, progress=None) -> Finished:
    """Gzip, and audit for ``traces`` (if any), each file of ``site_dir`` named by ``items`` (absolute
    paths, as they are written). ``site_dir`` is the staged release's ``site/``; ``previous``
    the previous release's (its unchanged twins are reused)."""
    site_dir = Path(site_dir)
    done = Finished()
    for item in items:
        path = Path(item)
        rel = path.relative_to(site_dir).as_posix()
        before = signature(path)
        if before is None or rel in done.gzipped:
            continue
        twin = precompress_file(path, site_dir, previous)
        if signature(path) != before:  # written again meanwhile: the last pass does it
            continue
        done.gzipped[rel] = (before, twin.stats)
        if traces is not None:
            _audit(path, before, site_dir, twin, traces, done)
    return done


def _audit(path: Path, before: Signature, site_dir: Path, twin, traces: Traces, done: Finished) -> None:
    """The audit of ``path`` and of its twin, from the bytes just read where there are some."""
    rel = path.relative_to(site_dir.parent)
    if traces.reads(rel):
        if twin.data is None:
            findings = traces.in_file(path, rel)
        else:
            findings = traces.in_text(rel, twin.data.decode("utf-8", errors="replace"))
        done.checked[rel.as_posix()] = (before, findings)
    gz = path.with_name(path.name + ".gz")
    gz_rel = rel.with_name(gz.name)
    if twin.stats.files and traces.reads(gz_rel):
        if twin.packed:  # compressed here from the bytes just searched: the same text
            findings = traces.in_text(gz_rel, twin.data.decode("utf-8", errors="replace"))
        else:  # copied or linked from the previous release: read through
            findings = traces.in_file(gz, gz_rel)
        done.checked[gz_rel.as_posix()] = (signature(gz), findings)


def finish_site(site_dir: Path, previous: Path | None, finished: Finished | None) -> Precompressed:
    """The last pass of precompression: every file ``finished`` did not do, or that changed since,
    gzipped now; the figures of the whole site."""
    site_dir = Path(site_dir)
    finished = finished or Finished()
    kept = {}
    for rel, (sig, stats) in finished.gzipped.items():
        if signature(site_dir / rel) == sig:
            kept[rel] = stats
        elif stats.files:  # its twin holds the text it had then
            (site_dir / (rel + ".gz")).unlink(missing_ok=True)
    total = precompress(site_dir, previous, skip=kept)
    for stats in kept.values():
        total += stats
    return total
