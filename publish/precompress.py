"""Gzip copies of the site's text files, written once at build time for servers to send as they are.

``helpcenter serve`` and nginx's ``gzip_static`` send ``page.html.gz`` instead of ``page.html`` to
clients that accept gzip, so no request pays for compression. A copy is only kept where it pays:
files under ``MIN_BYTES`` or that shrink by less than ``MIN_SAVING`` are served as they are.

Every build runs this, so it is kept cheap: a file identical to the previous release's takes that
release's copy (Material's bundles, unchanged pages; a hard link to it when the file itself is one,
as ``serve --watch`` makes them), and pages are compressed at level 4: on a typical article page
0.34 ms against 0.70 ms at level 6 and 0.79 ms at level 9, for 2% more bytes than either. The rest
(Material's bundles, compressed once and then reused) at level 9.
"""
from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Collection
from dataclasses import astuple, dataclass
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".map"}
MIN_BYTES = 512
MIN_SAVING = 0.10  # keep a copy only when it is at least 10% smaller
LEVELS = {".html": 4}  # else 9


@dataclass
class Precompressed:
    files: int = 0
    reused: int = 0
    original_bytes: int = 0
    compressed_bytes: int = 0

    def __add__(self, other: "Precompressed") -> "Precompressed":
        return Precompressed(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def __str__(self) -> str:
        if not self.files:
            return "no file worth compressing"
        return (f"{self.files} files gzipped ({self.reused} reused from the previous release): "
                f"{self.original_bytes / 1024:.0f} KiB -> {self.compressed_bytes / 1024:.0f} KiB")


def precompress(site_dir: Path, previous: Path | None = None, *, skip: Collection[str] = ()) -> Precompressed:
    """Write ``<file>.gz`` next to every compressible file of ``site_dir`` where it pays.

    ``previous`` is the site folder of the release before, whose copies are reused for files
    that did not change. ``skip``: files (paths relative to ``site_dir``, with ``/``) already done
    elsewhere (``publish.finishing``).
    """
    stats = Precompressed()
    site_dir = Path(site_dir)
    for rel in compressible_files(site_dir):
        if rel not in skip:
            stats += precompress_file(site_dir / rel, site_dir, previous).stats
    return stats


def compressible_files(site_dir: Path) -> list[str]:
    """The files of ``site_dir`` that may get a gzip twin, relative to it with ``/``, in name
    order (``os.walk``: a thousand pages are listed several times faster than with ``rglob``)."""
    found = []
    for folder, _, names in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found += [prefix + name for name in names if os.path.splitext(name)[1] in COMPRESSIBLE]
    return sorted(found)


@dataclass
class Twin:
    """What ``precompress_file`` did with one file."""
    stats: Precompressed  # the file's share of the figures (nothing when it has no twin)
    data: bytes | None = None  # the file's bytes, when they were read
    packed: bool = False  # the twin was compressed here from ``data`` (not copied or linked)


def precompress_file(path: Path, site_dir: Path, previous: Path | None = None) -> Twin:
    """``precompress`` of one file of ``site_dir`` (its ``path``): the twin written where it pays."""
    stats = Precompressed()
    if not path.is_file() or path.is_symlink():
        return Twin(stats)
    target = path.with_name(path.name + ".gz")
    linked = _linked_twin(path, target, site_dir, previous)
    if linked is not None:  # the previous release's very file (serve --watch links them)
        return Twin(Precompressed(1, 1, *linked))
    data = path.read_bytes()
    if len(data) < MIN_BYTES:
        return Twin(stats, data)
    packed = None
    if _reuse(path, data, target, site_dir, previous):
        stats.reused += 1
        packed_size = target.stat().st_size
    else:
        # mtime=0: the same input gives byte-identical output, build after build.
        packed = gzip.compress(data, compresslevel=LEVELS.get(path.suffix, 9), mtime=0)
        if len(packed) > len(data) * (1 - MIN_SAVING):
            return Twin(stats, data)
        target.write_bytes(packed)
        packed_size = len(packed)
    # Same modification time as the original: servers compare them, and Last-Modified matches.
    st = path.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    stats.files += 1
    stats.original_bytes += len(data)
    stats.compressed_bytes += packed_size
    return Twin(stats, data, packed is not None)


def _linked_twin(path: Path, target: Path, site_dir: Path, previous: Path | None) -> tuple[int, int] | None:
    """When ``path`` is a hard link to the previous release's file (the same inode: same bytes,
    same times) that has a gzip twin, link the twin too, without reading either; their sizes."""
    if previous is None:
        return None
    before = previous / path.relative_to(site_dir)
    twin = before.with_name(before.name + ".gz")
    try:
        st, old = path.stat(), before.stat()
        if not os.path.samestat(st, old):
            return None
        os.link(twin, target)  # releases are never written once built: sharing the twin is safe
        return st.st_size, target.stat().st_size
    except OSError:  # no twin (too small, or not worth it), or the old release was pruned meanwhile
        return None


def _reuse(path: Path, data: bytes, target: Path, site_dir: Path, previous: Path | None) -> bool:
    if previous is None:
        return False
    before = previous / path.relative_to(site_dir)
    twin = before.with_name(before.name + ".gz")
    try:
        if before.stat().st_size != len(data) or not twin.is_file() or before.read_bytes() != data:
            return False
    except OSError:  # no such file before, or the old release was pruned meanwhile
        return False
    shutil.copyfile(twin, target)
    return True
