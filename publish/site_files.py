"""The files crawlers and browsers ask for at the site's root: robots.txt and favicon.ico."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path

# Material copies its own icon into every site: the fallback when the theme's icon is not a PNG.
MATERIAL_FAVICON = "assets/images/favicon.png"


def write_robots_txt(site_dir: Path, public_url: str, prefixes: tuple[str, ...] = ("",)) -> Path:
    """Allow every crawler everywhere but the search results pages (``/search/`` of each language's
    site: a search per request, and its links lead to more), and name the sitemaps by their absolute
    URLs (the standard asks so): one per language's site (``prefixes``: ``""``, ``"es/"``...)."""
    path = Path(site_dir) / "robots.txt"
    searches = "".join(f"Disallow: /{prefix}search/\n" for prefix in prefixes)
    sitemaps = "".join(f"Sitemap: {public_url.rstrip('/')}/{prefix}sitemap.xml\n" for prefix in prefixes)
    path.write_text(f"User-agent: *\nAllow: /\n{searches}\n{sitemaps}", encoding="utf-8")
    return path


def write_favicon_ico(site_dir: Path, theme_favicon: str | None) -> Path | None:
    """``/favicon.ico`` for clients that never read the page's ``<link>``: the theme's own file
    when it ships one (``publish/theme/favicon.ico``), else made from the theme's icon.

    An ``.ico`` is copied; a PNG is wrapped in an ICO container (allowed since Windows Vista, read
    by every current browser). For an SVG icon, the PNGs beside it whose names start like it
    (``favicon.png``, ``favicon-32.png``) go in, else Material's own PNG. None when there is no PNG.
    """
    site_dir = Path(site_dir)
    target = site_dir / "favicon.ico"
    if target.is_file():
        return target
    source = site_dir / theme_favicon if theme_favicon else None
    if source is not None and source.suffix.lower() == ".ico" and source.is_file():
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        return target
    pngs: list[Path] = []
    if source is not None and source.suffix.lower() == ".png" and source.is_file():
        pngs = [source]
    elif source is not None and source.parent.is_dir():
        pngs = sorted(p for p in source.parent.glob(source.stem + "*.png") if p.is_file())
    if not pngs and (site_dir / MATERIAL_FAVICON).is_file():
        pngs = [site_dir / MATERIAL_FAVICON]
    if not pngs:
        return None
    target.write_bytes(pngs_to_ico([p.read_bytes() for p in pngs]))
    return target


def pngs_to_ico(images: list[bytes]) -> bytes:
    """PNG images in one ICO container: a 6-byte header, a 16-byte entry per image, the PNGs.

    >>> png = lambda n: b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\rIHDR" + n.to_bytes(4, "big") * 2 + b"rest"
    >>> ico = pngs_to_ico([png(16), png(32)])
    >>> ico[:6], (ico[6], ico[7]), (ico[22], ico[23]), len(ico) - 6 - 2 * 16
    (b'\\x00\\x00\\x01\\x00\\x02\\x00', (16, 16), (32, 32), 56)
    """
    entries, offset = [], 6 + 16 * len(images)
    for png in images:
        if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
            raise ValueError("favicon: expected a PNG image")
        width, height = struct.unpack(">II", png[16:24])
        size = lambda n: 0 if n >= 256 else n  # noqa: E731  (0 means 256 or more in an ICO entry)
        entries.append(struct.pack("<BBBBHHII", size(width), size(height), 0, 0, 1, 32, len(png), offset))
        offset += len(png)
    return struct.pack("<HHH", 0, 1, len(images)) + b"".join(entries) + b"".join(images)
