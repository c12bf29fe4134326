"""The only way the renderer reads anything: files under a few folders.

A manifest, a Markdown body or a template could otherwise make WeasyPrint
read any file on the machine or reach the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ForbiddenResource(ValueError):
    """A URL outside the allowed folders; WeasyPrint reports it and goes on."""


class FolderFetcher(URLFetcher):
    """Serve ``file:`` URLs inside the allowed folders, refuse everything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file"})
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ForbiddenResource(f"not a local file: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ForbiddenResource(f"outside the issue, templates and fonts: {url}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": media_type}
        )
