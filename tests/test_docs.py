"""The documentation: generated pages are current, the guide covers the code, links resolve."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest
from conftest import ROOT
from PIL import Image

from layout import cli_reference
from layout.manifest import reference, schema
from layout.render.geometry import GridSettings
from layout.render.views import ModuleView
from layout.typeset.article import TypesetArticle

DOCS = ROOT / "docs"
REGENERATE = {
    "manifest-reference.md": "python -m layout.manifest.reference > docs/manifest-reference.md",
    "cli.md": "python -m layout.cli_reference > docs/cli.md",
}


def test_manifest_reference_is_current() -> None:
    committed = (DOCS / "manifest-reference.md").read_text(encoding="utf-8")
    assert committed == reference.reference(), f"run {REGENERATE['manifest-reference.md']}"


def test_cli_reference_is_current() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_reference.reference(), f"run {REGENERATE['cli.md']}"


def test_manifest_reference_has_every_key_of_the_schema() -> None:
    text = reference.reference()
    for model, anchor in ((schema.RawIssue, "## Issue"), (schema.RawArticle, "## Article")):
        section = text.split(anchor, 1)[1].split("\n## ", 1)[0]
        for name, field in model.model_fields.items():
            assert f"| `{field.alias or name}` |" in section
    assert "| `section` | text, not empty | **required** |" in text
    assert "| `columns` | integer 1–16 |" in text
    assert "`tabloid`, `broadsheet`" in text


def test_a_key_without_documentation_fails_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = dict(reference.KEYS)
    del keys[schema.RawArticle, "height"]
    monkeypatch.setattr(reference, "KEYS", keys)
    with pytest.raises(reference.UndocumentedKey, match=r"RawArticle\.height"):
        reference.reference()


def test_documentation_of_a_key_the_schema_lacks_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = dict(reference.KEYS)
    keys[schema.RawPage, "colour"] = reference.KeyDoc("Gone.", "red")
    monkeypatch.setattr(reference, "KEYS", keys)
    with pytest.raises(reference.UndocumentedKey, match=r"RawPage\.colour"):
        reference.reference()


def test_cli_reference_shows_every_command_and_option() -> None:
    text = cli_reference.reference()
    for command in ("build", "check", "doctor", "import", "new"):
        assert f"## newsprint {command}\n" in text
        assert f"Usage: newsprint {command} [OPTIONS]" in text
    assert "--allow-overset" in text and "--pdf-x [4|1a]" in text and "-h, --help" in text


def template_variables() -> list[str]:
    """The keyword arguments ``page_html`` in layout/render/document.py passes to page.html."""
    tree = ast.parse((ROOT / "layout" / "render" / "document.py").read_text(encoding="utf-8"))
    render = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "page_html"
    )
    calls = [
        n
        for n in ast.walk(render)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "render"
    ]
    return [k.arg for call in calls for k in call.keywords if k.arg]


def test_template_guide_covers_every_variable_and_field() -> None:
    guide = (DOCS / "templates.md").read_text(encoding="utf-8")
    variables = template_variables()
    assert "issue" in variables and "modules" in variables
    for name in variables:
        assert f"| `{name}` |" in guide, f"template variable {name} is not in docs/templates.md"
    for field in dataclasses.fields(ModuleView):
        assert f"| `{field.name}` |" in guide, f"ModuleView.{field.name} is not documented"
    for field in dataclasses.fields(TypesetArticle):
        assert f"`{field.name}`" in guide, f"TypesetArticle.{field.name} is not documented"
    for css_class in ("halt", "nobr", "latin sp-l", "lead", "phrase", "bylines"):
        assert f"`{css_class}" in guide


def test_template_guide_lists_every_grid_setting() -> None:
    guide = (DOCS / "templates.md").read_text(encoding="utf-8")
    settings = guide.split("## `settings.yaml`", 1)[1].split("\n## ", 1)[0]
    for field in dataclasses.fields(GridSettings):
        assert f"| `{field.name}` |" in settings


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_the_documents_resolve() -> None:
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: broken link {target}"
            if anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                assert anchor in {slug(h) for h in headings}, f"{page.name}: no anchor {target}"
            checked += 1
    assert checked >= 20


def test_readme_links_the_docs_and_shows_a_modest_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("manifest.md", "manifest-reference.md", "templates.md", "cli.md"):
        assert f"(docs/{name})" in readme
    assert "(docs/troubleshooting.md)" in readme
    picture = DOCS / "sample-page.png"
    assert picture.stat().st_size < 150_000
    with Image.open(picture) as image:
        assert 400 <= image.width <= 900 and image.height > image.width


def test_generated_pages_say_how_to_regenerate_them() -> None:
    for name, command in REGENERATE.items():
        assert command.split(" > ")[0] in (DOCS / name).read_text(encoding="utf-8")
