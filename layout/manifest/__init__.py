"""The issue manifest: a YAML file validated into typed, located objects.

Modelled on MkDocs' config validation: every mistake is reported at once, each as
``file:line:column: key.path: message``.
"""

from layout.manifest.loader import load_manifest
from layout.manifest.model import Article, Byline, Image, Issue, Page, Section
from layout.manifest.problems import ManifestError, Problem
from layout.manifest.source import SourceLocation

__all__ = [
    "Article",
    "Byline",
    "Image",
    "Issue",
    "ManifestError",
    "Page",
    "Problem",
    "Section",
    "SourceLocation",
    "load_manifest",
]
