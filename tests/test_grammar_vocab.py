"""Names are not typos: accept lists, project vocabularies, recurring capitalised names."""

from __future__ import annotations

from pathlib import Path

from mtcheck.checkers.grammar.vocab import (
    AcceptList,
    AcceptSource,
    NameFilter,
    builtin_accept_words,
    project_accept_files,
    read_word_list,
    recurring_names,
    skipped_by_convention,
)


def test_shipped_list_has_company_place_and_name_tokens() -> None:
    words = set(builtin_accept_words())
    for w in ("GAC", "SAIC", "BYD", "NIO", "Xpeng", "Geely", "CATL", "Xinhua", "Xinhuanet",
              "Guangdong", "Shenzhen", "Qinghong"):
        assert w in words, w


def test_word_list_comments_and_multi_word_entries() -> None:
    assert read_word_list("# heading\nGreat Wall  # brand\n\nXi'an\n") == ["Great", "Wall", "Xi'an"]


def test_accept_list_case_rules() -> None:
    acc = AcceptList.of(["Guangdong", "yuan"])
    assert acc.accepts("Guangdong") and acc.accepts("GUANGDONG")
    assert acc.accepts("yuan") and acc.accepts("Yuan")
    assert not acc.accepts("guangdong")  # a lower-case use in running text may be a typo
    assert not acc.accepts("Guangdon")


def test_recurring_and_sequence_names() -> None:
    texts = [
        "Under the witness of Zeng Qinghong, Chairman of Foo, and Feng Xingya signed.",
        "Sharing, creating economies of scale. Qwerty said so. Later Qwerty left.",
        "The Guangdong-Hong Kong-Macao Greater Bay Area. Recieve the goods.",
    ]
    names = recurring_names(texts)
    assert {"Zeng", "Qinghong", "Feng", "Xingya", "Qwerty", "Guangdong", "Hong", "Kong", "Macao"} <= names
    # capitalised once, at a sentence start, alone: still a possible typo
    assert "Sharing" not in names and "Recieve" not in names and "Chairman" not in names


def test_name_filter_covers_only_when_every_word_is_a_name() -> None:
    f = NameFilter.for_texts(["Wang Xiaoqiu met reporters."], AcceptList.of(["GAC"]))
    assert f.covers("Xiaoqiu") and f.covers("GAC") and f.covers("Wang Xiaoqiu")
    assert not f.covers("Xiaoqiu recieved")
    assert not f.covers("")


def test_project_vocab_found_walking_up_to_the_repository_root(tmp_path: Path) -> None:
    outside = tmp_path / "vocab" / "accept.txt"
    outside.parent.mkdir()
    outside.write_text("Outsider\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "vocab").mkdir(parents=True)
    (repo / "pyproject.toml").write_text("", encoding="utf-8")
    (repo / "vocab" / "accept.txt").write_text("Zhongce\n", encoding="utf-8")
    (repo / "docs" / "vocab").mkdir(parents=True)
    (repo / "docs" / "vocab" / "accept.txt").write_text("Weilai\n", encoding="utf-8")
    article = repo / "docs" / "pr.md"
    article.write_text("text", encoding="utf-8")

    files = project_accept_files(article)
    assert files == [(repo / "docs" / "vocab" / "accept.txt").resolve(), (repo / "vocab" / "accept.txt").resolve()]

    source = AcceptSource(["Configured"], builtin=False)
    acc = source.for_path(article)
    assert acc.accepts("Zhongce") and acc.accepts("Weilai") and acc.accepts("Configured")
    assert not acc.accepts("Outsider")  # above the repository root
    assert not source.for_path("-").accepts("Zhongce")  # stdin: configured words only


def _skipped(text: str, word: str, after: str = "") -> bool:
    """Whether ``word`` (its first occurrence right after ``after``) is skipped."""
    start = text.index(after + word) + len(after)
    return skipped_by_convention(text, start, start + len(word))


def test_shapes_spell_checkers_skip_by_convention() -> None:
    assert _skipped("The EU and the CPSU met.", "EU")
    assert _skipped("SOEs grew.", "SOEs")
    assert _skipped("WASHINGTON, D.C. -- Today the Senate passed H.R. 12.", "WASHINGTON")
    assert _skipped("WASHINGTON, D.C. -- Today the Senate passed H.R. 12.", "D.C.")
    assert _skipped("WASHINGTON, D.C. -- Today the Senate passed H.R. 12.", "H.R.")
    assert _skipped("Gree Electric (000651.SZ) rose.", "SZ")
    assert _skipped("Take the G109 road.", "G109")
    assert _skipped("the savings of the post-90s generation", "s", after="90")
    assert _skipped("sales in the 1990s", "s", after="1990")
    assert _skipped("Xinhua English.news.cn reported", "cn", after=".")
    assert _skipped("Xinhua English.news.cn reported", "news")
    assert _skipped("visit www.gfbzb.gov.cn.", "gfbzb")
    assert _skipped("write to info@byd.com today", "byd")


def test_real_errors_with_similar_shapes_are_kept() -> None:
    assert not _skipped("Inter's 3000 th Serie A match", "th")       # a space: a real error
    assert not _skipped("www. chinanews. cn", "chinanews")            # a broken host name
    assert not _skipped("the development.The plan", "development")    # a missing space, not a host
    assert not _skipped("The compnay said.", "compnay")
