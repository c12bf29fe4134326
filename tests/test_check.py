"""`newsprint check` and the checks `build` runs: one small issue per problem.

Each check is triggered by a manifest that has the problem and stays quiet on
one that does not; findings are read from the command's JSON output.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import ROOT, SAMPLE, page_manifest, run_cli
from fontTools.ttLib import TTCollection, TTFont
from pdf import char_boxes
from PIL import Image
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from layout.check import stylesheets
from layout.check.embedding import embedding_findings
from layout.check.fidelity import first_missing
from layout.check.findings import Severity
from layout.check.holes import Region, uncovered_regions
from layout.check.stylesheets import stylesheet_findings
from layout.compose import Placement
from layout.manifest import load_manifest
from layout.manifest.paper import preset_size
from layout.pipeline.issue import build_issue
from layout.render.geometry import make_grid
from layout.render.template_set import load_template_set

HEAD = page_manifest("")  # article() items follow
SHORT = "会议强调要充分认识到重点项目建设的重要意义。"
FIELDS = {"page", "severity", "code", "key", "headline", "message", "details", "areas"}
TOFU = "\U0002a6d6"  # 𪛖, CJK Ext B: in none of the fonts scripts/setup installs


def article(body: str, **fields: object) -> str:
    """One article item of HEAD's page, 6 columns wide unless told."""
    fields = {"headline": "测试", "columns": 6, **fields}
    fields = {key: value for key, value in fields.items() if value is not None}
    lines = [f"      - body: {json.dumps(body, ensure_ascii=False)}"]
    lines += [
        f"        {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
    ]
    return "\n".join(lines) + "\n"


def one_article(body: str, **fields: object) -> str:
    return HEAD + article(body, **fields)


def check_json(manifest: Path, *options: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli("check", manifest, "--json", *options)
    return result.exit_code, json.loads(result.stdout)


def codes(findings: list[dict[str, Any]]) -> list[str]:
    return [f["code"] for f in findings]


def only(findings: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["code"] == code]


def besides_holes(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A short article leaves most of its page empty: underfull, which these tests ignore."""
    return [f for f in findings if f["code"] not in ("hole", "underfull")]


def grid_column_pt() -> float:
    template_set = load_template_set("default", SAMPLE)
    return make_grid(preset_size("tabloid"), template_set.settings).column_width


def picture(path: Path, ppi: float) -> None:
    """A 4:3 picture that has ``ppi`` when set one grid column wide."""
    width = math.floor(ppi * grid_column_pt() / 72)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, width * 3 // 4), "gray").save(path)


# --- the sample and the command ------------------------------------------------


def test_the_sample_checks_clean() -> None:
    result = run_cli("check", SAMPLE / "issue.yaml", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "no problems found"


def test_json_is_a_list_of_findings_with_every_field(write_issue) -> None:
    manifest = write_issue(one_article(f"人名{TOFU}。"))
    status, findings = check_json(manifest)
    assert status == 2
    assert findings and all(set(f) == FIELDS for f in findings)
    (tofu,) = only(findings, "missing-glyph")
    assert tofu["page"] == 2
    assert tofu["severity"] == "error"
    assert tofu["key"] == "pages[0].items[0]"
    assert tofu["headline"] == "测试"
    assert tofu["details"]["code_point"] == "U+2A6D6"


def test_table_lists_page_severity_article_and_problem(write_issue) -> None:
    manifest = write_issue(
        one_article(f"人名{TOFU}。", headline="一个相当长的标题用来测试表格里的截断效果")
    )
    result = run_cli("check", manifest)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "severity", "article", "problem"]
    assert lines[1].startswith("2     error     pages[0].items[0] 「一个相当长的标题用来测…」")
    assert "「𪛖」 U+2A6D6 is in no installed font (tofu)" in lines[1]
    assert lines[-1] == "1 error(s), 1 warning(s)"  # the warning: underfull


def test_exit_status_warnings_pass_unless_strict(write_issue) -> None:
    manifest = write_issue(one_article("第118号元素鿫。"))  # a fallback, underfull: warnings
    status, findings = check_json(manifest)
    assert (status, codes(findings)) == (0, ["font-fallback", "underfull"])
    assert run_cli("check", manifest, "--strict").exit_code == 1


def test_bad_manifest_exits_2_with_its_problems(write_issue) -> None:
    manifest = write_issue(HEAD + article(SHORT, colums=2))
    result = run_cli("check", manifest)
    assert result.exit_code == 2
    assert "colums: unknown key (did you mean 'columns'?)" in result.output


def test_check_writes_nothing(write_issue) -> None:
    manifest = write_issue(one_article("普通的文字。"))
    before = sorted(p.name for p in manifest.parent.rglob("*"))
    run_cli("check", manifest)
    assert sorted(p.name for p in manifest.parent.rglob("*")) == before


# --- overset ------------------------------------------------------------------------


def test_overset_is_an_error_with_characters_and_lines(write_issue) -> None:
    manifest = write_issue(HEAD + article(SHORT * 60, columns=2, height=12))
    status, findings = check_json(manifest)
    assert status == 2
    (overset,) = only(findings, "overset")
    assert overset["details"]["characters"] > 0 and overset["details"]["lines"] > 0
    assert overset["message"].startswith("overset text: cut ")


def test_build_says_on_which_manifest_line_a_finding_is(write_issue, tmp_path: Path) -> None:
    # It said only the manifest's name: a long page left the editor counting items.
    manifest = write_issue(HEAD + article(SHORT * 4) + article(SHORT * 60, columns=2, height=12))
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    second = (
        manifest.read_text(encoding="utf-8")
        .splitlines()
        .index("      - body: " + '"' + SHORT * 60 + '"')
    )
    assert (
        f"{manifest}:{second + 1}:9: page 2: pages[0].items[1] 「测试」: overset text"
        in result.stderr
    )


def test_overset_marks_the_module_it_was_cut_from(write_issue, tmp_path: Path) -> None:
    # The preview and annotated proofs outline it there; findings had no place on the page.
    manifest = write_issue(HEAD + article(SHORT * 60, columns=2, height=12) + article(SHORT * 4))
    _, findings = check_json(manifest)
    (overset,) = only(findings, "overset")
    (area,) = overset["areas"]
    run_cli("build", manifest, "-o", tmp_path / "out", "--force")
    inside = [
        (top, bottom)
        for char, left, top, right, bottom in char_boxes(tmp_path / "out" / "page-02.pdf")
        if char in "会议强调"
        and area["x"] - 0.01 <= left
        and right <= area["x"] + area["width"] + 0.01
        and area["y"] - 0.01 <= top
        and bottom <= area["y"] + area["height"] + 0.01
    ]
    assert len(inside) >= 20  # the module's text, down to its foot
    assert min(t for t, _ in inside) - area["y"] < 0.04
    assert area["y"] + area["height"] - max(b for _, b in inside) < 0.04
    grid = make_grid(load_manifest(manifest).size, load_template_set("default", SAMPLE).settings)
    assert area["width"] == pytest.approx(grid.span_width(2) / grid.page_width, abs=1e-3)
    assert area["height"] == pytest.approx(12 * grid.line_pitch / grid.page_height, abs=1e-3)


def test_annotated_proofs_outline_overset_and_shade_holes(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(HEAD + article(SHORT * 60, columns=2, height=12))
    _, findings = check_json(manifest)
    (overset,) = only(findings, "overset")
    (hole,) = only(findings, "hole")  # not underfull: the page has copy enough
    for options in ((), ("--annotate",)):
        out = tmp_path / ("annotated" if options else "plain")
        run_cli("build", manifest, "-o", out, "--force", "--png", *options)
        image = Image.open(out / "page-02.png").convert("RGB")
        area = overset["areas"][0]
        left = round(area["x"] * image.width) + 1
        rows = range(
            round(area["y"] * image.height) + 40,
            round((area["y"] + area["height"]) * image.height) - 5,
        )
        red = sum(1 for y in rows if _red(image.getpixel((left, y))))
        assert (red > 0.9 * len(rows)) == bool(options)  # the left edge of the outline
        shade = hole["areas"][-1]
        x, y = (
            (shade["x"] + shade["width"] / 2) * image.width,
            (shade["y"] + shade["height"] / 2) * image.height,
        )
        r, _, b = image.getpixel((round(x), round(y)))
        assert (b - r > 40) == bool(options)  # a hole shaded blue, the page white without


def _red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 180 and g < 80 and b < 80


# --- glyphs -------------------------------------------------------------------------


def font_file(family: str) -> TTFont:
    path, index = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    if path.endswith(".ttc"):
        return TTCollection(path).fonts[int(index)]
    return TTFont(path)


def test_a_character_no_font_has_is_tofu(write_issue) -> None:
    listed = subprocess.run(["fc-list", ":charset=2a6d6"], capture_output=True, text=True).stdout
    if listed.strip():
        pytest.skip(f"an installed font has U+2A6D6: {listed}")
    manifest = write_issue(one_article(f"人名{TOFU}，又是{TOFU}。"))
    status, findings = check_json(manifest)
    assert status == 2
    (tofu,) = only(findings, "missing-glyph")
    assert tofu["details"] == {
        "char": TOFU,
        "code_point": "U+2A6D6",
        "part": "body",
        "font": "Noto Serif CJK SC",
        "fallback": None,
        "count": 2,
    }
    assert tofu["areas"] and all(0 < a["height"] < 0.02 for a in tofu["areas"])  # its line


def test_a_character_from_another_font_is_a_fallback_warning(write_issue) -> None:
    # 鿫 (oganesson, U+9FEB) is in Noto Sans CJK but not in Noto Serif CJK.
    assert 0x9FEB not in font_file("Noto Serif CJK SC").getBestCmap()
    manifest = write_issue(
        HEAD + article("第118号元素鿫。" + SHORT * 150, bylines={"记者": "㐀田"})
    )
    status, findings = check_json(manifest)
    assert status == 0
    body, byline = sorted(only(findings, "font-fallback"), key=lambda f: f["details"]["part"])
    assert body["severity"] == "warning"
    assert body["details"]["char"] == "鿫"
    assert body["details"]["font"] == "Noto Serif CJK SC"
    assert body["details"]["fallback"].startswith("Noto Sans CJK")
    assert "「鿫」 U+9FEB is not in Noto Serif CJK SC" in body["message"]
    # The byline is set in 楷体, which lacks 㐀 (U+3400).
    assert byline["details"]["part"] == "byline"
    assert byline["details"]["font"] == "LXGW WenKai"
    assert byline["details"]["char"] == "㐀"


def test_a_rare_name_character_the_body_font_has_is_not_reported(write_issue) -> None:
    # 𠮷 U+20BB7 (the 𠮷 of 𠮷野家): the subset OTF of Noto Serif CJK SC lacks it,
    # the TTC that fonts-noto-cjk installs has it, shared by all of its faces.
    has = 0x20BB7 in font_file("Noto Serif CJK SC").getBestCmap()
    manifest = write_issue(one_article("𠮷野家的𠮷。", headline="𠮷野家", bylines={"记者": "𠮷田"}))
    status, findings = check_json(manifest)
    if has:
        assert (status, besides_holes(findings)) == (0, [])
    else:
        assert "U+20BB7" in {f["details"]["code_point"] for f in besides_holes(findings)}


def test_code_in_a_generic_family_is_compared_with_what_fontconfig_gives(write_issue) -> None:
    manifest = write_issue(one_article("运行 `print(1)` 即可。"))
    status, findings = check_json(manifest)
    assert (status, besides_holes(findings)) == (0, [])


def test_a_role_named_by_its_localised_family_name_is_no_fallback(write_issue) -> None:
    roles = (ROOT / "fonts" / "roles.yaml").read_text(encoding="utf-8").splitlines(True)
    roles = [line for line in roles if not line.startswith("byline:")] + ["byline: [霞鹜文楷]\n"]
    manifest = write_issue(
        one_article("正文。", bylines={"记者": "唐善普"}),
        files={"templates/fonts.yaml": "".join(roles)},
    )
    status, findings = check_json(manifest)
    assert (status, besides_holes(findings)) == (0, [])


# --- images -------------------------------------------------------------------------


@pytest.mark.parametrize(("ppi", "severity"), [(120, "error"), (180, "warning"), (260, None)])
def test_image_resolution_at_its_placed_size(write_issue, ppi: int, severity: str | None) -> None:
    manifest = write_issue(one_article("图文。", images=[{"file": "img/photo.png"}]))
    picture(manifest.parent / "img" / "photo.png", ppi)
    _, findings = check_json(manifest)
    found = only(findings, "image-resolution")
    if severity is None:
        assert found == []
        return
    (finding,) = found
    assert finding["severity"] == severity
    assert finding["details"]["file"] == "img/photo.png"
    assert abs(finding["details"]["ppi"] - ppi) < 2
    grid = make_grid(load_manifest(manifest).size, load_template_set("default", SAMPLE).settings)
    (area,) = finding["areas"]  # the picture, one column wide
    assert area["width"] == pytest.approx(grid.column_width / grid.page_width, abs=2e-3)


def test_unreadable_and_missing_pictures_are_errors(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        one_article(
            "见图![坏图](img/broken.jpg)与![无图](img/none.png)及![外图](../outside.png)。",
            images=[{"file": "img/text.jpg"}],
        ),
        files={"img/text.jpg": "not a picture", "img/broken.jpg": "still not a picture"},
    )
    picture(tmp_path / "outside.png", 300)
    status, findings = check_json(manifest)
    assert status == 2
    messages = sorted(f["message"] for f in only(findings, "image-unreadable"))
    assert len(messages) == 4
    assert messages == [
        "image ../outside.png: outside the issue folder, not shown",
        "image img/broken.jpg: cannot be read (cannot identify image file 'broken.jpg'), not shown",
        "image img/none.png: file not found, not shown",
        "image img/text.jpg: cannot be read (cannot identify image file 'text.jpg'), not shown",
    ]


# --- holes --------------------------------------------------------------------------


def test_columns_without_a_module_are_a_hole(write_issue) -> None:
    manifest = write_issue(HEAD + article(SHORT * 20, columns=2))
    status, findings = check_json(manifest)
    assert status == 0
    (hole,) = only(findings, "underfull")  # one finding: where, and how much copy is short
    assert hole["message"].startswith("underfull: about ")
    assert hole["details"]["lines_short"] >= 4 * 60
    assert hole["severity"] == "warning"
    assert hole["key"] is None
    uncovered = hole["details"]["uncovered"]
    assert ([3, 6], 1) in [(r["columns"], r["lines"][0]) for r in uncovered]
    assert "columns 3–6, lines 1–" in hole["message"]
    grid = make_grid(load_manifest(manifest).size, load_template_set("default", SAMPLE).settings)
    x = (grid.left + grid.x(2)) / grid.page_width
    assert {"x": round(x, 4), "y": round(grid.top / grid.page_height, 4)} in [
        {"x": a["x"], "y": a["y"]} for a in hole["areas"]
    ]


def test_too_little_copy_leaves_a_blank_and_a_hole(write_issue) -> None:
    manifest = write_issue(HEAD + article(SHORT * 4, columns=None))
    _, findings = check_json(manifest)
    (hole,) = only(findings, "underfull")
    (region,) = hole["details"]["uncovered"]
    assert region["cells"] > 0.5 * hole["details"]["type_area_cells"]


def test_uncovered_cells_are_joined_into_rectangles() -> None:
    placements = [Placement("a", 0, 2, 0, 4), Placement("b", 2, 1, 0, 2)]
    assert uncovered_regions(placements, 4, 4) == [
        Region((3, 3), (3, 4)),
        Region((4, 4), (1, 4)),
    ]
    assert uncovered_regions([Placement("a", 0, 4, 0, 4)], 4, 4) == []


# --- fonts embedded -----------------------------------------------------------------


def unembedded_pdf(in_form: bool) -> bytes:
    """A one-page PDF using Helvetica without its font program."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(100, 100)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    if in_form:
        form = DecodedStreamObject()
        form.set_data(b"BT /F1 12 Tf (x) Tj ET")
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([]),
                NameObject("/Resources"): fonts,
            }
        )
        xobjects = DictionaryObject({NameObject("/X1"): writer._add_object(form)})
        fonts = DictionaryObject({NameObject("/XObject"): xobjects})
    page[NameObject("/Resources")] = fonts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("in_form", [False, True])
def test_a_font_without_its_program_is_an_error(in_form: bool) -> None:
    (finding,) = embedding_findings(unembedded_pdf(in_form), [3])
    assert (finding.page, finding.severity) == (3, Severity.ERROR)
    assert finding.code == "font-not-embedded"
    assert finding.details == {"font": "Helvetica"}


def test_fonts_weasyprint_writes_are_embedded() -> None:
    pdf = build_issue(load_manifest(SAMPLE / "issue.yaml")).pdfs[2]
    assert b"/FontFile" in pdf or b"/ObjStm" in pdf  # fonts present, possibly in object streams
    assert embedding_findings(pdf, [2]) == []


# --- text fidelity ------------------------------------------------------------------


def test_a_template_that_loses_text_is_caught(write_issue) -> None:
    manifest = write_issue(one_article("正文。", bylines={"记者": "唐善普"}))
    default = (ROOT / "templates" / "default" / "article.html").read_text(encoding="utf-8")
    losing = default.replace("{{ byline.role }}", "")  # the role of each byline is lost
    assert losing != default
    override = manifest.parent / "templates" / "article.html"
    override.parent.mkdir()
    override.write_text(losing, encoding="utf-8")
    status, findings = check_json(manifest)
    assert status == 2
    (mismatch,) = only(findings, "text-mismatch")
    assert mismatch["details"]["expected"] == "记者"
    assert mismatch["details"]["found"] == ""
    assert mismatch["details"]["after"] == "唐善普"
    assert "「记者」 not on the page" in mismatch["message"]


def test_first_missing_names_the_first_lost_or_changed_characters() -> None:
    assert first_missing("中原区召开会议", "图中原区召开会议说明") is None
    assert first_missing("中原区召开会议", "中原召开会议") == (2, "区", "")
    assert first_missing("中原区召开会议", "中原区召闭会议") == (4, "开", "闭")


# --- build runs the same checks ---------------------------------------------------------


def test_build_refuses_errors_unless_forced(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(one_article(f"人名{TOFU}。"))
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 2  # as check's for the same errors
    assert run_cli("check", manifest).exit_code == 2
    assert "「𪛖」 U+2A6D6 is in no installed font (tofu)" in result.output
    assert "1 other error(s); fix them or build with --force. No PDF written." in result.output
    assert not (out / "issue.pdf").exists()
    assert run_cli("build", manifest, "-o", out, "--allow-overset").exit_code == 2

    forced = run_cli("build", manifest, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "issue.pdf").exists()


def test_build_writes_despite_warnings_and_shows_them(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(HEAD + article(SHORT * 20, columns=2))
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "of the type area is empty" in result.output
    assert (tmp_path / "out" / "issue.pdf").exists()


def test_first_missing_finds_a_difference_deep_in_a_long_text() -> None:
    # difflib's SequenceMatcher took minutes on 100,000 characters (quadratic).
    body = "段。" * 50_000
    assert first_missing(body, body) is None
    assert first_missing(body + "完", body) == (100_000, "完", "")
    assert first_missing(body[:70_000] + "区" + body[70_000:], body) == (70_000, "区", "")


def test_a_stylesheet_is_checked_again_when_it_or_what_it_imports_changes(
    tmp_path: Path,
) -> None:
    # What a stylesheet loses is kept between builds of one process (``serve``): an
    # edit of the sheet, or of a sheet it imports, must still be reported.
    sheet, imported = tmp_path / "style.css", tmp_path / "more.css"
    sheet.write_text('@import url("more.css");\np { color: red }\n', encoding="utf-8")
    imported.write_text("p { margin: 0 }\n", encoding="utf-8")

    def said() -> list[str]:
        return [f.message for f in stylesheet_findings([sheet], [tmp_path])]

    assert said() == []
    sheet.write_text('@import url("more.css");\np { colr: red }\n', encoding="utf-8")
    assert said() == [f"{sheet}:2:5: ignored `colr: red `, unknown property"]
    imported.write_text("p { margin: nope }\n", encoding="utf-8")
    assert len(said()) == 2
    assert said() == said()


def test_the_stylesheets_checked_are_kept_up_to_a_bound(tmp_path: Path) -> None:
    # A long-running server checks whatever sets its builds use: what it keeps of
    # them must not grow without end, and a sheet dropped is checked again.
    sheets = []
    for number in range(stylesheets.SHEETS_KEPT + 2):
        sheet = tmp_path / f"s{number}.css"
        sheet.write_text(f"p {{ colr: {number} }}\n", encoding="utf-8")
        sheets.append(sheet)
    findings = stylesheet_findings(sheets, [tmp_path])
    assert len(findings) == len(sheets)
    kept = {sheet for sheet, _ in stylesheets._said}
    assert len(kept) == stylesheets.SHEETS_KEPT and sheets[0] not in kept
    assert sheets[-1] in kept
    (again,) = stylesheet_findings(sheets[:1], [tmp_path])
    assert again.message == f"{sheets[0]}:1:5: ignored `colr: 0 `, unknown property"
