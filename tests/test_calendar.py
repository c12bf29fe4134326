"""Masthead date line: 公历, 星期, 农历."""

import datetime

import pytest

from layout.typeset.calendar import date_line


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 1, 16), "2025年1月16日 星期四 农历甲辰年腊月十七"),
        (datetime.date(2025, 1, 28), "2025年1月28日 星期二 农历甲辰年腊月廿九"),  # 除夕
        (datetime.date(2025, 1, 29), "2025年1月29日 星期三 农历乙巳年正月初一"),  # 春节
        (datetime.date(2025, 7, 25), "2025年7月25日 星期五 农历乙巳年闰六月初一"),
        (datetime.date(2025, 2, 3), "2025年2月3日 星期一 农历乙巳年正月初六"),  # 立春 eve
        (datetime.date(2024, 12, 1), "2024年12月1日 星期日 农历甲辰年冬月初一"),
    ],
)
def test_date_line(day: datetime.date, expected: str) -> None:
    assert date_line(day) == expected
