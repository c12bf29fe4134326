"""A new issue folder that builds as it is: a commented manifest, one article, one picture.

The manifest is the documentation an editor actually opens, so every key an
issue commonly needs is written out with a comment in newspaper terms; the
keys used less often are there commented out, ready to switch on.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from string import Template

from PIL import Image, ImageDraw

from layout.manifest.importer import yaml_scalar

ARTICLE = "articles/01-example.md"
IMAGE = "images/placeholder.jpg"
IMAGE_SIZE = (1200, 800)

_MANIFEST = Template("""\
# 期刊清单（issue manifest），由 `newsprint new` 生成。每个键的完整说明见 docs/manifest.md。
# 排版：newsprint build issue.yaml -o out/   以 # 开头的是注释，排版时不读。

paper: $paper            # 报名：印在第1版报头和各版报眉上
issue: $issue                  # 期号：第几期
date: $date           # 出版日期；报眉上的星期和农历由它推算
size: tabloid             # 开本：tabloid（4开）、broadsheet（对开）、a3 …，或 "297mm 420mm"
template: default         # 版式模板：templates/default/
punctuation: true         # 中文里的半角标点改为全角（排版时逐条列出改动）
autospace: true           # 汉字与西文、数字之间加 1/4 字空

pages:                    # 各版，按版次排列
  - number: 1             # 版次：第1版（第1版自动排报头）
    name: 要闻             # 版名
    editor: 张三           # 责任编辑
    credits: {美编: 李四, 校对: 王五}   # 其他署名，按书写顺序印在报眉
    items:                # 本版稿件，按阅读顺序（从上到下、从左到右）排入版面
      - kicker: 新版面　新起点         # 引题（肩题）：主题上方的小标题，可删
        headline: 示范稿件　排版流程   # 主题；全角空格分开的短语是可以换行的地方
        subtitle: 改写这篇稿件　就有了第一块版面   # 副题：主题下方，可删
        lead: 本报讯                  # 电头：粗体排在正文第一段前
        file: $article   # 正文：Markdown 文件，路径相对本清单所在文件夹
        bylines:                      # 署名：排在文末，按书写顺序
          记者: 张三
          通讯员: [李四, 王五]
        images:                       # 图片（JPEG、PNG），排在正文上方
          - file: $image
            caption: 图片说明写在这里，换成真实照片即可   # 图片说明
            credit: 本报记者 张三 摄                     # 摄影、供图署名
        columns: 4                    # 稿件宽度：占几栏（4开每版6栏）；不写则通栏
        # column: 1                   # 从第几栏起排；不写则按阅读顺序找最高的空位
        # height: 60                  # 稿件高度：正文行数或长度（120mm）；不写则按内容定
        # punctuation: false          # 本稿保留原有标点，不随全刊设置
        # jump: 3                     # 转版：排不下的部分转到第3版续完（auto：下一版）
        # jump_headline: 后备力量培育  # 转版后续文的短标题；不写则用主题

      # 栏目：栏目题花（横幅）和排在它下面的稿件。删去下面各行开头的“# ”即可启用。
      # - section: 栏目名称          # 栏目题花上的栏目名
      #   columns: 2                  # 题花和栏目里的稿件都排在这几栏里
      #   items:                      # 栏目里的稿件，键与上面的稿件相同
      #     - headline: 栏目里的短稿
      #       body: |                 # 短稿可以把正文直接写在这里，不另建文件
      #         第一段。
      #
      #         第二段。
      #       bylines: {记者: 张三}
""")

_ARTICLE = """\
这是一篇示范稿件。把这几段文字换成稿件正文，再排一次版，就能得到可以付印的版面。

段落之间空一行。正文里的半角逗号、句号等标点会自动改为全角，排版时逐条列出，便于校对核查。排不下的文字不会被悄悄藏起来：排版程序会指出是哪篇稿件、少了多少字。

电头和署名不写在正文里。电头写在清单的电头一项，署名写在署名一项，排版时各归其位。
"""


def placeholder_jpeg(size: tuple[int, int] = IMAGE_SIZE) -> bytes:
    """A grey picture with a crossed frame: plainly a stand-in, yet a real JPEG to lay out."""
    width, height = size
    image = Image.new("L", size, 170)
    draw = ImageDraw.Draw(image)
    margin = min(size) // 20
    box = (margin, margin, width - margin, height - margin)
    draw.rectangle(box, outline=120, width=4)
    draw.line(box, fill=120, width=4)
    draw.line((box[0], box[3], box[2], box[1]), fill=120, width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def scaffold_files(paper: str, issue: int, date: dt.date) -> dict[str, str | bytes]:
    """Every file of a new issue folder, by relative path."""
    manifest = _MANIFEST.substitute(
        paper=yaml_scalar(paper),
        issue=yaml_scalar(issue),
        date=yaml_scalar(date),
        article=ARTICLE,
        image=IMAGE,
    )
    return {"issue.yaml": manifest, ARTICLE: _ARTICLE, IMAGE: placeholder_jpeg()}


def write_folder(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (relative path → text or bytes) into ``folder``, making folders."""
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
