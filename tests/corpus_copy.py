"""Seeded pages of district-paper copy the compositor was never tuned to.

The sample issue and the seed page are the only copy the layout code has been
tried on; a compositor tuned to them can still leave pages white or overset on
the next page an editor pastes. This module writes any number of new pages in
the shape ``newsprint import`` reads (``# 主题　副题`` headlines, ``## 栏目``
banners, 本报讯 leads, bylines, photo lines), each a pure function of a seed
so a failing page can be rebuilt exactly, and sized by
:func:`page_capacity_estimate` to hold a chosen share of a page.

    copy = page_copy(7, fill=0.95, articles=6, photos=2)
    write_page(folder, copy)   # folder/PAGE.md and folder/img/p1.png …
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

# The default grid is the tabloid page of the default template: 6 columns of
# 11 characters at 9 pt, 63 lines of 15.75 pt, one-character gutters.
BODY_PT = 9.0
LINE_PT = 15.75
GUTTER_CHARS = 1
INDENT_CHARS = 2  # a paragraph's first-line indent
BYLINE_LINES = 2
HEADLINE_LINES = 4  # a headline block, in body lines …
SUBTITLE_LINES = 1  # … plus one for a 副题 …
HEADLINE_GAP_LINES = 1  # … plus the gap under it
HEADLINE_COLUMNS = 3  # … over this many columns
PHOTO_COLUMNS = 2
CAPTION_LINES = 2
SECTION_LINES = 3  # a 栏目 banner across the whole page

ARTICLE_CHARS = (150, 1500)
PHOTO_ARTICLE_CHARS = 400  # a photo needs an article long enough to sit inside
PARAGRAPH_CHARS = (40, 220)
CLOSING_CHARS = 350  # shorter articles end without a 下一步… paragraph
HEADLINE_CHARS = (8, 24)
PHOTO_LONG_SIDE = (1200, 2400)
ASPECTS: dict[str, tuple[int, int]] = {
    "4:3": (4, 3),
    "3:2": (3, 2),
    "1:1": (1, 1),
    "3:4": (3, 4),
    "16:9": (16, 9),
}
MAX_LUMINANCE = 140  # every colour of a photo inks: pagefill counts grey < 160 as ink


# ---------------------------------------------------------------------------
# What a page of copy is


@dataclass(frozen=True)
class PhotoSpec:
    """A photo to write as ``img/NAME`` and the line of copy that shows it."""

    name: str  # p1.png
    size: tuple[int, int]  # pixels, width × height
    aspect: str  # one of ASPECTS
    caption: str  # without the credit
    credit: str  # 记者 唐善普 摄
    seed: int  # of the drawing

    @property
    def path(self) -> str:
        return f"img/{self.name}"

    @property
    def ratio(self) -> float:
        """Width over height."""
        return self.size[0] / self.size[1]

    @property
    def markdown(self) -> str:
        return f"![{self.caption} {self.credit}]({self.path})"


@dataclass(frozen=True)
class ArticleCopy:
    """One article as generated: the split of its headline is the one intended.

    ``photos`` pairs each photo with the paragraph (0-based) it follows; the
    photo line never comes before the lead paragraph nor after the last one.
    """

    topic: str
    headline: tuple[str, ...]  # the 主题's phrases
    subtitle: tuple[str, ...]  # the 副题's phrases, () without one
    separator: str  # between phrases on the headline line: " " or U+3000
    section: str | None  # a ``## 栏目`` line before the article
    paragraphs: tuple[str, ...]  # the first opens with 本报讯
    bylines: tuple[str, ...]  # the byline block's lines
    photos: tuple[tuple[int, PhotoSpec], ...] = ()

    @property
    def headline_line(self) -> str:
        return self.separator.join((*self.headline, *self.subtitle))

    @property
    def chars(self) -> int:
        """Characters of the text, whitespace not counted."""
        return sum(text_chars(p) for p in self.paragraphs)

    @property
    def markdown(self) -> str:
        out = [f"## {self.section}", ""] if self.section else []
        out += [f"# {self.headline_line}", ""]
        for number, paragraph in enumerate(self.paragraphs):
            out += [paragraph, ""]
            out += [
                line
                for after, photo in self.photos
                if after == number
                for line in (photo.markdown, "")
            ]
        return "\n".join([*out, *self.bylines]) + "\n"


@dataclass(frozen=True)
class PageCopy:
    """A page of copy: its Markdown, its articles and what it was sized to."""

    seed: int
    fill: float  # the share of the page asked for
    estimate: float  # page_capacity_estimate of the articles written (may pass fill, see page_copy)
    articles: tuple[ArticleCopy, ...]
    columns: int = 6
    column_chars: int = 11
    lines: int = 63

    @property
    def markdown(self) -> str:
        return "\n".join(article.markdown for article in self.articles)

    @property
    def photos(self) -> tuple[PhotoSpec, ...]:
        return tuple(photo for article in self.articles for _, photo in article.photos)


def text_chars(text: str) -> int:
    """Characters a paragraph sets, as the estimate counts them: whitespace is not set."""
    return len(re.sub(r"\s", "", text))


def photo_lines(photo: PhotoSpec, column_chars: int = 11) -> int:
    """Column-lines of a photo shown 2 columns wide at its aspect ratio, caption included."""
    width = PHOTO_COLUMNS * column_chars * BODY_PT + GUTTER_CHARS * BODY_PT
    height = width / photo.ratio
    return (math.ceil(height / LINE_PT) + CAPTION_LINES) * PHOTO_COLUMNS


def page_capacity_estimate(
    articles: Sequence[ArticleCopy], *, columns: int = 6, column_chars: int = 11, lines: int = 63
) -> float:
    """The share of a page the articles need: needed column-lines / available column-lines.

    ``fill`` means this everywhere (page_copy, the benchmark), so a page of 1.0
    is copy that just fits if nothing is wasted; it ignores the compositor's
    choices on purpose, being a yardstick for them. Available is
    ``columns × lines``. Needed is the sum of:

    - per paragraph, ``ceil((2 + chars) / column_chars)`` lines of one column
      (a 2-character indent; whitespace not counted), and 2 byline lines;
    - per headline, (4 lines + 1 for a 副题 + 1 gap line) × 3 columns;
    - per photo, 2 columns × (``ceil(height / 15.75 pt)`` + 2 caption lines),
      the height being that of a photo 2 columns (2 × column_chars × 9 pt +
      a 9 pt gutter) wide at its aspect ratio;
    - per ``## 栏目`` banner, 3 lines × ``columns``.
    """
    needed = 0
    for article in articles:
        needed += sum(
            math.ceil((INDENT_CHARS + text_chars(p)) / column_chars) for p in article.paragraphs
        )
        needed += BYLINE_LINES
        headline = HEADLINE_LINES + (SUBTITLE_LINES if article.subtitle else 0) + HEADLINE_GAP_LINES
        needed += headline * HEADLINE_COLUMNS
        needed += sum(photo_lines(photo, column_chars) for _, photo in article.photos)
        if article.section:
            needed += SECTION_LINES * columns
    return needed / (columns * lines)


# ---------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Topic:
    """What a district paper writes about one line of work; ``{slots}`` are filled per article.

    ``heads`` are complete 主题 (…会议, 开展…活动) that may take a 副题 from
    ``subtitles``; ``couplets`` are two-phrase 主题 (second phrase under 12
    characters, so the importer keeps it); ``mains`` take a two-phrase 副题.
    """

    name: str
    sections: tuple[str, ...]
    meetings: tuple[str, ...]
    activities: tuple[str, ...]
    goals: tuple[str, ...]
    actions: tuple[str, ...]
    demands: tuple[str, ...]
    results: tuple[str, ...]
    voices: tuple[str, ...]
    docs: tuple[str, ...]
    scenes: tuple[str, ...]
    captions: tuple[str, ...]
    subtitles: tuple[tuple[str, ...], ...]
    couplets: tuple[tuple[str, ...], ...]
    singles: tuple[str, ...]
    mains: tuple[str, ...]
    rural: bool = False


VOCABULARY = """
= 政务服务
sections    优化营商环境 | 政务服务
meetings    政务服务工作会议 | 政务服务提质增效推进会 | “高效办成一件事”改革推进会
activities  “政务服务进社区” | 帮办代办志愿服务 | “政务服务开放日”
goals       推动全区政务服务提质增效 | 打造一流营商环境 | 让群众和企业办事更便捷
            提升企业和群众的获得感
actions     持续推进“高效办成一件事”落地落细 | 深化“一网通办”“一窗通办”改革
            在{community}设立便民服务站 | 推行帮办代办、延时服务和预约服务
            将{num}项高频事项下沉至街道便民服务中心 | 在“郑好办”APP上线预约功能
demands     要坚定信心决心，着力巩固拓展改革成效 | 要全面对标先进，推动党建工作与政务服务深度融合
            要强化责任落实，凝聚打造一流政务环境的工作合力
            要聚焦企业和群众关切，持续减材料、减环节、减时限
results     全区政务服务中心累计办件{wan}件 | 群众满意度达到{pct} | {num}个“一件事”实现一次办结
            平均办理时限压缩{pct}
            网上可办率达到{pct}
            为企业和群众提供帮办代办服务{big}次
voices      以前开个店要跑好几个窗口，现在一个窗口就办完了 | 工作人员全程帮办，我只用签了几个字
            在手机APP上预约好，来了就能办，省了不少时间
            现在很多事在手机上就能办，不用请假跑大厅了
            窗口工作人员态度好，材料不全也会一次性告诉你
docs        {district}进一步优化政务服务提升行政效能实施方案
            {district}政务服务中心进驻单位工作人员管理办法
scenes      前来办事的群众在综合受理窗口前有序排队，工作人员耐心解答咨询
            自助服务区里，志愿者手把手教群众使用自助终端
            “高效办成一件事”专区前，工作人员正在为企业办理开办手续
            帮办代办岗的工作人员拿着材料清单，逐项为群众核对
captions    工作人员在{district}政务服务中心为群众办理业务 | {street}便民服务中心“帮办代办”窗口
subtitles   持续推进“高效办成一件事” | 减环节/优流程 | 让数据多跑路/让群众少跑腿
couplets    “高效办成一件事”/跑出服务加速度 | 政务服务“好中优”/营商环境“暖心安”
singles     “我要开店一件事”一窗就能办 | 政务服务中心推出延时服务
mains       打通政务服务“最后一公里” | “一件事”办出便民加速度

= 乡村振兴 rural
sections    聚焦乡村振兴 | 乡村振兴
meetings    乡村振兴工作推进会 | 村级后备力量培育储备工作推进会
activities  农技培训 | “送科技下乡”
goals       推动乡村全面振兴 | 壮大村集体经济 | 带动村民增收致富
actions     发展特色种植{num}0余亩 | 建设高标准农田{big}亩 | 引导村民以土地入股合作社
            打造“一村一品”特色产业 | 在{village}开展人居环境整治
demands     要进一步排查、全面掌握村级后备力量情况
            要拓宽选拔渠道，从退役军人、本乡本土大学生中选拔后备力量
            要加大安置房建设进度，确保群众尽快回迁 | 要发展壮大村集体经济，带动群众增收
results     村集体经济收入达到{money} | 带动{ren}就业 | 农户人均可支配收入增长{pct}
            培育村级后备力量{num}名
            特色产业年产值突破{money}
voices      家门口就能打工挣钱，还能照顾老人孩子 | 合作社年底分红，日子越过越有盼头
            村里路修好了，城里人周末都愿意来采摘
            跟着合作社种大棚，一年能多挣两三万元
docs        {district}关于推进乡村全面振兴的实施意见
scenes      大棚里的草莓长势喜人，村民们正忙着采摘、分拣、装箱
            村道两旁绿树成荫，墙上的文化彩绘格外醒目
            合作社的分拣车间里，工人们正把新鲜蔬菜打包装车
            新修的村道干净平整，村民们在文化广场上跳起了广场舞
captions    {village}村民在大棚里采摘草莓 | 农技人员在田间为种植户讲解管护要点
subtitles   选优育强村级后备力量 | 产业兴/百姓富
couplets    小草莓/撑起致富大产业 | 选优育强后备力量/筑牢村级组织根基
singles     {village}特色种植鼓起村民“钱袋子” | 村级后备力量培育储备见实效
mains       {village}绘就乡村振兴新画卷

= 安全生产
sections    安全生产 | 安全生产月
meetings    安全生产工作会议 | 安全生产和消防工作会议 | 燃气安全专项整治推进会
activities  “安全生产月”宣传 | 消防安全应急演练 | “燃气安全进万家”
goals       守牢安全生产底线 | 坚决遏制各类事故发生 | 保障人民群众生命财产安全
actions     深入开展隐患排查整治 | 对辖区{num}家企业开展“拉网式”检查
            在小区增设电动自行车集中充电桩{num}处 | 为老旧小区配备AED和灭火器
demands     要压紧压实安全生产责任 | 要聚焦燃气、消防、建筑施工等重点领域，深入排查风险隐患
            要做到隐患排查“零死角”、整改落实“零遗漏”
results     排查整改隐患{big}处 | 隐患整改率达到{pct} | 开展应急演练{num}场次
            检查生产经营单位{big}家次
            更换燃气软管{big}根
voices      楼下有了充电桩，再也不用把电动车推上楼了 | 演练让我们知道了着火时该怎么逃生
            检查组来得勤，我们自己也更重视安全了
            社区给我们家装了燃气报警器，心里踏实多了
docs        {district}安全生产治本攻坚三年行动实施方案
scenes      消防员一边示范一边讲解，居民们轮流上前体验灭火器的使用
            检查组逐一查看企业的消防通道、应急照明和灭火器材
            检查人员打开燃气表箱，仔细查看管线和阀门
            演练现场烟雾弥漫，居民们弯腰捂鼻，沿疏散通道有序撤离
captions    消防救援人员在{community}演示灭火器使用方法 | 检查人员在企业车间排查安全隐患
subtitles   压实责任/守牢底线 | 筑牢安全防线
couplets    排查隐患不放过/筑牢安全“防火墙”
singles     电动自行车充电桩进小区 | {num}家企业接受安全“体检”
mains       {street}织密安全生产“防护网”

= 垃圾分类
sections    垃圾分类进行时 | 绿色生活
meetings    生活垃圾分类工作推进会
activities  垃圾分类宣传 | “垃圾分类我先行”主题
goals       提升居民垃圾分类知晓率和参与率 | 推动垃圾分类成为新时尚
actions     设置智能分类回收箱{num}组 | 推行“积分兑换”机制 | 组建垃圾分类志愿服务队
            开展“桶边督导”
demands     要把垃圾分类作为基层治理的重要内容 | 要强化宣传引导，推动居民养成分类习惯
results     居民参与率达到{pct} | 每天分出厨余垃圾约{num}吨 | {num}个小区实现分类全覆盖
            发放宣传资料{big}份
            开展宣传活动{num}场次
voices      分好的垃圾能换积分，攒够了能换洗衣液 | 孩子在学校学了垃圾分类，回家还监督我们
            刚开始觉得麻烦，习惯了也就顺手了
            小区干净了，垃圾桶边也没有异味了
docs        {district}生活垃圾分类工作实施方案
scenes      居民拎着分好类的垃圾袋来到投放点，志愿者在桶边耐心指导
            积分兑换点前排起了长队，居民们用积分换回了洗衣液、纸巾等生活用品
            小朋友们拿着卡片，争着把垃圾图片投进对应的桶里
            新换的分类垃圾桶整齐排列，桶身标识清晰醒目
captions    志愿者在{community}指导居民分类投放垃圾 | {community}居民用积分兑换生活用品
subtitles   从“要我分”到“我要分”
couplets    “小积分”/兑出文明新风尚 | 垃圾分类“新时尚”/绿色生活“新风景”
singles     智能回收箱进社区 | 垃圾分类“分”出社区新风尚
mains       垃圾分类“分”出新风尚

= 文明城市
sections    文明创建进行时 | 文明城市
meetings    全国文明城市创建工作推进会
activities  “文明交通我先行”志愿服务 | 背街小巷环境整治 | 新时代文明实践
goals       巩固提升全国文明城市创建成果 | 让文明成为城市最美底色
actions     对{num}条背街小巷进行提质改造 | 组织志愿者开展文明劝导 | 评选“文明家庭”{num}户
            规范设置非机动车停放区
demands     要坚持常态长效，巩固文明创建成果 | 要动员群众广泛参与，做到人人参与、共建共享
results     注册志愿者达到{wan}人 | 累计开展志愿服务{big}场次
            整治背街小巷{num}条
            清理卫生死角{big}处
voices      小巷变干净了，晚上出来散步心情也好 | 做志愿者虽然累，但心里很充实
            以前电动车乱停乱放，现在都停进了划好的车位
            孩子跟着我们一起做志愿者，也学到了不少
docs        {district}深化全国文明城市创建工作方案
scenes      身穿红马甲的志愿者在路口引导行人有序通行 | 小巷里的墙面粉刷一新，路边摆上了花箱
            志愿者们拿着夹子和垃圾袋，沿街捡拾烟头和纸屑
            道路两侧的非机动车整齐停放在白线框内
captions    志愿者在路口开展文明交通劝导 | 改造后的{street}背街小巷干净整洁
subtitles   人人参与/共建共享 | 让文明成为城市底色
couplets    背街小巷“微改造”/城市颜值“大提升”
singles     文明新风吹进{community}
mains       {street}擦亮文明城市“底色”

= 惠民工程
sections    民生实事 | 惠民工程
meetings    民生实事工作推进会 | 老旧小区改造工作推进会
activities  “民生实事进万家”
goals       让群众住得更舒心 | 增强群众获得感、幸福感、安全感
actions     完成老旧小区改造{num}个 | 为{num}栋楼加装电梯 | 改造雨污管网{num}公里
            新建口袋公园{num}个 | 打造“15分钟便民生活圈”
demands     要把民生实事办到群众心坎上 | 要倒排工期、挂图作战，确保项目按期完工
results     惠及居民{hu} | 总投资{money} | {num}项民生实事全部完成
            新增停车位{big}个
            改造小区{num}个，涉及楼栋{big}栋
voices      电梯装好了，我这腿脚不好的也能天天下楼转转
            小区里有了停车位和健身器材，环境比以前好多了
            下雨天楼下再也不积水了，出门方便多了
            家门口就有菜市场和社区食堂，买菜吃饭都方便
docs        {district}{year}年民生实事项目清单
scenes      改造后的小区道路平整，楼道干净明亮，新装的电梯运行平稳
            口袋公园里，老人在下棋，孩子们在滑梯上玩耍
            施工人员正在铺设沥青路面，机械往来穿梭
            新建的口袋公园里，步道、座椅、健身器材一应俱全
captions    {community}加装的电梯投入使用 | 改造后的老旧小区焕然一新
subtitles   答好民生“幸福卷” | 办好民生事/温暖百姓心
couplets    老旧小区“焕新颜”/居民生活“提品质”
singles     {community}老旧小区改造惠及{hu}居民 | 口袋公园扮靓城市角落
mains       {street}老旧小区“逆生长”

= 就业服务
sections    稳就业 | 就业服务
meetings    稳就业工作推进会
activities  “春风行动”招聘 | “就业服务进社区”
goals       促进高质量充分就业 | 让求职者在家门口找到好工作
actions     举办招聘会{num}场 | 提供就业岗位{big}个 | 开展电商直播、养老护理等技能培训
            建立“家门口”就业服务站
demands     要把稳就业摆在更加突出的位置 | 要加强重点群体就业帮扶，兜牢民生底线
results     现场达成就业意向{big}人 | 城镇新增就业{big}人
            发放就业补贴{money}
            开展技能培训{big}人次
voices      在社区就找到了合适的工作，离家近，能照顾家里 | 培训后拿到了证书，找工作更有底气了
            现场就和企业谈好了，下周一就去上班
            社区帮我推荐了岗位，还教我怎么写简历
docs        {district}促进高质量充分就业若干措施
scenes      招聘现场人头攒动，求职者在展位前认真了解岗位信息
            企业招聘人员详细介绍薪资待遇和岗位要求
            “直播带岗”区域，企业负责人对着镜头介绍招聘岗位
            求职者排队扫码登记，现场投递简历
captions    求职者在招聘会现场咨询岗位信息
subtitles   提供岗位{big}个
couplets    家门口就业/幸福感满满
singles     {num}家企业进社区“送岗位”
mains       就业服务站开到“家门口”

= 养老服务
sections    幸福养老 | 民生关注
meetings    养老服务体系建设推进会
activities  “孝老爱亲”敬老 | 老年人防诈骗宣传
goals       让老年人老有所养、老有所乐 | 构建居家社区机构相协调的养老服务体系
actions     建成社区长者食堂{num}家 | 为{num}户困难老人进行适老化改造 | 开通“一键呼叫”智慧养老服务
            为辖区{big}名老人提供助餐服务
demands     要聚焦老年人急难愁盼问题，补齐养老服务短板 | 要推动养老服务向社区延伸、向家庭覆盖
results     老人每餐只需{num}元 | 服务老年人{wan}人次
            建成社区养老服务站{num}个
            为{big}名高龄老人发放补贴
voices      长者食堂的饭菜软和可口，价格也实惠 | 有事按一下呼叫器，社区工作人员很快就来了
            孩子们工作忙，有社区照应着，他们也放心
            适老化改造后，卫生间装了扶手，再也不怕滑倒了
docs        {district}推进基本养老服务体系建设实施方案
scenes      午饭时间，长者食堂里坐满了前来就餐的老人 | 志愿者为老人测量血压、讲解健康知识
            老年活动室里，老人们有的下棋，有的练习书法
            工作人员推着送餐车，把热乎的饭菜送到行动不便的老人家中
captions    老人在{community}长者食堂用餐 | 志愿者为老人测量血压
subtitles   让老人吃得放心 | 托起幸福“夕阳红”
couplets    长者食堂/暖了胃更暖了心
singles     “一键呼叫”守护独居老人
mains       社区长者食堂“飘香”

= 基层治理
sections    基层治理 | 党建引领
meetings    基层治理工作推进会 | “三零”创建工作推进会
activities  “党建+网格” | 矛盾纠纷排查化解
goals       提升基层治理效能 | 把矛盾纠纷化解在萌芽状态
actions     将辖区划分为{num}个网格 | 推行“网格员+楼栋长”工作模式 | 设立“有事好商量”议事厅
            开展矛盾纠纷排查化解
demands     要坚持党建引领，把服务做到群众家门口 | 要健全网格化管理机制，做到小事不出网格
results     化解矛盾纠纷{num}起 | 群众诉求办结率达到{pct}
            收集群众意见建议{big}条
            办结群众诉求{big}件
voices      有事找网格员，一个电话就来了 | 楼道里的杂物清走了，邻里之间也更和气了
            小区的事大家一起商量，办起来也顺
            网格员隔三岔五来家里看看，有啥困难都能说
docs        {district}关于加强党建引领基层治理的实施意见
scenes      议事厅里，居民代表围坐在一起，商量小区停车难的解决办法
            网格员挨家挨户走访，把居民的诉求记在本子上
            网格工作站的墙上，挂着辖区网格分布图和网格员联系方式
            楼栋长和居民代表围坐一桌，现场把问题一条条梳理清楚
captions    网格员入户走访了解居民需求
subtitles   小网格/大治理
couplets    “小网格”/撑起治理“大民生”
singles     “有事好商量”议出和谐新气象
mains       {community}“红色物业”暖民心

= 反诈宣传
sections    平安建设 | 平安创建
meetings    平安建设工作会议
activities  反诈宣传 | 禁毒宣传
goals       筑牢全民反诈“防火墙” | 守护群众财产安全
actions     引导居民下载“国家反诈中心”APP | 通过案例讲解电信网络诈骗的常见手法
            开展“反诈进万家”入户宣传
demands     要坚持打防并举，持续开展全民反诈宣传 | 要压实行业监管责任，铲除诈骗犯罪滋生土壤
results     发放宣传资料{big}份 | “国家反诈中心”APP注册率达到{pct}
            开展宣传活动{num}场次
            劝阻潜在受害群众{big}人次
voices      听了讲解才知道，陌生链接千万不能点 | 接到可疑电话，我先打给社区民警核实
            以前总觉得诈骗离自己很远，现在知道要多留个心眼
            回去我也要给家里老人讲讲，不能让他们上当
docs        {district}打击治理电信网络诈骗工作方案
scenes      民警结合真实案例，讲解冒充客服、刷单返利等诈骗手法
            宣传台前，志愿者帮助居民在手机上安装反诈APP
            民警拿着宣传折页，逐一向过往群众讲解防骗要点
            社区广场上，反诈情景剧吸引了不少居民驻足观看
captions    民警在{community}向居民讲解防诈骗知识
subtitles   守护群众“钱袋子”
couplets    反诈宣传进万家/守护群众“钱袋子”
singles     民警进社区讲解防诈骗知识
mains       筑牢全民反诈“防火墙”

= 数字城市
sections    智慧城市 | 数字赋能
meetings    数字政府建设工作推进会 | 智慧城市建设推进会
activities  “数字生活进社区” | 智能手机使用培训
goals       以数字化赋能城市治理 | 让群众享受数字化便利
actions     新建5G基站{num}个 | 在{community}部署智慧安防系统 | 上线“智慧社区”APP
            为老年人开设智能手机课堂 | 运用AI识别技术监测占道经营
demands     要打破数据壁垒，推动数据共享 | 要以数字化改革推动城市治理现代化
results     5G网络实现辖区全覆盖 | “智慧社区”APP注册用户达到{wan}人
            建成智慧社区{num}个
            接入物联感知设备{big}个
voices      用APP就能报修，维修师傅当天就上门了 | 学会了用手机挂号，看病方便多了
            停车APP上能看到空车位，再也不用绕圈找车位了
            家里装了智能门磁，出门在外也放心
docs        {district}数字政府建设实施方案
scenes      城市运行管理中心的大屏上，各类数据实时跳动
            社区课堂里，老人们跟着老师一步步学习手机扫码
            社区智慧屏上实时显示着人员出入、车辆停放等信息
            志愿者手把手教老人用手机预约挂号、缴纳水电费
captions    社区工作人员教老人使用智能手机 | 工作人员在城市运行管理中心调度指挥
subtitles   让城市更“聪明” | 数据多跑路/群众少跑腿
couplets    5G赋能/智慧社区更“聪明”
singles     “智慧社区”APP上线运行
mains       {street}建成5G基站{num}个

= 重点项目
sections    项目建设 | 高质量发展
meetings    重点项目建设推进会 | 招商引资工作会议
activities  重点项目集中开工
goals       增强高质量发展动能 | 加快形成新质生产力
actions     集中签约项目{num}个 | 树牢“项目为王”理念 | 实行“一个项目、一名领导、一个专班”推进机制
            推进{street}产业园提质升级
demands     要树牢“大抓项目、抓大项目”的理念 | 要强化要素保障，推动项目早开工、早投产、早见效
results     总投资{money} | 新开工项目{num}个 | {num}个项目提前投产
            完成投资{money}
            签约项目总金额{money}
voices      审批手续办得快，项目比预期提前开工 | 这里营商环境好，我们准备追加投资
            从签约到拿地只用了不到两个月，效率很高
            政府专班帮我们协调解决了用电难题
docs        {district}{year}年重点项目建设工作方案
scenes      项目工地上塔吊林立，施工人员正在紧张作业 | 新建成的厂房内，生产线正在调试
            项目现场机器轰鸣，数台挖掘机正在进行土方作业
            展厅里，工作人员正在向来宾介绍项目规划和产业布局
captions    {district}重点项目建设现场 | 施工人员在项目工地紧张作业
subtitles   大抓项目/抓大项目 | 为高质量发展注入动能
couplets    项目建设“加速跑”/发展动能“强起来”
singles     {num}个重点项目集中签约
mains       重点项目跑出“加速度”

= places
中原区      须水街道 | 林山寨街道 | 建设路街道 | 棉纺路街道 | 秦岭路街道 | 三官庙街道
            绿东村街道 | 汝河路街道 | 桐柏路街道 | 航海西路街道 | 莲湖街道
二七区      淮河路街道 | 解放路街道 | 铭功路街道 | 五里堡街道 | 大学路街道 | 建中街街道
            福华街街道 | 德化街街道 | 嵩山路街道 | 长江路街道
惠济区      大河路街道 | 新城街道 | 刘寨街道 | 老鸦陈街道 | 长兴路街道 | 迎宾路街道 | 花园口镇
            古荥镇
上街区      济源路街道 | 中心路街道 | 新安路街道 | 工业路街道 | 矿山街道 | 峡窝镇
东湖区      滨河街道 | 枫林街道 | 城南街道 | 青石街道 | 望江街道 | 柳堤镇
communities 幸福里社区 | 桃园社区 | 春晖社区 | 锦绣社区 | 百花社区 | 和平里社区 | 朝阳社区
            西岗社区 | 柳林社区 | 绿城社区 | 金桥社区 | 康宁社区 | 育才社区 | 常青社区 | 玉兰社区
            民主路社区
villages    付庄村 | 丁庄村 | 柿园村 | 西岗村 | 岗坡村 | 河西村 | 小王庄村 | 沟赵村 | 双桥村
            杨庄村
units       区城管局 | 区人社局 | 区市场监管局 | 区应急管理局 | 区住建局 | 区卫健委 | 区教育局
            区民政局 | 区农业农村局 | 区文明办 | 区残联 | 区退役军人事务局 | 区税务局
            区消防救援大队 | 区行政审批和政务信息管理局
"""
"""Topics and places: ``= topic`` starts a topic (``rural``: about villages), then a key and
its entries separated by `` | `` (indented lines continue the key), ``/`` between the phrases
of a headline entry. Kept as text so the copy reads as copy, not as a wall of tuples."""


def _read_vocabulary(text: str) -> dict[str, dict[str, list[str]]]:
    """``{block: {key: [entries]}}`` from VOCABULARY."""
    blocks: dict[str, dict[str, list[str]]] = {}
    entries: list[str] = []
    for line in text.splitlines():
        if line.startswith("= "):
            block: dict[str, list[str]] = {}
            blocks[line[2:].strip()] = block
        elif line.startswith(" "):
            entries += line.strip().split(" | ")
        elif line.strip():
            key, rest = line.split(maxsplit=1)
            entries = block[key] = rest.split(" | ")
    return blocks


def _topics(blocks: dict[str, dict[str, list[str]]]) -> tuple[Topic, ...]:
    phrased = {"subtitles", "couplets"}
    topics = []
    for head, keys in blocks.items():
        name, *flags = head.split()
        if name == "places":
            continue
        values = {
            key: tuple(tuple(e.split("/")) for e in entries) if key in phrased else tuple(entries)
            for key, entries in keys.items()
        }
        topics.append(Topic(name=name, rural="rural" in flags, **values))  # type: ignore[arg-type]
    return tuple(topics)


_BLOCKS = _read_vocabulary(VOCABULARY)
TOPICS = _topics(_BLOCKS)
_PLACES = _BLOCKS["places"]
COMMUNITIES = tuple(_PLACES.pop("communities"))
VILLAGES = tuple(_PLACES.pop("villages"))
UNITS = tuple(_PLACES.pop("units"))
DISTRICTS = {district: tuple(streets) for district, streets in _PLACES.items()}
LEADERS = ("委主要负责人", "政府主要负责人", "人大常委会相关负责人", "政协相关负责人")
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程"
    "苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚"
    "邵万严武戴孔汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉宁欣怡浩然轩涵萱鸣远嘉乐"
    "琪晨曦博善普慧莹原赛楠倩晓亮斌雪梅颖璐鹏飞凯"
)
SPOTS = ("党群服务中心", "便民服务站", "文化广场", "小区门口", "新时代文明实践站")
ORDINALS = "一二三四五六七八九"
GENERIC_DEMANDS = (
    "要强化组织领导，层层压实工作责任",
    "要加强督导检查，确保各项任务落地见效",
    "要注重宣传引导，营造浓厚工作氛围",
    "要坚持问题导向，补短板、强弱项",
    "要加强队伍建设，不断提升服务能力",
    "要健全长效机制，推动工作常态化、制度化",
)
GENERIC_ACTIONS = (
    "建立问题台账，实行销号管理",
    "组织党员干部下沉一线",
    "召开专题会议研究部署",
    "成立工作专班，明确时间表和路线图",
    "开展“回头看”，确保整改到位",
    "通过微信公众号、社区宣传栏等渠道广泛宣传",
)
GENERIC_GOALS = (
    "增强群众的获得感和满意度",
    "推动各项工作落地见效",
    "助力全区高质量发展",
)
GENERIC_RESULTS = (
    "{num}项重点任务全部完成",
    "累计走访群众{big}户",
    "收集意见建议{num}0余条",
    "解决群众急难愁盼问题{num}0余件",
)
POLICIES = (
    "国务院和省、市关于{topic}工作的决策部署",
    "省、市、区关于{topic}工作的相关要求",
    "中央经济工作会议精神",
)
LEAD_EXTRAS: dict[str, tuple[str, ...]] = {
    "meeting": (
        "会议总结了{prevyear}年工作，安排部署了{year}年重点任务。",
        "区委、区政府有关负责人出席会议。",
        "{street}等相关单位负责人参加会议。",
    ),
    "activity": ("活动吸引了众多居民驻足参与。", "{unit}有关负责人参加活动。"),
    "research": ("{unit}有关负责人陪同。", "村“两委”成员参加座谈。"),
    "purpose": ("{unit}有关负责人参加。", "活动得到了居民的积极响应。"),
    "feature": ("这是{district}{action}的一个缩影。",),
}

# Sentence templates per paragraph kind: the first sentence of a paragraph, then more.
FIRST: dict[str, tuple[str, ...]] = {
    "background": (
        "{prevyear}年，{district}深入贯彻落实{policy}，{action}，{action}。",
        "近年来，{street}坚持以人民为中心的发展思想，{action}，{goal}。",
        "据了解，{street}{action}，并{action}。",
        "为{goal}，{street}{action}，{action}。",
        "{street}把{topic}工作作为重点任务，{action}。",
    ),
    "data": (
        "截至目前，{result}，{result}。",
        "今年以来，{district}{action}，{result}。",
        "数据显示，{result}。",
        "{unit}提供的数据显示，{result}，{result}。",
    ),
    "quote": (
        "“{voice}。”{place}居民{name}说。",
        "“{voice}！”{age}岁的{name}笑着说。",
        "说起这些变化，{place}的老住户{name}感慨：“{voice}。”",
    ),
    "meeting": (
        "会议强调，{demand}；{demand}。",
        "会议要求，{demand}，{goal}。",
        "会议指出，{topic}工作事关群众切身利益，是{goal}的重要举措。",
        "会议通报了{prevyear}年全区{topic}工作开展情况。",
    ),
    "points": (
        "会议强调，{year}年全区要从以下几个方面持续发力。",
        "下一步，{street}将重点做好以下几方面工作。",
    ),
    "doc": (
        "会上，{unit}负责人就《{doc}》进行了解读。",
        "{district}印发《{doc}》，明确了{num}项重点任务。",
        "会议审议通过了《{doc}》。",
    ),
    "scene": (
        "在{community}{spot}，{scene}。",
        "记者在现场看到，{scene}。",
    ),
    "closing": (
        "下一步，{actor}将继续{action}，{goal}。",
        "{actor}相关负责人表示，将以此次活动为契机，持续{action}，{goal}。",
        "据悉，{actor}还将{action}，进一步{goal}。",
    ),
}
MORE: dict[str, tuple[str, ...]] = {
    "background": (
        "同时，{action}，{result}。",
        "{unit}相关负责人介绍，目前已{result}。",
        "此外，{street}还{action}。",
        "在此基础上，{street}{action}，{result}。",
    ),
    "data": (
        "其中，{result}。",
        "与此同时，{result}，{result}。",
        "{unit}统计，{result}。",
        "另据统计，{result}。",
    ),
    "quote": (
        "“{voice}。”{name}告诉记者。",
        "{name}说：“{voice}。”",
        "“{voice}。”一旁的{name}说。",
        "{place}居民{name}也深有感触：“{voice}。”",
    ),
    "meeting": (
        "会议要求，{demand}。",
        "{demand}，{goal}。",
        "会上，{unit}、{unit}等单位负责人作交流发言。",
        "会议还强调，{demand}。",
        "与会人员围绕{topic}工作进行了交流发言。",
    ),
    "doc": (
        "文件从{num}个方面提出了具体举措。",
        "按照方案，{district}将{action}。",
        "{unit}相关负责人介绍，方案明确了时间表、路线图和责任人。",
    ),
    "scene": (
        "{scene}。",
        "现场气氛热烈，{scene}。",
        "不少居民专程赶来，现场咨询的人络绎不绝。",
        "现场还设置了咨询台，工作人员为群众答疑解惑。",
    ),
    "closing": ("{actor}将{action}，{goal}。", "据悉，{actor}还将{action}。"),
}
PLANS: dict[str, tuple[str, ...]] = {
    "meeting": ("background", "meeting", "points", "doc", "data"),
    "activity": ("scene", "quote", "data", "background"),
    "research": ("background", "scene", "meeting", "quote"),
    "purpose": ("background", "data", "scene", "quote", "doc"),
    "feature": ("scene", "quote", "background", "data"),
    "any": ("background", "data", "quote", "meeting", "points", "doc", "scene"),
    "any event": ("background", "data", "quote", "points", "doc", "scene"),
}
LEADS: dict[str, tuple[str, ...]] = {
    "meeting": ("{date}，{district}召开{year}年{meeting}。",),
    "activity": ("{date}，{street}{community}开展{activity}活动，{crowd}参加。",),
    "research": ("{date}，{district}{leader}到{street}{place}调研{topic}工作，并召开座谈会。",),
    "purpose": ("为进一步{goal}，{date}，{street}{action}。",),
    "feature": ("{date}，记者走进{street}{community}，看到{scene}。",),
}


# ---------------------------------------------------------------------------
# Generation


def _person(rng: random.Random) -> str:
    """A name of 2–3 Han characters, as bylines and quotes carry them."""
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


class _Exhausted(Exception):
    """Every choice for a slot was used in this article: the sentence cannot be written."""


@dataclass
class _Context:
    """The places, people and topic one article is about; fills ``{slots}``."""

    rng: random.Random
    topic: Topic
    district: str
    street: str
    community: str
    village: str
    year: int
    reporters: tuple[str, ...]
    meeting: str = ""  # the article's one meeting and one activity, headline and lead alike
    activity: str = ""
    leader: str = ""
    used: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.meeting = self.fill(self.rng.choice(self.topic.meetings))
        self.activity = self.fill(self.rng.choice(self.topic.activities))
        self.leader = self.rng.choice(LEADERS)

    def name(self) -> str:
        return _person(self.rng)

    def pick(self, key: str, options: Sequence[str], *, reuse: bool = False) -> str:
        """A choice not yet made for ``key`` in this article: copy that repeats reads as filler.

        Raises :class:`_Exhausted` when every option was used, unless ``reuse``.
        """
        used = self.used.setdefault(key, set())
        fresh = [o for o in options if o not in used]
        if not fresh:
            if not reuse:
                raise _Exhausted(key)
            used.clear()
            fresh = list(options)
        choice = self.rng.choice(fresh)
        used.add(choice)
        return choice

    def slot(self, key: str) -> str:
        """One value for ``{key}``: fixed places, fresh numbers and phrases each time."""
        rng, topic = self.rng, self.topic
        fixed = {
            "district": self.district,
            "street": self.street,
            "community": self.community,
            "village": self.village,
            "topic": topic.name,
            "year": str(self.year),
            "prevyear": str(self.year - 1),
            "meeting": self.meeting,
            "activity": self.activity,
            "leader": self.leader,
        }
        if key in fixed:
            return fixed[key]
        if key == "place":
            return self.village if topic.rural else self.community
        if key == "actor":
            return rng.choice((self.district, self.street, rng.choice(UNITS)))
        if key == "name":
            return self.name()
        if key == "unit":
            return self.pick(key, UNITS, reuse=True)
        if key == "spot":
            return rng.choice(SPOTS)
        if key == "policy":
            return rng.choice(POLICIES)
        if key == "date":
            return rng.choice(
                (
                    "近日",
                    "日前",
                    f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
                    + rng.choice(("", "上午", "下午")),
                )
            )
        if key == "crowd":
            return rng.choice(("{num}0余名居民", "{num}0余名志愿者和居民", "辖区{num}0余户家庭"))
        if key == "age":
            return str(rng.randint(58, 86))
        if key == "num":
            return str(rng.randint(3, 60))
        if key == "big":
            return str(rng.randint(120, 9800))
        if key == "wan":
            return f"{rng.randint(1, 9)}.{rng.randint(1, 9)}万"
        if key == "pct":
            if rng.random() < 0.5:
                return f"{rng.randint(60, 99)}%"
            return f"{rng.randint(85, 99)}.{rng.randint(1, 9)}%"
        if key == "money":
            return rng.choice(
                (
                    f"{rng.randint(2, 9)}.{rng.randint(1, 9)}万元",
                    f"{rng.randint(12, 980)}万元",
                    f"{rng.randint(1, 5)}.{rng.randint(1, 9)}亿元",
                )
            )
        if key == "hu":
            return rng.choice(("{big}户", "{big}余户"))
        if key == "ren":
            return rng.choice(("{big}余人", "{wan}人次"))
        lists = {
            "goal": (*topic.goals, *GENERIC_GOALS),
            "action": (*topic.actions, *GENERIC_ACTIONS),
            "demand": (*topic.demands, *GENERIC_DEMANDS),
            "result": (*topic.results, *GENERIC_RESULTS),
            "voice": topic.voices,
            "doc": topic.docs,
            "scene": topic.scenes,
        }
        return self.pick(key, lists[key])

    def fill(self, template: str) -> str:
        """The template with every slot filled, slots inside slot values too."""
        text = template
        for _ in range(4):
            filled = re.sub(r"\{(\w+)\}", lambda m: self.slot(m[1]), text)
            if filled == text:
                break
            text = filled
        return text


@dataclass
class _Paragraph:
    kind: str
    cap: int  # grows no longer than this
    sentences: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.sentences)


@dataclass
class _Draft:
    """An article while it grows: lead, body paragraphs, an optional closing paragraph."""

    ctx: _Context
    kind: str
    headline: tuple[str, ...]
    subtitle: tuple[str, ...]
    separator: str
    section: str | None
    bylines: tuple[str, ...]
    weight: float
    photos: list[tuple[float, PhotoSpec]] = field(default_factory=list)
    lead: _Paragraph | None = None
    body: list[_Paragraph] = field(default_factory=list)
    closing: _Paragraph | None = None
    closes: bool = False  # ends with a 下一步… paragraph once it is long enough
    full: bool = False
    plan: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[_Paragraph]:
        lead = [self.lead] if self.lead else []
        closing = [self.closing] if self.closing else []
        return [*lead, *self.body, *closing]

    def chars(self) -> int:
        return sum(text_chars(p.text) for p in self.paragraphs())

    def body_lines(self, column_chars: int) -> int:
        return sum(
            math.ceil((INDENT_CHARS + text_chars(p.text)) / column_chars) for p in self.paragraphs()
        )

    def sentence(self, paragraph: _Paragraph) -> str | None:
        """The paragraph's next sentence; None when the article has used up what it could say."""
        ctx, index = self.ctx, len(paragraph.sentences)
        try:
            if paragraph.kind == "points":
                if index > len(ORDINALS):
                    return None
                if index == 0:
                    options = [t for t in FIRST["points"] if self.fits(t)]
                    return ctx.fill(ctx.pick("first:points", options))
                return f"{ORDINALS[index - 1]}是{ctx.slot('demand').removeprefix('要')}。"
            table, name = (FIRST, "first") if index == 0 else (MORE, "more")
            options = [t for t in table[paragraph.kind] if self.fits(t)]
            return ctx.fill(ctx.pick(f"{name}:{paragraph.kind}", options))
        except _Exhausted:
            return None

    def fits(self, template: str) -> bool:
        """Only a report of a meeting (or a 座谈会) says 会议…, only an event says 此次活动."""
        meeting = self.kind in ("meeting", "research")
        if not meeting and re.search("会议|会上", template):
            return False
        return not (self.kind == "meeting" and "此次活动" in template)

    def new_paragraph(self, kind: str) -> _Paragraph | None:
        """A paragraph of at least 40 characters, or None if none fits."""
        low, high = PARAGRAPH_CHARS
        paragraph = _Paragraph(kind, self.ctx.rng.randint(max(low, 70), high))
        least = 3 if kind == "points" else 1  # a list has two points at least
        while text_chars(paragraph.text) < low or len(paragraph.sentences) < least:
            text = self.sentence(paragraph)
            if text is None or text_chars(paragraph.text + text) > high:
                return None
            paragraph.sentences.append(text)
        return paragraph

    def next_kind(self) -> str:
        """Paragraph kinds in the order of the article's plan, then any kind."""
        if not self.plan:
            later = "any" if self.kind in ("meeting", "research") else "any event"
            kinds = list(PLANS[self.kind] if not self.body else PLANS[later])
            self.ctx.rng.shuffle(kinds)
            if any(p.kind == "points" for p in self.body):  # one list of points an article
                kinds = [k for k in kinds if k != "points"]
            self.plan = kinds
        return self.plan.pop(0)

    def grow(self) -> bool:
        """Add one sentence or one paragraph; False once the article cannot take more."""
        rng = self.ctx.rng
        limit = ARTICLE_CHARS[1]
        if self.closes and self.closing is None and self.chars() >= CLOSING_CHARS:
            closing = self.new_paragraph("closing")
            if closing is not None and self.chars() + text_chars(closing.text) <= limit:
                self.closing = closing
                return True
        for _ in range(8):
            room = [p for p in self.body if text_chars(p.text) < p.cap]
            if room and rng.random() < 0.75:
                paragraph = rng.choice(room)
                text = self.sentence(paragraph)
                if text is None or text_chars(paragraph.text + text) > PARAGRAPH_CHARS[1]:
                    paragraph.cap = text_chars(paragraph.text)  # done: try elsewhere
                    continue
                if self.chars() + text_chars(text) > limit:
                    continue
                paragraph.sentences.append(text)
                return True
            paragraph = self.new_paragraph(self.next_kind())
            if paragraph is None or self.chars() + text_chars(paragraph.text) > limit:
                continue
            self.body.append(paragraph)
            return True
        self.full = True
        return False

    def start(self) -> None:
        """The lead paragraph: 本报讯, the news, and more of it up to 40 characters."""
        ctx = self.ctx
        lead = _Paragraph(
            "lead", PARAGRAPH_CHARS[1], ["本报讯 " + ctx.fill(ctx.rng.choice(LEADS[self.kind]))]
        )
        while text_chars(lead.text) < PARAGRAPH_CHARS[0]:
            lead.sentences.append(ctx.fill(ctx.pick("lead", LEAD_EXTRAS[self.kind], reuse=True)))
        self.lead = lead

    def minimum(self) -> None:
        """Grow to the shortest allowed: 150 characters; with photos 400, 2+ paragraphs."""
        least = PHOTO_ARTICLE_CHARS if self.photos else ARTICLE_CHARS[0]
        paragraphs = 1 + len(self.photos) if self.photos else 1
        while self.chars() < least or len(self.paragraphs()) < paragraphs:
            paragraph = self.new_paragraph(self.next_kind())
            if paragraph is not None:
                self.body.append(paragraph)
            elif not self.grow():
                break  # nothing left to say: keep the article as it is

    def freeze(self) -> ArticleCopy:
        texts = tuple(p.text for p in self.paragraphs())
        places = max(1, len(texts) - 1)  # after the lead … before the last paragraph
        photos = tuple(
            (min(int(where * places), places - 1), photo) for where, photo in self.photos
        )
        return ArticleCopy(
            topic=self.ctx.topic.name,
            headline=self.headline,
            subtitle=self.subtitle,
            separator=self.separator,
            section=self.section,
            paragraphs=texts,
            bylines=self.bylines,
            photos=tuple(sorted(photos, key=lambda p: p[0])),
        )


_DANGLING_END = re.compile(
    r"(?:召开|举行|举办|开展|启动|部署|推进|调研|到|赴|在|对|为|与|和|及|的)$"
)


def _headline(ctx: _Context, kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """主题 and 副题 phrases, 8–24 characters in all, shaped so the importer splits them so.

    A 副题 follows only a complete 主题 (召开…会议, 开展…活动, …活动举行) or is
    two phrases after a one-phrase 主题; a 主题 may be a couplet or a phrase
    ending in 召开 and its object, which the importer keeps together.
    """
    rng, topic = ctx.rng, ctx.topic
    low, high = HEADLINE_CHARS
    for _ in range(40):
        form = rng.random()
        head: tuple[str, ...]
        sub: tuple[str, ...] = ()
        if kind == "meeting" and form < 0.6:
            shape = rng.choice(("{district}召开{meeting}", "{district}{meeting}召开"))
            if rng.random() < 0.25:
                head = (f"{ctx.district}召开", ctx.fill("{meeting}"))
            else:
                head = (ctx.fill(shape),)
                if rng.random() < 0.6:
                    sub = tuple(ctx.fill(p) for p in rng.choice(topic.subtitles))
        elif kind == "activity" and form < 0.6:
            place = rng.choice((ctx.street, ctx.community))
            head = (ctx.fill(f"{place}{rng.choice(('开展', '举办'))}{{activity}}活动"),)
            if rng.random() < 0.5:
                sub = tuple(ctx.fill(p) for p in rng.choice(topic.subtitles))
        elif kind == "research" and form < 0.5:
            head = (ctx.fill("{district}{leader}调研{topic}工作"),)
        elif form < 0.35:
            head = tuple(ctx.fill(p) for p in rng.choice(topic.couplets))
        elif form < 0.7:
            head = (ctx.fill(rng.choice(topic.singles)),)
        else:
            head = (ctx.fill(rng.choice(topic.mains)),)
            pairs = [s for s in topic.subtitles if len(s) == 2]
            sub = tuple(ctx.fill(p) for p in rng.choice(pairs)) if pairs else ()
        phrases = (*head, *sub)
        length = sum(len(p) for p in phrases)
        if not low <= length <= high:
            continue
        if any(
            a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum()
            for a, b in itertools.pairwise(phrases)
        ):
            continue  # a space between two Latin words or digits is not a phrase break
        if len(head) > 1 and _DANGLING_END.search(head[0]) is None and len(head[1]) >= 12:
            continue  # the importer would ask whether it is a 副题
        return head, sub
    return (f"{ctx.street}{topic.name}工作见实效",), ()


def _bylines(ctx: _Context) -> tuple[str, ...]:
    """记者 / 通讯员 lines in the shapes of the seed page."""
    rng = ctx.rng
    reporter = " ".join(
        rng.sample(ctx.reporters, k=rng.choice((1, 1, 1, 2)) if len(ctx.reporters) > 1 else 1)
    )
    helpers = " ".join(ctx.name() for _ in range(rng.choice((1, 2, 2, 3))))
    shape = rng.random()
    if shape < 0.35:
        return (f"记者 {reporter}",)
    if shape < 0.75:
        return (f"记者 {reporter}  ", f"通讯员 {helpers}")
    if shape < 0.85:
        return (f"记者 {reporter} 通讯员 {helpers}",)
    if shape < 0.95:
        return (f"通讯员 {helpers}",)
    return (f"本报记者 {reporter}",)


def _photo(ctx: _Context, number: int) -> PhotoSpec:
    rng = ctx.rng
    aspect = rng.choice(list(ASPECTS))
    across, down = ASPECTS[aspect]
    long_side = rng.randint(*PHOTO_LONG_SIDE)
    if across >= down:
        size = (long_side, round(long_side * down / across))
    else:
        size = (round(long_side * across / down), long_side)
    caption = ctx.fill(rng.choice(ctx.topic.captions))
    if rng.random() < 0.2:
        caption = "图为" + caption
    who = rng.choice(ctx.reporters) if rng.random() < 0.7 else ctx.name()
    credit = f"{'记者' if who in ctx.reporters else '通讯员'} {who} 摄"
    return PhotoSpec(f"p{number}.png", size, aspect, caption, credit, rng.getrandbits(32))


def page_copy(
    seed: int,
    *,
    fill: float,
    articles: int,
    photos: int,
    columns: int = 6,
    column_chars: int = 11,
    lines: int = 63,
) -> PageCopy:
    """A page of ``articles`` articles and ``photos`` photos that needs ``fill`` of the page.

    Articles grow a sentence at a time, each towards a random share of the
    page (the first, the lead, the largest), until
    :func:`page_capacity_estimate` reaches ``fill``. The shortest articles
    allowed (150 characters, 400 under a photo) can already need more than
    ``fill`` with many articles and photos; the page is then overfull and
    ``estimate`` says by how much. Same arguments, same page.
    """
    if articles < 1 or photos < 0:
        raise ValueError("a page needs an article, and photos cannot be negative")
    rng = random.Random(seed)
    district = rng.choice(list(DISTRICTS))
    year = rng.choice((2024, 2025, 2025, 2026))
    reporters = tuple(dict.fromkeys(_person(rng) for _ in range(rng.randint(1, 3))))
    topics = rng.sample(TOPICS, k=min(articles, len(TOPICS)))
    topics += rng.choices(TOPICS, k=articles - len(topics))

    sections: set[int] = set()
    if articles > 1 and rng.random() < 0.4:
        sections = set(rng.sample(range(1, articles), k=min(rng.choice((1, 2)), articles - 1)))

    drafts: list[_Draft] = []
    others = [rng.uniform(0.3, 1.0) for _ in range(articles - 1)]
    weights = [max(others, default=1.0) * rng.uniform(1.05, 1.4), *others]
    for number, (topic, weight) in enumerate(zip(topics, weights, strict=True)):
        ctx = _Context(
            rng,
            topic,
            district,
            rng.choice(DISTRICTS[district]),
            rng.choice(COMMUNITIES),
            rng.choice(VILLAGES),
            year,
            reporters,
        )
        kind = rng.choice(("meeting", "meeting", "activity", "research", "purpose", "feature"))
        head, sub = _headline(ctx, kind)
        drafts.append(
            _Draft(
                ctx=ctx,
                kind=kind,
                headline=head,
                subtitle=sub,
                separator=rng.choice((" ", "\u3000")),
                section=rng.choice(topic.sections) if number in sections else None,
                bylines=_bylines(ctx),
                weight=weight,
            )
        )

    # photos: the lead article most likely, then others, spread as evenly as they go;
    # numbered in reading order
    order = list(range(articles))
    rng.shuffle(order)
    if rng.random() < 0.7:
        order.remove(0)
        order.insert(0, 0)
    counts = [0] * articles
    for number in range(photos):
        counts[order[number % articles]] += 1
    number = 0
    for draft, count in zip(drafts, counts, strict=True):
        for where in sorted(rng.random() for _ in range(count)):
            number += 1
            draft.photos.append((where, _photo(draft.ctx, number)))

    for draft in drafts:
        draft.closes = rng.random() < 0.6
        draft.start()
        draft.minimum()
    while drafts[0].chars() < max(d.chars() for d in drafts) and drafts[0].grow():
        pass  # the lead is never shorter than another article

    def estimate() -> float:
        frozen = [d.freeze() for d in drafts]
        return page_capacity_estimate(
            frozen, columns=columns, column_chars=column_chars, lines=lines
        )

    lead = drafts[0]
    while estimate() < fill:
        growing = [d for d in drafts if not d.full]
        if not growing:
            break
        min(growing, key=lambda d: d.body_lines(column_chars) / d.weight).grow()
    while lead.chars() < max(d.chars() for d in drafts) and lead.grow():
        pass  # the step that reached fill may have passed the lead: it stays the longest

    frozen = tuple(d.freeze() for d in drafts)
    return PageCopy(
        seed=seed,
        fill=fill,
        estimate=page_capacity_estimate(
            frozen, columns=columns, column_chars=column_chars, lines=lines
        ),
        articles=frozen,
        columns=columns,
        column_chars=column_chars,
        lines=lines,
    )


# ---------------------------------------------------------------------------
# Files


def _colour(rng: random.Random) -> tuple[int, int, int]:
    """A colour dark enough to count as ink (luminance at most MAX_LUMINANCE)."""
    rgb = [rng.randint(20, 230) for _ in range(3)]
    luminance = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    if luminance > MAX_LUMINANCE:
        rgb = [int(c * MAX_LUMINANCE / luminance) for c in rgb]
    return (rgb[0], rgb[1], rgb[2])


def draw_photo(photo: PhotoSpec) -> Image.Image:
    """A picture of flat colours (sky, ground, buildings, people, a banner): inked everywhere.

    Flat colours keep the PNG small; no colour is light, so a photo never
    reads as white space to a tool that counts inked pixels.
    """
    rng = random.Random(photo.seed)
    width, height = photo.size
    sky = rng.choice(((70, 110, 160), (90, 130, 180), (60, 90, 140), (120, 110, 150)))
    ground = rng.choice(((90, 100, 70), (110, 105, 95), (70, 90, 60), (120, 95, 70)))
    image = Image.new("RGB", photo.size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.7))
    draw.rectangle((0, horizon, width, height), fill=ground)
    sun = int(min(width, height) * rng.uniform(0.06, 0.12))
    cx, cy = int(width * rng.uniform(0.1, 0.9)), int(horizon * rng.uniform(0.15, 0.5))
    draw.ellipse((cx - sun, cy - sun, cx + sun, cy + sun), fill=_colour(rng))
    x = 0
    while x < width:  # a skyline
        w = int(width * rng.uniform(0.06, 0.16))
        top = int(horizon * rng.uniform(0.35, 0.85))
        draw.rectangle((x, top, x + w, horizon), fill=_colour(rng))
        window = _colour(rng)
        for wy in range(top + w // 6, horizon - w // 6, max(8, w // 4)):
            draw.rectangle((x + w // 5, wy, x + w // 5 + w // 6, wy + w // 10), fill=window)
            draw.rectangle((x + 3 * w // 5, wy, x + 3 * w // 5 + w // 6, wy + w // 10), fill=window)
        x += w + int(width * rng.uniform(0.0, 0.04))
    banner_top = int(horizon + (height - horizon) * 0.1)
    draw.rectangle(
        (int(width * 0.15), banner_top, int(width * 0.85), banner_top + height // 14),
        fill=(170, 30, 30),
    )
    for _ in range(rng.randint(4, 12)):  # people
        px = int(width * rng.uniform(0.05, 0.95))
        size = int(height * rng.uniform(0.05, 0.1))
        base = int(height * rng.uniform(0.8, 0.98))
        draw.rectangle((px - size // 3, base - 2 * size, px + size // 3, base), fill=_colour(rng))
        draw.ellipse(
            (px - size // 3, base - 2 * size - 2 * size // 3, px + size // 3, base - 2 * size),
            fill=_colour(rng),
        )
    if rng.random() < 0.5:  # a tree
        tx = int(width * rng.uniform(0.05, 0.95))
        draw.rectangle(
            (tx - width // 80, horizon - height // 6, tx + width // 80, horizon + height // 20),
            fill=(70, 45, 25),
        )
        draw.polygon(
            [
                (tx, horizon - height // 2),
                (tx - width // 12, horizon - height // 8),
                (tx + width // 12, horizon - height // 8),
            ],
            fill=_colour(rng),
        )
    return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)


def write_page(folder: Path | str, page: PageCopy) -> Path:
    """Write ``folder/PAGE.md`` and its photos under ``folder/img/``; returns PAGE.md's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if page.photos:
        (folder / "img").mkdir(exist_ok=True)
    for photo in page.photos:
        draw_photo(photo).save(folder / photo.path)
    path = folder / "PAGE.md"
    path.write_text(page.markdown, encoding="utf-8")
    return path


def write_pages(folder: Path | str, pages: Sequence[PageCopy]) -> Path:
    """Several pages of copy as one ``folder/PAGE.md`` (the copy of a longer issue), each
    page's photos under ``folder/img/`` named apart; returns PAGE.md's path."""
    folder = Path(folder)
    (folder / "img").mkdir(parents=True, exist_ok=True)
    parts = []
    for number, page in enumerate(pages):
        markdown = page.markdown
        for photo in page.photos:
            renamed = photo.path.replace("img/", f"img/p{number}-")
            draw_photo(photo).save(folder / renamed)
            markdown = markdown.replace(photo.path, renamed)
        parts.append(markdown)
    path = folder / "PAGE.md"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path
