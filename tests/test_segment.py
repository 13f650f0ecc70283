"""Sentence segmentation: abbreviations, initials, numbers, quotes, full-width stops, line breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from mtcheck.segment import segment_block


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in segment_block(text)]


@pytest.mark.parametrize("text, expected", [
    # company suffixes and titles inside a sentence
    ("Guangzhou Automobile Group Co., Ltd. and SAIC Motor Corp. signed. Mr. Zeng attended.",
     ["Guangzhou Automobile Group Co., Ltd. and SAIC Motor Corp. signed.", "Mr. Zeng attended."]),
    ("Apple Inc. reported. Dr. Li and Gov. Newsom met Sen. Smith and Rep. Jones.",
     ["Apple Inc. reported.", "Dr. Li and Gov. Newsom met Sen. Smith and Rep. Jones."]),
    # an ambiguous abbreviation does end a sentence before a typical opener
    ("The deal was signed by Huawei Technologies Co., Ltd. The two parties agreed.",
     ["The deal was signed by Huawei Technologies Co., Ltd.", "The two parties agreed."]),
    ("He moved to the U.S. The move was quick.", ["He moved to the U.S.", "The move was quick."]),
    ("The U.S. Department of Commerce and the U.K. Treasury met.",
     ["The U.S. Department of Commerce and the U.K. Treasury met."]),
    # dates, numbers, months
    ("On Dec. 23, 2023, sales rose 3.5 percent. Jan.-Dec. output was No. 1 in St. Louis.",
     ["On Dec. 23, 2023, sales rose 3.5 percent.", "Jan.-Dec. output was No. 1 in St. Louis."]),
    ("The meeting starts at 9 a.m. and ends at 5 p.m. on Friday.",
     ["The meeting starts at 9 a.m. and ends at 5 p.m. on Friday."]),
    ("Version 2.1.3 is out. It fixes bugs.", ["Version 2.1.3 is out.", "It fixes bugs."]),
    # initials, e.g., i.e., vs.
    ("J. K. Rowling wrote it. George W. Bush read it.", ["J. K. Rowling wrote it.", "George W. Bush read it."]),
    ("Use tools, e.g. Harper, i.e. a checker. China vs. Japan ended 2-1.",
     ["Use tools, e.g. Harper, i.e. a checker.", "China vs. Japan ended 2-1."]),
    # etc. before a capital is a full stop; before lower case it is not
    ("insurance services, etc. Cooperation; both parties will work together.",
     ["insurance services, etc.", "Cooperation; both parties will work together."]),
    ("cars, buses, etc. are included.", ["cars, buses, etc. are included."]),
    # question and exclamation marks, quotes and brackets after the stop
    ("Why now? Because it matters! \"We agree.\" (This is final.) Done.",
     ["Why now?", "Because it matters!", "\"We agree.\"", "(This is final.)", "Done."]),
    ("He said “It is done.” Then he left.", ["He said “It is done.”", "Then he left."]),
    # full-width stops need no space
    ("双方签署协议。GAC said yes！Really？Yes.", ["双方签署协议。", "GAC said yes！", "Really？", "Yes."]),
    # ellipsis
    ("We waited... and waited. Then... Nothing happened.",
     ["We waited... and waited.", "Then...", "Nothing happened."]),
    ("It goes on… Forever.", ["It goes on…", "Forever."]),
    # line breaks: a wrapped line is not a boundary, a blank line is
    ("The two parties\nwill cooperate in\nmany fields. They agreed.",
     ["The two parties\nwill cooperate in\nmany fields.", "They agreed."]),
    ("A heading without a stop\n\nA paragraph.", ["A heading without a stop", "A paragraph."]),
    ("First line\r\n\r\nSecond line", ["First line", "Second line"]),
    # no final stop at all
    ("GAC Group joins hands with SAIC Group", ["GAC Group joins hands with SAIC Group"]),
    ("", []),
    ("   \n\t ", []),
])
def test_segmentation_cases(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_gac_opening_sentence_is_not_split_at_abbreviations() -> None:
    text = ("ON December 23, GAC Group and SAIC Group signed a strategic cooperation framework agreement, "
            "creating a new situation for the cooperation and development of the domestic automobile industry. "
            "Under the witness of Zeng Qinghong, Chairman of GAC Group, and Chen Hong, Chairman of SAIC Group, "
            "signed the agreement on behalf of both parties.")
    out = sents(text)
    assert len(out) == 2
    assert out[0].startswith("ON December 23, GAC Group") and out[0].endswith("automobile industry.")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aB .!?。\n\"')3") + ["Mr.", "etc.", "U.S.", "...", "\r\n"]), max_size=80).map("".join))
def test_spans_are_ordered_trimmed_and_cover_every_non_space(text: str) -> None:
    spans = segment_block(text)
    covered = [False] * len(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        for i in range(a, b):
            covered[i] = True
        last = b
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


def test_crlf_wrapped_line_is_not_a_blank_line() -> None:
    assert sents("The parties\r\nagreed. Then\r\n\r\nNew") == ["The parties\r\nagreed.", "Then", "New"]
    assert sents("Old Mac\rline\r\rNext") == ["Old Mac\rline", "Next"]


@pytest.mark.parametrize("text, expected", [
    ('In the face of praise, he said: " There is no one saved, this is my responsibility. "',
     ['In the face of praise, he said: " There is no one saved, this is my responsibility. "']),
    ('He said: “It is done. ” Then he left.', ['He said: “It is done. ”', "Then he left."]),
    ('The " greenhouse effect " is a problem. " The new idea helps. "',
     ['The " greenhouse effect " is a problem.', '" The new idea helps. "']),
])
def test_spaced_off_closing_quotes_stay_with_their_sentence(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("You can take the time to get to know this girl. \"", ["You can take the time to get to know this girl. \""]),
    ("He said, “This is unworkable. “", ["He said, “This is unworkable. “"]),
    ("Tourism Bureau 1 case (involving: inquiry about quarantine hotels. )",
     ["Tourism Bureau 1 case (involving: inquiry about quarantine hotels. )"]),
])
def test_closers_at_the_end_of_a_block(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_a_spaced_dash_after_a_stop_continues_the_sentence() -> None:
    assert sents("Can they spark again? - Xinhua") == ["Can they spark again? - Xinhua"]
    assert sents("It rose 5%. -3% was expected.") == ["It rose 5%.", "-3% was expected."]
