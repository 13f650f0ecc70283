"""UTF-16 offsets (LanguageTool's) to Python indices and back."""

from __future__ import annotations

import pytest

from mtcheck.checkers.grammar.utf16 import Utf16Index, utf16_len

TEXTS = ["", "plain ascii", "yuan（约4.5亿美元）in", "in 2020 🚗, up 12%", "😀😀x😀", "𠀀 rare CJK 𠀁 and é"]


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip_against_the_utf16_codec(text: str) -> None:
    index = Utf16Index(text)
    assert index.units == utf16_len(text) == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        u = index.to_utf16(i)
        assert u == len(text[:i].encode("utf-16-le")) // 2
        assert index.to_index(u) == i


def test_span_after_and_around_an_emoji() -> None:
    text = "in 2020 🚗, up 12% year on year"
    index = Utf16Index(text)
    # LanguageTool counts the car as two units, so "year on year" starts one unit later
    u16_offset = len(text[: text.index("year")].encode("utf-16-le")) // 2
    start, end = index.span(u16_offset, len("year on year"))
    assert text[start:end] == "year on year"
    # a span covering the emoji itself: 2 units -> 1 character
    car = index.to_utf16(text.index("🚗"))
    assert text[slice(*index.span(car, 2))] == "🚗"


def test_offset_inside_a_surrogate_pair_does_not_split_the_character() -> None:
    index = Utf16Index("a🚗b")
    assert index.to_index(2) == 2  # rounds up past the car, never into it


def test_out_of_range_offsets_raise() -> None:
    index = Utf16Index("ab🚗")
    with pytest.raises(ValueError):
        index.to_index(5)
    with pytest.raises(ValueError):
        index.span(0, -1)


def test_round_trip_property() -> None:
    from hypothesis import given, strategies as st

    alphabet = st.sampled_from(list("ab ，亿") + ["🚗", "😀", "𠀀", "\n"])

    @given(st.text(alphabet=alphabet, max_size=40))
    def check(text: str) -> None:
        index = Utf16Index(text)
        for i in range(len(text) + 1):
            assert index.to_index(index.to_utf16(i)) == i
        assert index.to_utf16(len(text)) == index.units

    check()
