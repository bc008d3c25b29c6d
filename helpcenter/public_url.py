"""The site's public URL, from wherever it is configured, in one order of precedence.

Canonical links, ``sitemap.xml`` and ``robots.txt`` are absolute, so the build must know the
address readers use. First found wins:

1. ``--site-url URL`` on ``helpcenter build``;
2. the ``HELPCENTER_PUBLIC_URL`` environment variable;
3. ``site_url`` in mkdocs.yml;
4. the local default (``http://127.0.0.1:8000/``, what ``make serve`` serves): fine on one's
   own machine, wrong anywhere else, so ``helpcenter build`` warns about it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from publish.mkdocs_site import site_url_of_config

ENV = "HELPCENTER_PUBLIC_URL"
LOCAL_DEFAULT = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class PublicUrl:
    url: str
    source: str  # "--site-url", "HELPCENTER_PUBLIC_URL", "mkdocs.yml" or "default"

    @property
    def configured(self) -> bool:
        return self.source != "default"

    def warning(self, what: str = "canonical links, sitemap.xml and robots.txt") -> str | None:
        """The one line a production build (or a command writing links, ``what``) prints when nobody
        said where the site lives."""
        if self.configured:
            return None
        return (f"warning: no public URL configured, so {what} point at {self.url}; set --site-url or {ENV} "
                "(or site_url in mkdocs.yml)")


def normalise(text: str, where: str) -> str:
    """An absolute http(s) URL ending in ``/`` (MkDocs joins page paths onto it).

    >>> normalise("https://help.example.com", "--site-url")
    'https://help.example.com/'
    >>> normalise("help.example.com", "--site-url")
    Traceback (most recent call last):
    ValueError: --site-url: expected an absolute http(s) URL like https://help.example.com/, got 'help.example.com'
    """
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{where}: expected an absolute http(s) URL like https://help.example.com/, got {text!r}")
    return parts.geturl().rstrip("/") + "/"


def resolve(site_url: str | None = None, *, default: str = LOCAL_DEFAULT, environ=os.environ) -> PublicUrl:
    """The public URL of this build and where it came from (ValueError names a bad setting)."""
    if site_url:
        return PublicUrl(normalise(site_url, "--site-url"), "--site-url")
    if environ.get(ENV, "").strip():
        return PublicUrl(normalise(environ[ENV], ENV), ENV)
    from_file = site_url_of_config()
    if from_file:
        return PublicUrl(normalise(from_file, "mkdocs.yml: site_url"), "mkdocs.yml")
    return PublicUrl(normalise(default, "default site URL"), "default")


def local_url(host: str, port: int) -> str:
    """The address a local ``helpcenter serve`` answers on, as the default public URL of its builds.

    >>> local_url("0.0.0.0", 8001)
    'http://127.0.0.1:8001/'
    """
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"
