"""Seeded pages of English newsletter copy, in the shape ``newsprint import`` reads.

Typed as a newsroom types it: straight quotes and apostrophes, ``--`` for a
dash, ``...``; headlines with a deck after two spaces, datelines in capitals,
bylines in their three shapes (``By …``, ``— By …``, ``Story by …``), photo
lines with ``Photo by …`` credits, now and then a ``## section``. Each page is
a pure function of its seed.

    markdown, photos = english_page(7, words=900)
    write_english_page(folder, markdown, photos)   # folder/PAGE.md, folder/img/*.png
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path

from corpus_copy import PhotoSpec, draw_photo

PLACES = ["Riverside", "Oakfield", "Mill Square", "Alder Park", "the harbour", "Elm Street"]
TOWNS = ["RIVERSIDE", "OAKFIELD", "ALDER VALE", "NORTH BANK", "EASTGATE"]
PEOPLE = [
    "Ellen Park", "James Reed", "Aisha Karimi", "Tom Whitaker", "Maria Lopez", "Sam O'Neill",
    "Priya Shah", "Daniel Fry", "Claire Donnelly", "Owen McAllister", "Ruth Adeyemi", "Li Wei",
]  # fmt: skip
ROLES = ["the mayor", "a councillor", "the head teacher", "a local shopkeeper", "the organiser"]
SUBJECTS = [
    "The town council", "The library board", "Volunteers", "The school governors",
    "Local traders", "The parks department", "Residents of Elm Street", "The football club",
]  # fmt: skip
VERBS = [
    "approved", "opened", "announced", "rejected", "welcomed", "postponed", "launched",
    "reviewed", "celebrated", "extended",
]  # fmt: skip
OBJECTS = [
    "a new plan for parking", "the spring clean-up", "longer opening hours",
    "a community garden", "repairs to the footbridge", "a youth football league",
    "a farmers market", "the summer festival", "a bus route to the hospital",
    "a repair cafe", "new street lighting", "a reading programme for children",
]  # fmt: skip
WHEN = ["on Tuesday", "last week", "this spring", "after a long debate", "on Saturday morning"]
DETAILS = [
    "The work is expected to cost about ${n} thousand and to finish by the autumn",
    "More than {n} people signed a petition in support of the idea",
    "The plan was first put forward {n} years ago but stalled for lack of money",
    "Organisers said they hoped to see at least {n} families take part",
    "A public meeting will be held at the town hall, where questions can be put to the panel",
    "Details are on the council's website, https://example.org/notices--{n}, and in the library",
    "The decision was carried by {n} votes to three after an hour of questions",
    "It's the third such scheme in the district, and the first to be run by volunteers",
]  # fmt: skip
QUOTES = [
    "This is a good day for the town",
    "We've waited a long time -- too long -- for this",
    "It's not perfect, but it's a start",
    "People told us what they wanted, and we listened",
    "I didn't think we'd get here so soon",
    "We'll keep working on it... there's more to do",
]  # fmt: skip
SECTIONS = ["In Brief", "Community", "Sport", "What's On", "Schools"]


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        quote = rng.choice(QUOTES)
        return f'"{quote}," said {rng.choice(PEOPLE)}, {rng.choice(ROLES)}.'
    if kind < 0.6:
        return rng.choice(DETAILS).format(n=rng.randint(2, 900)) + "."
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(WHEN)}, and {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} "
        f"{rng.choice(OBJECTS)}."
    )


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def _byline(rng: random.Random) -> str:
    name = rng.choice(PEOPLE)
    return rng.choice([f"By {name}", f"— By {name}", f"Story by {name}"])


def english_article(rng: random.Random, words: int, photo: str | None) -> str:
    """One article of about ``words`` words: headline (and deck), text, byline."""
    subject, verb, thing = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    headline = f"{subject} {verb} {thing}"
    if rng.random() < 0.6:
        headline += (
            f"  {rng.choice(PEOPLE)} says the town is {rng.choice(['ready', 'divided', 'hopeful'])}"
        )
    lines = [f"# {headline}", ""]
    paragraphs, count = [], 0
    while count < words:
        paragraphs.append(_paragraph(rng))
        count += len(paragraphs[-1].split())
    if rng.random() < 0.5:
        paragraphs[0] = f"{rng.choice(TOWNS)} — {paragraphs[0]}"
    for index, paragraph in enumerate(paragraphs):
        lines += [paragraph, ""]
        if photo and index == 0:
            caption = f"{rng.choice(PEOPLE)} at {rng.choice(PLACES)}. Photo by {rng.choice(PEOPLE)}"
            lines += [f"![{caption}](img/{photo})", ""]
    lines += [_byline(rng), ""]
    return "\n".join(lines)


def english_page(
    seed: int, *, words: int = 900, articles: int = 5, photos: int = 1
) -> tuple[str, list[str]]:
    """A page of copy of about ``words`` words in ``articles`` articles (the first the
    longest), ``photos`` of them with a photo; the Markdown and the photos' names."""
    rng = random.Random(f"newsprint-english:{seed}")
    shares = [rng.uniform(0.5, 1.5) for _ in range(articles)]
    shares[0] *= 2.0
    total = sum(shares)
    names = [f"p{seed}-{n}.png" for n in range(photos)]
    parts = []
    for index, share in enumerate(shares):
        if index and rng.random() < 0.15:
            parts.append(f"## {rng.choice(SECTIONS)}\n")
        photo = names[index] if index < photos else None
        parts.append(english_article(rng, max(40, round(words * share / total)), photo))
    return "\n".join(parts), names


def write_english_page(folder: Path, markdown: str, photos: list[str]) -> Path:
    """``folder/PAGE.md`` and its photos (drawn, 3:2) in ``folder/img``."""
    (folder / "img").mkdir(parents=True, exist_ok=True)
    for name in photos:
        spec = PhotoSpec(name, (1500, 1000), "3:2", "", "", seed=zlib.crc32(name.encode()))
        draw_photo(spec).save(folder / "img" / name)
    page = folder / "PAGE.md"
    page.write_text(markdown, encoding="utf-8")
    return page
