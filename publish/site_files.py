"""The files crawlers and browsers ask for at the site's root: robots.txt and favicon.ico."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path

# Material copies its own icon into every site: the fallback when the theme's icon is not a PNG.
MATERIAL_FAVICON = "assets/images/favicon.png"


def write_robots_txt(site_dir: Path, public_url: str) -> Path:
    """Allow every crawler everywhere and name the sitemap by its absolute URL (the standard asks so)."""
    path = Path(site_dir) / "robots.txt"
    path.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {public_url.rstrip('/')}/sitemap.xml\n", encoding="utf-8")
    return path


def write_favicon_ico(site_dir: Path, theme_favicon: str | None) -> Path | None:
    """``/favicon.ico`` made from the theme's icon, for clients that never read the page's ``<link>``.

    An ``.ico`` is copied; a PNG is wrapped in an ICO container (allowed since Windows Vista, read
    by every current browser). For an SVG icon, a PNG of the same name beside it is used, else
    Material's own PNG. Returns None when there is no PNG at all.
    """
    site_dir = Path(site_dir)
    target = site_dir / "favicon.ico"
    source = site_dir / theme_favicon if theme_favicon else None
    if source is not None and source.suffix.lower() == ".ico" and source.is_file():
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        return target
    candidates = []
    if source is not None:
        candidates += [source, source.with_suffix(".png")]
    candidates.append(site_dir / MATERIAL_FAVICON)
    for png in candidates:
        if png.suffix.lower() == ".png" and png.is_file():
            target.write_bytes(png_to_ico(png.read_bytes()))
            return target
    return None


def png_to_ico(png: bytes) -> bytes:
    """One PNG image in an ICO container: a 6-byte header, one 16-byte entry, the PNG itself.

    >>> ico = png_to_ico(b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\rIHDR" + (48).to_bytes(4, "big") * 2 + b"rest")
    >>> ico[:6], ico[6], ico[7], len(ico) - 22
    (b'\\x00\\x00\\x01\\x00\\x01\\x00', 48, 48, 28)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("favicon: expected a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    size = lambda n: 0 if n >= 256 else n  # noqa: E731  (0 means 256 or more in an ICO entry)
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size(width), size(height), 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png
