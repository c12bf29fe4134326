"""Template sets: a folder of Jinja2 templates, CSS and grid settings.

An issue names its set; files in the issue's own ``templates/`` folder
override single files of the set, so a designer can restyle one issue
without copying the whole set.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import jinja2
import tinycss2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from layout.compose import Levers
from layout.manifest.paper import PRESETS, PageSize, page_size, preset_size
from layout.manifest.problems import ManifestError, Problem
from layout.manifest.source import Document, read_document
from layout.render.fetcher import is_file, read_regular
from layout.render.geometry import SIZE_SETTINGS, GridSettings
from layout.shipped import FONTS_ROOT, TEMPLATES_ROOT, template_sets, unknown_set


class TemplateSetError(Exception):
    """A template set that does not exist or has bad settings."""


@dataclass(frozen=True)
class Words:
    """What a set says that no template renders: its language, the defaults of a
    new or imported issue, and the PDF's titles (Jinja expressions, like its
    templates). The keys of the same names in ``settings.yaml`` set them."""

    language: str = "zh-CN"  # BCP 47: the copy's script rules, quotes, hyphenation
    paper: str = "某某报"  # the paper's name in a new or imported issue
    page_name: str = "综合"  # a new or imported page's name
    size: PageSize = field(default_factory=lambda: preset_size("tabloid"))  # a new issue's
    issue_title: str = "{{ issue.paper }} 第{{ issue.issue }}期 {{ issue.date.isoformat() }}"
    page_title: str = "{{ title }} 第{{ page.number }}版"  # a page's own PDF
    contents_title: str = "本期导读"  # over the front page's index of the inner pages
    contents_entry: str = "第{{ number }}版　{{ headline }}"  # one line of it

    @property
    def latin(self) -> bool:
        """Latin-script copy: no Chinese text rules, typographic quotes and dashes."""
        return self.language.split("-")[0].lower() not in ("zh", "ja", "ko")


@dataclass(frozen=True)
class TemplateSet:
    name: str
    folders: tuple[Path, ...]  # searched in order: issue overrides, then the set
    settings: GridSettings
    levers: Levers = field(default_factory=Levers)
    words: Words = field(default_factory=Words)

    def find(self, filename: str) -> Path:
        for folder in self.folders:
            if is_file(folder / filename):
                return folder / filename
        raise TemplateSetError(f"template set '{self.name}' has no {filename}")

    @property
    def stylesheets(self) -> tuple[Path, ...]:
        """Every folder's ``style.css``, farthest first: each adds to and overrides the
        ones of the sets it extends, an issue's last."""
        return tuple(
            folder / "style.css"
            for folder in reversed(self.folders)
            if is_file(folder / "style.css")
        )

    def selector_words(self) -> frozenset[str]:
        """Every name the selectors of the set's stylesheets match on (tags, classes,
        attributes and their values): what styles an element, beyond its ancestors."""
        return _selector_words(tuple(read_regular(sheet) for sheet in self.stylesheets))

    @property
    def roles_file(self) -> Path:
        """The set's font roles (``fonts.yaml``), else the project's ``fonts/roles.yaml``."""
        found = [
            folder / "fonts.yaml" for folder in self.folders if (folder / "fonts.yaml").is_file()
        ]
        return found[0] if found else FONTS_ROOT / "roles.yaml"

    def say(self, expression: str, **variables: object) -> str:
        """One of :class:`Words`' titles, rendered like a template."""
        try:
            return _expression(self.folders, expression).render(**variables)
        except jinja2.TemplateError as error:
            raise TemplateSetError(f"settings.yaml: {expression!r}: {error.message}") from None

    def render(self, name: str, **variables: object) -> str:
        """Render a template; a designer's mistake in it is one located message."""
        try:
            return _environment(self.folders).get_template(name).render(**variables)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateSetError(f"{error.filename}:{error.lineno}: {error.message}") from None
        except jinja2.TemplateError as error:
            raise TemplateSetError(f"{_template_line(error)}: {error.message}") from None


WORD = re.compile(r"[\w-]+")


@functools.cache
def _selector_words(sheets: tuple[bytes, ...]) -> frozenset[str]:
    words: set[str] = set()
    rules = [
        rule
        for sheet in sheets
        for rule in tinycss2.parse_stylesheet(sheet.decode("utf-8", errors="replace"))
    ]
    while rules:
        rule = rules.pop()
        if rule.type == "qualified-rule":
            words |= set(WORD.findall(tinycss2.serialize(rule.prelude)))
        elif rule.type == "at-rule" and rule.content is not None:  # @media, @supports …
            words |= set(WORD.findall(tinycss2.serialize(rule.prelude)))
            rules += tinycss2.parse_blocks_contents(rule.content)
    return frozenset(words)


@functools.lru_cache(maxsize=256)
def _expression(folders: tuple[Path, ...], expression: str) -> jinja2.Template:
    """A title's template, compiled once per process (a served build says two dozen)."""
    return _environment(folders).from_string(expression)


@functools.cache
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per set of folders: templates are parsed once per process
    (and parsed again when a file changes, as Jinja checks modification times).

    Sandboxed: an issue's template override is the editor's file, not code;
    it sees plain data (``layout.render.views``) and reaches no Python
    internals, and its includes stay inside the template folders.
    """
    return ImmutableSandboxedEnvironment(
        loader=_ContainedLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _ContainedLoader(jinja2.BaseLoader):
    """Templates from the set's folders, in order, read as the renderer reads any file
    (``fetcher.read_regular``: on a cluster's worker, an issue's own templates are
    the ones its task carried); none resolving (through a symbolic link) outside
    the folders it searches."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self.roots = tuple(folder.resolve() for folder in folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder, root in zip(self.folders, self.roots, strict=True):
            path = root.joinpath(*pieces)
            try:
                data = read_regular(path.resolve())
            except OSError:
                continue
            if not path.resolve().is_relative_to(root):
                shown = folder.joinpath(*pieces)
                raise TemplateSetError(f"{shown}: leads outside the template folders, not read")

            def uptodate(path: Path = path, data: bytes = data) -> bool:
                try:
                    return read_regular(path.resolve()) == data
                except OSError:
                    return False

            return data.decode("utf-8"), str(folder.joinpath(*pieces)), uptodate
        raise jinja2.TemplateNotFound(template)


def _template_line(error: Exception) -> str:
    """file:line of the template frame that raised (Jinja puts templates in tracebacks)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "template"


def load_template_set(name: str, issue_root: Path) -> TemplateSet:
    """The set ``name`` as the issue at ``issue_root`` sees it: its own ``templates/``
    first, then the set, then each set it extends. Settings are merged key by key,
    the nearest folder's winning; every other file is the nearest folder's."""
    if name not in template_sets():
        raise TemplateSetError(unknown_set(name))
    overrides = issue_root / "templates"
    if overrides.is_dir() and not overrides.resolve().is_relative_to(issue_root.resolve()):
        raise TemplateSetError(f"{overrides}: leads outside the issue folder, not read")
    chain: list[tuple[Path, dict[str, Any]]] = []  # nearest first
    if overrides.is_dir():
        chain.append((overrides, _folder_settings(overrides, None)))
    extended: str | None = name
    seen: tuple[str, ...] = ()
    while extended is not None:
        seen += (extended,)
        folder = TEMPLATES_ROOT / extended
        own = _folder_settings(folder, seen)
        chain.append((folder, own))
        extended = own.pop("extends", None)
    folders = tuple(folder for folder, _ in chain)
    values: dict[str, Any] = {}
    for _, own in reversed(chain):
        values |= own
    grid_keys = {f.name for f in fields(GridSettings)}
    lever_keys = {f.name for f in fields(Levers)}
    word_keys = {f.name for f in fields(Words)}
    grid = GridSettings(**{k: v for k, v in values.items() if k in grid_keys})
    levers = {k: v for k, v in values.items() if k in lever_keys}
    if "headline_scale" in levers:
        levers["headline_scale"] = tuple(levers["headline_scale"])
    words = Words(**{k: v for k, v in values.items() if k in word_keys})
    return TemplateSet(name, folders, grid, Levers(**levers), words)


def _folder_settings(folder: Path, chain: tuple[str, ...] | None) -> dict[str, Any]:
    """The settings a folder gives (none without a settings.yaml)."""
    file = folder / "settings.yaml"
    return _settings(file, chain) if is_file(file) else {}


def _settings(file: Path, chain: tuple[str, ...] | None) -> dict[str, Any]:
    """A settings.yaml, read as a manifest is: every problem at once, each at its
    line and column, an unknown key with the known one it is closest to.

    ``chain``: the sets read so far, this one last (``extends`` may name none of
    them); None for an issue's own folder, which may not extend: the issue's
    ``template`` names its set."""
    if not file.read_text(encoding="utf-8", errors="replace").strip():
        return {}  # every setting at its default
    document = read_document(file)
    problems = list(document.problems)  # YAML's own (a duplicate key) with the rest
    values = document.data
    if values is None and problems:
        raise ManifestError(problems)
    if not isinstance(values, dict):
        raise ManifestError([document.problem((), "expected a mapping of settings")])
    known = ["extends", *(f.name for kind in (GridSettings, Levers, Words) for f in fields(kind))]
    for key, value in values.items():
        if key == "extends":
            if message := _extends_problem(value, chain):
                problems.append(document.problem((key,), message))
        elif key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(document.problem((key,), f"unknown setting{hint}", at_key=True))
        elif not _valid(key, value):
            message = f"expected {_expected(key)}, got {value!r}"
            problems.append(document.problem((key,), message))
        elif key == "sizes":
            problems += _size_problems(document, value)
    if problems:
        raise ManifestError(problems)
    if "size" in values:
        values["size"] = page_size(values["size"])  # valid: checked above
    return values


def _extends_problem(value: object, chain: tuple[str, ...] | None) -> str | None:
    if chain is None:
        return "an issue's templates/ extend the set its manifest names (template:), no other"
    if not isinstance(value, str) or value not in template_sets():
        return unknown_set(str(value))
    if value in chain:
        return f"extends {value}, which this set is part of: {' → '.join((*chain, value))}"
    return None


def _size_problems(document: Document, sizes: dict[Any, Any]) -> list[Problem]:
    """``sizes:``, per preset, the margins and columns of that size only."""
    problems = []
    for name, overrides in sizes.items():
        if name not in PRESETS:
            close = difflib.get_close_matches(str(name), list(PRESETS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"not a size preset{hint}; use one of {', '.join(PRESETS)}"
            problems.append(document.problem(("sizes", name), message, at_key=True))
            continue
        if not isinstance(overrides, dict):
            message = f"expected a mapping of {', '.join(SIZE_SETTINGS)}, got {overrides!r}"
            problems.append(document.problem(("sizes", name), message))
            continue
        for key, value in overrides.items():
            path = ("sizes", name, key)
            if key not in SIZE_SETTINGS:
                close = difflib.get_close_matches(str(key), SIZE_SETTINGS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                message = f"unknown setting of a size{hint}; use {', '.join(SIZE_SETTINGS)}"
                problems.append(document.problem(path, message, at_key=True))
            elif not _valid(key, value):
                problems.append(document.problem(path, f"expected {_expected(key)}, got {value!r}"))
    return problems


_KINDS = {
    "sizes": "a mapping",
    "headline_sizes": "a mapping of column counts to sizes in pt",
    "headline_scale": "a list of sizes in pt",
}
# Each number's bounds (least, most, whole): a pitch of 0 or a negative gutter is no grid.
_BOUNDS: dict[str, tuple[float, float, bool]] = {
    "body_size": (1.0, 72.0, False),
    "line_pitch": (1.0, 5.0, False),
    "gutter_chars": (0, 10, True),
    "masthead_lines": (0, 40, True),
    "drop_cap_lines": (0, 10, True),
    "contents_entries": (0, 30, True),
    "margin_top_mm": (0.0, 200.0, False),
    "margin_bottom_mm": (0.0, 200.0, False),
    "margin_side_mm": (0.0, 200.0, False),
    "columns": (1, 16, True),
    "headline_steps_down": (0, 10, True),
    "headline_steps_up": (0, 10, True),
    "headline_air": (0, 10, True),
    "photo_crop": (0.0, 0.9, False),
    "photo_min_ppi": (1.0, 2400.0, False),
    "short_article": (0, 100_000, True),
    "tighten": (0.0, 0.5, False),
    "loosen": (0.0, 0.5, False),
    "tracking_lines": (0, 20, True),
    "paragraph_space": (0, 40, True),
}


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_WORDS = {f.name for f in fields(Words)} - {"language", "size"}


def _expected(key: str) -> str:
    if key == "language":
        return "a language tag such as en or zh-CN"
    if key == "size":
        return f"a size preset ({', '.join(PRESETS)}) or two lengths like '297mm 420mm'"
    if key in _WORDS:
        return "some text"
    if key in _KINDS:
        return _KINDS[key]
    low, high, whole = _BOUNDS.get(key, (0, float("inf"), False))
    kind = "a whole number" if whole else "a number"
    return f"{kind} from {low:g} to {high:g}"


def _valid(key: str, value: object) -> bool:
    if key == "language":
        return isinstance(value, str) and bool(_LANGUAGE.fullmatch(value))
    if key == "size":
        return isinstance(value, str) and page_size(value) is not None
    if key in _WORDS:
        return isinstance(value, str) and bool(value.strip())

    def number(v: object) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0

    if key == "sizes":
        return isinstance(value, dict)
    if key == "headline_sizes":
        return (
            isinstance(value, dict)
            and bool(value)
            and all(isinstance(k, int) and 1 <= k <= 16 and number(v) for k, v in value.items())
        )
    if key == "headline_scale":
        return isinstance(value, list) and bool(value) and all(number(v) for v in value)
    low, high, whole = _BOUNDS.get(key, (0, float("inf"), False))
    if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
        return False
    return math.isfinite(value) and low <= value <= high
