"""The masthead date line: 公历, 星期 and 农历, as Chinese papers print it."""

import datetime
import functools

from lunar_python import Solar

_WEEKDAYS = "一二三四五六日"


@functools.cache  # lunar_python takes ~10 ms, and every page's HTML asks again
def date_line(d: datetime.date) -> str:
    """E.g. ``2025年1月16日 星期四 农历甲辰年腊月十七``.

    The 干支 year changes at 春节 (not 立春), as on printed calendars; month
    names are lunar_python's (正, 冬, 腊, 闰六 …) plus 月.
    """
    lunar = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    return (
        f"{d.year}年{d.month}月{d.day}日 星期{_WEEKDAYS[d.weekday()]} "
        f"农历{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
    )
