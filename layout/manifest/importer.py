"""Import a page of copy (Markdown from a scan or a wire) into an issue manifest.

The copy has the shape of a printed page read line by line: ``# headline``
lines, ``## section`` lines for 栏目 banners, articles opening with a 电头
(本报讯) and closing with 记者/通讯员 bylines, paragraphs cut mid-sentence where
the scan's columns broke, ``![caption](file)`` lines for pictures. Everything
here is a pure function of the text, so each heuristic can be tested on its own;
the command looks up and copies the picture files and writes the folder. Module
widths are not guessed: the compositor chooses them when it lays out the page.
What the importer cannot decide becomes a :class:`Note`, which the manifest
shows as a ``# import: check — …`` comment and the CLI prints on stderr.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import yaml

from layout.manifest import latin_copy

if TYPE_CHECKING:
    from layout.manifest.paging import Placed

PHRASE_SEPARATOR = "\u3000"
"""Joins the phrases of a headline in the manifest, as editors write them."""

SIZE = "tabloid"
"""The page size of an imported issue."""

IMAGE_FOLDER = "img"
"""The issue folder's folder for the pictures copied from beside the copy."""

UNTITLED = "标题待定"
"""Stands in for a headline line with nothing on it: a manifest needs a headline."""
LATIN_UNTITLED = "Headline to come"
"""The same in Latin copy."""

LONG_PHRASE = 12
"""A second headline phrase this long may be a 副题: the importer asks."""

ROLES: tuple[str, ...] = ("本报记者", "特约记者", "见习记者", "实习记者", "摄影记者", "记者")
ROLES += ("本报通讯员", "特约通讯员", "通讯员", "实习生")
"""The roles a byline may name; longest first so 本报记者 is not read as 本报 + 记者."""

_ROLE = re.compile("|".join(sorted(ROLES, key=len, reverse=True)))
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+")
_NAME_SEPARATORS = re.compile(r"[\s、，,]+")
_SENTENCE_END = re.compile(r"[。！？!?.…⋯][\"'”’」』）)\]》]*$")
_BYLINE_AFTER = re.compile(r"[。！？!?.…⋯\"”’」』）)][ \t\u3000]+")
_LEAD = re.compile(
    r"(?:本报[^\s，,。：:]{0,12}讯|(?:新华社|中新社)[^\s，,。：:]{0,12}电)"
    r"(?:（[^）]*）|\([^)]*\))?"
)
_MARKDOWN_BLOCK = re.compile(r"#{1,6}\s|>|[-*+]\s|\d+[.)]\s|\||!\[|```|~~~")
_PHRASE_BREAK = re.compile(r"(?<![A-Za-z0-9])[ \u3000]++|[ \u3000]++(?![A-Za-z0-9])")
_EVENT = r"(?:会议?|大会|论坛|仪式|典礼|活动|峰会|年会|博览会)"
_COMPLETE = re.compile(
    rf"{_EVENT}(?:召开|举行|举办|开幕|闭幕|落幕|启动)$|(?:召开|举行|举办|开展|启动)\S+{_EVENT}$"
)
_DANGLING = re.compile(r"(?:召开|举行|举办|开展|启动|部署|推进|调研|到|赴|在|对|为|与|和|及|的)$")
_SLUG_CHARS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*(?:<(?P<angled>[^<>\n]*)>|(?P<bare>[^\s<>]+?))"
    r"(?:\s+(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|\((?P<round>[^()]*)\)))?\s*\)"
)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CREDIT_BOUNDARY = re.compile(r"[\s。！？!?，,；;：:（(]+")
_CREDIT = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,6}}?[社报台网])?(?:{_ROLE.pattern})[ \t\u3000]*"
    rf"(?:{_NAME.pattern})(?:[\s、，,]+(?:{_NAME.pattern}))*[ \t\u3000]*摄"
    rf"|(?:{_NAME.pattern})(?:、(?:{_NAME.pattern}))*[ \t\u3000]+摄"
)
_CAPTION_TRAIL = " \t\u3000，,、；;：:（("


@dataclass(frozen=True)
class Note:
    """Something the importer could not decide, at a line of the copy."""

    line: int
    message: str


@dataclass(frozen=True)
class Headline:
    """A headline line split into 主题 and 副题; ``note`` when the split is a guess."""

    headline: str
    subtitle: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of copy: its first line number and its lines, trailing spaces removed."""

    line: int
    lines: tuple[str, ...]

    def joined(self, join: Callable[[str, str], str]) -> str:
        """Lines of a Markdown block keep their breaks; lines of prose are one sentence run."""
        if _MARKDOWN_BLOCK.match(self.lines[0]):
            return "\n".join(self.lines)
        text = self.lines[0]
        for line in self.lines[1:]:
            text = join(text, line)
        return text


@dataclass(frozen=True)
class ImportedImage:
    """A picture line of the copy; ``file`` is its place in the issue folder once copied.

    ``path`` stays as written (relative to the copy's folder): only the command
    may look at the file system, and it decides whether the file may be read.
    """

    line: int
    path: str
    caption: str | None = None
    credit: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class ImportedArticle:
    """An article as the manifest and its Markdown file will hold it."""

    line: int
    headline: str
    subtitle: str | None
    lead: str | None
    paragraphs: tuple[str, ...]
    bylines: dict[str, tuple[str, ...]]
    notes: tuple[Note, ...] = ()
    images: tuple[ImportedImage, ...] = ()

    @property
    def markdown(self) -> str:
        """The article file: one paragraph per block, no headline, lead, bylines or pictures."""
        return "\n\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True)
class ImportedSection:
    """A 栏目 banner and the one article the importer put under it."""

    line: int
    title: str
    article: ImportedArticle | None
    notes: tuple[Note, ...] = ()


Item = ImportedArticle | ImportedSection


@dataclass(frozen=True)
class ImportedPage:
    """The imported items in reading order, and the notes about them."""

    items: tuple[Item, ...]
    notes: tuple[Note, ...] = ()  # about the page as a whole

    def articles(self) -> list[ImportedArticle]:
        """Every article in reading order, those under a section included."""
        found = []
        for item in self.items:
            if isinstance(item, ImportedArticle):
                found.append(item)
            elif item.article is not None:
                found.append(item.article)
        return found

    def all_notes(self) -> list[Note]:
        """Every note, in the order of the copy's lines."""
        notes = list(self.notes)
        for item in self.items:
            notes += item.notes
            if isinstance(item, ImportedSection) and item.article is not None:
                notes += item.article.notes
        return sorted(notes, key=lambda note: note.line)

    def image_paths(self) -> list[str]:
        """Every picture path as written in the copy, once each, in reading order."""
        paths = (image.path for article in self.articles() for image in article.images)
        return list(dict.fromkeys(paths))


@dataclass(frozen=True)
class IssueInfo:
    """The manifest's placeholders, from command-line options and the template set."""

    paper: str = "某某报"
    issue: int = 1
    date: dt.date = field(default_factory=dt.date.today)
    page: int = 2  # an inner page: page 1 also carries the masthead
    name: str = "综合"
    template: str = "default"
    size: str = SIZE


def _join(left: str, right: str) -> str:
    """Join two pieces of one sentence: no space in Chinese, one between Latin words."""
    return f"{left} {right}" if _latin(left[-1:]) and _latin(right[:1]) else left + right


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def phrases(text: str) -> list[str]:
    """A headline's phrases: split at spaces, except spaces between Latin words or digits."""
    return [p for p in _PHRASE_BREAK.split(text.strip()) if p]


def split_headline(text: str) -> Headline:
    """Split a scanned headline line into 主题 and 副题 at phrase spaces.

    Leading phrases that end in a verb or preposition waiting for its object
    (中原区召开 …) belong to the 主题. Then the rest is the 副题 when the 主题
    is complete on its own (…会议召开, 召开…会议) or when two or more phrases
    remain (a 副题 is usually two parallel phrases); a split made only on that
    count is noted. A single remaining phrase stays in the 主题 (a 主题 is often
    a couplet of two phrases), noted when it is long enough to be a 副题.
    """
    parts = phrases(text)
    if not parts:
        return Headline(UNTITLED, note=f"empty headline: replace “{UNTITLED}” with the 主题")
    head, rest = parts[:1], parts[1:]
    while rest and _DANGLING.search(head[-1]) and not _COMPLETE.search(head[-1]):
        head.append(rest.pop(0))
    complete = bool(_COMPLETE.search(head[-1]))
    if not rest:
        return Headline(PHRASE_SEPARATOR.join(head))
    if complete or len(rest) > 1:
        headline = PHRASE_SEPARATOR.join(head)
        note = None if complete else f"主题 “{headline}” and 副题 split by phrase count only"
        return Headline(headline, PHRASE_SEPARATOR.join(rest), note)
    note = None
    if len(rest[0]) >= LONG_PHRASE:
        note = f"“{rest[0]}” kept in the 主题; if it is a 副题, move it to `subtitle:`"
    return Headline(PHRASE_SEPARATOR.join([*head, *rest]), note=note)


Byline = list[tuple[str, list[str]]]  # (role, names) in reading order


def parse_byline(text: str) -> Byline | None:
    """``记者 唐善普 通讯员 苏慧莹 高浩原`` → roles and names; None if it is not a byline.

    Every token must be a role, a name of 2–4 Han characters (or with ·), or a
    role glued to a name (记者唐善普); every role needs a name.
    """
    found: list[tuple[str, list[str]]] = []
    for token in _NAME_SEPARATORS.split(text.strip()):
        role = _ROLE.match(token)
        if role and role.end() == len(token):
            found.append((token, []))
        elif role and _NAME.fullmatch(token[role.end() :]):
            found.append((role[0], [token[role.end() :]]))
        elif found and _NAME.fullmatch(token):
            found[-1][1].append(token)
        else:
            return None
    return found if found and all(names for _, names in found) else None


def take_bylines(
    paragraphs: list[Paragraph], parse: Callable[[str], Byline | None] = parse_byline
) -> tuple[list[Paragraph], list[tuple[str, list[str]]]]:
    """Remove the bylines closing an article and return them in reading order.

    Three shapes: byline paragraphs (one role a line, or all roles on one
    line, or role and names over two lines); byline lines closing the last
    paragraph; a byline after the last sentence of the last paragraph
    (…留足时间。 记者 唐善普).
    """
    paragraphs = list(paragraphs)
    bylines: list[tuple[str, list[str]]] = []
    while paragraphs:
        last = paragraphs.pop()
        start, found = _byline_lines(last.lines, parse)
        bylines[:0] = found
        if start == 0:
            continue
        lines = list(last.lines[:start])
        if not found:
            lines[-1], found = _trailing_byline(lines[-1], parse)
            bylines[:0] = found
        paragraphs.append(Paragraph(last.line, tuple(lines)))
        break
    return paragraphs, bylines


def _byline_lines(
    lines: tuple[str, ...], parse: Callable[[str], Byline | None]
) -> tuple[int, list[tuple[str, list[str]]]]:
    """The first of the closing lines that together read as a byline, and the byline."""
    for start in range(len(lines)):
        found = parse(" ".join(lines[start:]))
        if found:
            return start, found
    return len(lines), []


def _trailing_byline(
    line: str, parse: Callable[[str], Byline | None]
) -> tuple[str, list[tuple[str, list[str]]]]:
    """Split ``…时间。 记者 唐善普`` into the sentence and its byline."""
    for match in _BYLINE_AFTER.finditer(line):
        found = parse(line[match.end() :])
        if found:
            return line[: match.start() + 1], found
    return line, []


def join_broken(
    paragraphs: list[Paragraph], join: Callable[[str, str], str] = _join
) -> list[Paragraph]:
    """Join each paragraph that stops mid-sentence to the one after it.

    A paragraph is finished when it ends with 。！？… (or . ! ?), possibly
    followed by closing quotes or brackets; Markdown blocks (headings, lists,
    quotes, tables, pictures) are never joined.
    """
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous
            and not ends_sentence(previous.joined(join))
            and not _is_block(previous, paragraph)
        ):
            text = join(previous.joined(join), paragraph.joined(join))
            joined[-1] = Paragraph(previous.line, (text,))
        else:
            joined.append(paragraph)
    return joined


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _is_block(*paragraphs: Paragraph) -> bool:
    return any(_MARKDOWN_BLOCK.match(p.lines[0]) for p in paragraphs)


def take_lead(text: str) -> tuple[str | None, str]:
    """Split the 电头 (本报讯, 本报郑州1月14日讯, 本报讯（记者 …）, 新华社…电) off the text."""
    match = _LEAD.match(text)
    if match is None:
        return None, text
    return match[0], text[match.end() :].lstrip(" \t\u3000")


def split_credit(text: str) -> tuple[str | None, str | None]:
    """``图为… 记者 唐善普 摄`` → caption and credit; no credit unless it ends in 摄.

    A credit starts the caption or follows a space or punctuation: a role with
    names (新华社记者 张三 李四 摄, 记者唐善普摄), or names joined by 、 and a
    space before 摄 (唐善普 摄) — without a role, a word before the name could be
    a name too. It may stand in brackets, （记者 唐善普 摄）. The longest wins.
    """
    text = text.strip()
    for start in [0, *(match.end() for match in _CREDIT_BOUNDARY.finditer(text))]:
        tail, caption = text[start:], text[:start]
        if caption[-1:] in ("（", "(") and tail[-1:] in ("）", ")"):
            tail = tail[:-1].rstrip()
        if _CREDIT.fullmatch(tail):
            return caption.rstrip(_CAPTION_TRAIL) or None, tail
    return text or None, None


def parse_image(
    line: str, split: Callable[[str], tuple[str | None, str | None]] = split_credit
) -> ImportedImage | None:
    """``![caption](img/x.jpg "title")`` alone on a line → a picture; None for anything else.

    The caption is the alt text (the title when there is none), its trailing
    photo credit split off by :func:`split_credit`.
    """
    match = _IMAGE.fullmatch(line.strip())
    if match is None:
        return None
    path = match["angled"] if match["angled"] is not None else match["bare"]
    title = match["double"] or match["single"] or match["round"] or ""
    caption, credit = split(_ESCAPED.sub(r"\1", match["alt"]).strip() or title)
    return ImportedImage(0, path.strip(), caption, credit)


def take_images(
    paragraphs: list[Paragraph],
    split: Callable[[str], tuple[str | None, str | None]] = split_credit,
) -> tuple[list[Paragraph], list[ImportedImage]]:
    """Take out the lines that are a picture and nothing else, in reading order.

    A picture line splits its paragraph in two: a scan puts pictures between
    paragraphs, and :func:`join_broken` joins a sentence the picture cut.
    """
    kept: list[Paragraph] = []
    images: list[ImportedImage] = []
    for paragraph in paragraphs:
        lines: list[str] = []
        for number, text in enumerate(paragraph.lines, start=paragraph.line):
            image = parse_image(text, split)
            if image is None:
                lines.append(text)
                continue
            images.append(replace(image, line=number))
            if lines:
                kept.append(Paragraph(number - len(lines), tuple(lines)))
                lines = []
        if lines:
            kept.append(Paragraph(paragraph.line + len(paragraph.lines) - len(lines), tuple(lines)))
    return kept, images


@dataclass(frozen=True)
class CopyRules:
    """How copy in one script is read: swapped whole, as SILE swaps typesetters."""

    split_headline: Callable[[str], Headline]
    parse_byline: Callable[[str], list[tuple[str, list[str]]] | None]
    take_lead: Callable[[str], tuple[str | None, str]]
    split_credit: Callable[[str], tuple[str | None, str | None]]
    join: Callable[[str, str], str]  # two lines of one paragraph


def _latin_headline(text: str) -> Headline:
    headline, deck = latin_copy.split_headline(text)
    if not headline:
        return Headline(LATIN_UNTITLED, note=f"empty headline: replace “{LATIN_UNTITLED}”")
    return Headline(headline, deck)


CHINESE = CopyRules(split_headline, parse_byline, take_lead, split_credit, _join)
"""The rules of Chinese copy: 记者 bylines, 本报讯 leads, 主题 and 副题 at phrase spaces."""
LATIN = CopyRules(
    _latin_headline,
    latin_copy.parse_byline,
    latin_copy.take_lead,
    latin_copy.split_credit,
    latin_copy.join,
)
"""The rules of Latin copy (:mod:`layout.manifest.latin_copy`)."""


def import_article(
    line: int, headline_text: str, paragraphs: list[Paragraph], rules: CopyRules = CHINESE
) -> ImportedArticle:
    """One article from its headline line and the paragraphs below it."""
    headline = rules.split_headline(headline_text)
    notes = [Note(line, headline.note)] if headline.note else []
    paragraphs, images = take_images(paragraphs, rules.split_credit)
    body, found = take_bylines(paragraphs, rules.parse_byline)
    body = join_broken(body, rules.join)
    lead = None
    texts = [p.joined(rules.join) for p in body]
    if texts:
        lead, texts[0] = rules.take_lead(texts[0])
        if not texts[0]:
            texts.pop(0)
    if not texts:
        notes.append(Note(line, "no text under this headline"))
    elif not ends_sentence(texts[-1]) and not _is_block(body[-1]):
        notes.append(Note(body[-1].line, "the last paragraph stops mid-sentence: text may be lost"))
    bylines: dict[str, tuple[str, ...]] = {}
    for role, names in found:
        bylines[role] = (*bylines.get(role, ()), *names)
    return ImportedArticle(
        line=line,
        headline=headline.headline,
        subtitle=headline.subtitle,
        lead=lead,
        paragraphs=tuple(texts),
        bylines=bylines,
        notes=tuple(notes),
        images=tuple(images),
    )


def import_page(text: str, rules: CopyRules = CHINESE) -> ImportedPage:
    """Read a page of copy into sections and articles in reading order.

    A ``## section`` line becomes a 栏目 banner holding only the article that
    follows it: the copy does not show where a section ends, so the editor is
    asked (a note) to move the other articles that belong under it.
    """
    items: list[Item] = []
    notes: list[Note] = []
    section: tuple[int, str] | None = None
    heading: tuple[int, str] | None = None
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    start = 0

    def end_paragraph() -> None:
        if lines:
            paragraphs.append(Paragraph(start, tuple(lines)))
            lines.clear()

    def end_article() -> None:
        nonlocal section
        end_paragraph()
        if heading is None:
            if paragraphs:
                message = "text without a headline above it: not imported"
                notes.append(Note(paragraphs[0].line, message))
        else:
            article = import_article(*heading, paragraphs, rules)
            if section is not None:
                items.append(_section(*section, article))
                section = None
            else:
                items.append(article)
        paragraphs.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("## ") or line == "##":
            end_article()
            heading = None
            if section is not None:
                items.append(_section(*section, None))
            section = (number, line[2:].strip())
        elif line.startswith("# ") or line == "#":
            end_article()
            heading = (number, line[1:].strip())
        elif not line.strip():
            end_paragraph()
        else:
            if not lines:
                start = number
            lines.append(line.strip())
    end_article()
    if section is not None:
        items.append(_section(*section, None))
    return ImportedPage(tuple(items), tuple(notes))


def _section(line: int, title: str, article: ImportedArticle | None) -> ImportedSection:
    if article is None:
        message = f"no article follows the section “{title}”: add its articles to its `items:`"
    else:
        message = (
            f"the copy does not show where the section “{title}” ends: only the next article "
            "was put in its `items:`; move the other articles that belong to it there"
        )
    return ImportedSection(line, title, article, (Note(line, message),))


def place_images(
    page: ImportedPage, found: Mapping[str, Path | str]
) -> tuple[ImportedPage, dict[str, Path]]:
    """Give each picture its file in the issue's ``img/``, or drop it with a note.

    ``found`` maps every path of :meth:`ImportedPage.image_paths` to the source
    file the command found for it, or to why it may not be read; so this stays
    pure. Returns the page and what to copy where. A source file gets one name
    however often it is shown; different files of one name are numbered
    (photo.jpg, photo-2.jpg), compared without case for case-blind file systems.
    """
    names: dict[Path, str] = {}

    def place(article: ImportedArticle) -> ImportedArticle:
        images: list[ImportedImage] = []
        notes = list(article.notes)
        for image in article.images:
            source = found[image.path]
            if isinstance(source, str):
                notes.append(Note(image.line, f"picture “{image.path}” {source}: not imported"))
                continue
            if source not in names:
                names[source] = _free_name(source.name, names.values())
            images.append(replace(image, file=f"{IMAGE_FOLDER}/{names[source]}"))
        return replace(article, images=tuple(images), notes=tuple(notes))

    items: list[Item] = []
    for item in page.items:
        if isinstance(item, ImportedArticle):
            items.append(place(item))
        else:
            items.append(replace(item, article=item.article and place(item.article)))
    copies = {f"{IMAGE_FOLDER}/{name}": source for source, name in names.items()}
    return replace(page, items=tuple(items)), copies


def _free_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``stem-N.suffix`` with the first N from 2 that no taken name has."""
    used = {other.casefold() for other in taken}
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    candidate, number = name, 2
    while candidate.casefold() in used:
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    return candidate


def slug(headline: str) -> str:
    """A file name stem from the headline's first characters (Han kept, readable to editors)."""
    return _SLUG_CHARS.sub("", phrases(headline)[0] if headline else "")[:10].lower() or "article"


def article_files(page: ImportedPage) -> list[str]:
    """``articles/NN-slug.md`` for every article, numbered in reading order."""
    return [
        f"articles/{number:02d}-{slug(article.headline)}.md"
        for number, article in enumerate(page.articles(), start=1)
    ]


def yaml_scalar(value: Any) -> str:
    """One YAML value on one line, quoted exactly where YAML needs it (flow style)."""
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=math.inf
    )
    return text.removesuffix("\n").removesuffix("\n...")


def manifest_text(
    page: ImportedPage, info: IssueInfo, source: str, pages: Sequence[Sequence[Placed]]
) -> str:
    """The issue manifest with the import notes as comments where they apply; ``pages``
    shares the items out (``layout.manifest.paging``), numbered from ``info.page``."""
    out = [
        f"# Imported by `newsprint import` from {source}. paper, issue, date and the pages'",
        "# numbers and names are placeholders from the command line; module widths are left",
        "# to the compositor. A `# import: check — …` line marks what the importer could",
        "# not decide: settle it, then delete the line. See docs/import.md.",
        *(_comment("", note, source) for note in page.notes),
        f"paper: {yaml_scalar(info.paper)}",
        f"issue: {yaml_scalar(info.issue)}",
        f"date: {yaml_scalar(info.date)}",
        f"size: {yaml_scalar(info.size)}",
        f"template: {yaml_scalar(info.template)}",
        "",
        "pages:",
    ]
    files = dict(zip(map(id, page.articles()), article_files(page), strict=True))
    for index, placed_items in enumerate(pages):
        if index:
            out.append("")
        out += [
            f"  - number: {yaml_scalar(info.page + index)}",
            f"    name: {yaml_scalar(info.name)}",
            "    # editor: the page's editor",
            "    items:" if placed_items else "    items: []  # the rest of the article before",
        ]
        for placed in placed_items:
            item = placed.item
            out.append("")
            out += [_comment("      ", note, source) for note in item.notes]
            if isinstance(item, ImportedArticle):
                out += _article_lines(item, files[id(item)], "      ", placed.jump)
                continue
            out += [
                f"      - section: {yaml_scalar(item.title)}",
                "        items:" if item.article else "        items: []",
            ]
            if item.article:
                out += [_comment("          ", note, source) for note in item.article.notes]
                out += _article_lines(
                    item.article, files[id(item.article)], "          ", placed.jump
                )
    return "\n".join(out) + "\n"


def _comment(indent: str, note: Note, source: str) -> str:
    return f"{indent}# import: check — {note.message} ({source}:{note.line})"


def _article_lines(
    article: ImportedArticle, file: str, indent: str, jump: int | None = None
) -> list[str]:
    keys: dict[str, Any] = {
        "headline": article.headline,
        "subtitle": article.subtitle,
        "lead": article.lead,
        "file": file,
        "bylines": {
            role: names[0] if len(names) == 1 else list(names)
            for role, names in article.bylines.items()
        }
        or None,
        "images": [_image_keys(image) for image in article.images] or None,
        "jump": jump,
    }
    present = [(key, value) for key, value in keys.items() if value is not None]
    return [
        f"{indent}{'- ' if i == 0 else '  '}{key}: {yaml_scalar(value)}"
        for i, (key, value) in enumerate(present)
    ]


def _image_keys(image: ImportedImage) -> dict[str, str]:
    """A picture's manifest keys; one not yet placed keeps the path the copy gave."""
    keys = {"file": image.file or image.path, "caption": image.caption, "credit": image.credit}
    return {key: value for key, value in keys.items() if value is not None}


def import_files(
    page: ImportedPage, info: IssueInfo, source: str, pages: Sequence[Sequence[Placed]]
) -> dict[str, str]:
    """Every file of the imported issue folder, by relative path."""
    files = {"issue.yaml": manifest_text(page, info, source, pages)}
    for path, article in zip(article_files(page), page.articles(), strict=True):
        files[path] = article.markdown
    return files
