"""Gzip copies of the site's text files, written once at build time for servers to send as they are.

``helpcenter serve`` and nginx's ``gzip_static`` send ``page.html.gz`` instead of ``page.html`` to
clients that accept gzip, so no request pays for compression. A copy is only kept where it pays:
files under ``MIN_BYTES`` or that shrink by less than ``MIN_SAVING`` are served as they are.
"""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".map"}
MIN_BYTES = 512
MIN_SAVING = 0.10  # keep a copy only when it is at least 10% smaller


@dataclass
class Precompressed:
    files: int = 0
    original_bytes: int = 0
    compressed_bytes: int = 0

    def __str__(self) -> str:
        if not self.files:
            return "no file worth compressing"
        return (f"{self.files} files gzipped: {self.original_bytes / 1024:.0f} KiB -> "
                f"{self.compressed_bytes / 1024:.0f} KiB")


def precompress(site_dir: Path) -> Precompressed:
    """Write ``<file>.gz`` next to every compressible file of ``site_dir`` where it pays."""
    stats = Precompressed()
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        # mtime=0: the same input gives byte-identical output, build after build.
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        target = path.with_name(path.name + ".gz")
        if len(packed) > len(data) * (1 - MIN_SAVING):
            continue
        target.write_bytes(packed)
        # Same modification time as the original: servers compare them, and Last-Modified matches.
        st = path.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        stats.files += 1
        stats.original_bytes += len(data)
        stats.compressed_bytes += len(packed)
    return stats
