"""The LanguageTool adapter end to end: language-tool-python against a local replay
server serving answers recorded from a real LanguageTool 6.3 (../shared/fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from conftest import SHARED
from lt_replay import ReplayServer, build_stub_install, closed_port_url
from mtcheck.checkers.grammar import make_grammar_checkers
from mtcheck.checkers.grammar.languagetool import LanguageToolChecker, MalformedAnswer, validate_answer
from mtcheck.document import Document
from mtcheck.loading import load_document
from mtcheck.model import Applicability

pytest.importorskip("language_tool_python", reason="language-tool-python is not installed")
FIXTURES = SHARED / "fixtures" / "languagetool"
pytestmark = pytest.mark.skipif(not (FIXTURES / "languages.json").exists(),
                                reason=f"shared data not available: {FIXTURES} (LanguageTool recordings)")


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    srv = ReplayServer(FIXTURES).start()
    yield srv
    srv.stop()


def fixture_doc(server: ReplayServer, name: str, level: str = "default") -> Document:
    """The recorded request text loaded as a plain-text file (so the checker sends it back verbatim)."""
    text = server.fixture(name, level).text
    return load_document(f"{name}.txt", data=text.encode("utf-8"), format="text")


def lt(server: ReplayServer, **kw) -> LanguageToolChecker:
    return LanguageToolChecker(url=server.url, timeout=kw.pop("timeout", 5), **kw)


def test_utf16_offsets_after_an_emoji_land_on_the_right_characters(server: ReplayServer) -> None:
    doc = fixture_doc(server, "cjk-and-emoji")
    checker = lt(server)
    res = checker.check(doc)
    checker.close()
    assert res.warnings == [] and res.backends["languagetool"]["ran"] is True
    got = {f.rule: doc.text[f.start:f.end] for f in res.findings}
    assert got["LT.EN_COMPOUNDS_YEAR_ON_YEAR"] == "year on year"
    assert got["LT.DT_DT"] == "the the"
    # LanguageTool said offset 74 (UTF-16); the car emoji before it is one Python character
    [yoy] = [f for f in res.findings if f.rule == "LT.EN_COMPOUNDS_YEAR_ON_YEAR"]
    assert yoy.start == 73 and yoy.suggestions == ["year-on-year"]
    assert yoy.fix is not None and yoy.fix.applicability is Applicability.UNSAFE
    assert yoy.meta["category"] == "MISC" and yoy.meta["issue_type"] == "misspelling"
    assert res.backends["languagetool"]["version"] == "6.3"
    [sent] = server.checks()
    assert sent["text"] == doc.text and sent["language"] == "en-US" and "level" not in sent


def test_grammar_basics_rules_and_categories(server: ReplayServer) -> None:
    doc = fixture_doc(server, "grammar-basics")
    res = lt(server).check(doc)
    got = [(f.rule, f.text, f.meta["category"]) for f in res.findings]
    assert ("LT.HE_VERB_AGR", "go", "GRAMMAR") in got
    assert ("LT.THEIR_IS", "Their", "CONFUSED_WORDS") in got
    assert ("LT.EN_A_VS_AN", "a", "MISC") in got
    assert len(got) == 7 and all(f.source == "grammar" for f in res.findings)


def test_names_are_not_typos_in_the_seed_article(server: ReplayServer) -> None:
    doc = fixture_doc(server, "seed-article")
    recorded = {m["rule"]["id"] for m in server.fixture("seed-article").response["matches"]}
    assert "MORFOLOGIK_RULE_EN_US" in recorded  # the server did flag the names
    res = lt(server).check(doc)
    typos = [f.text for f in res.findings if f.meta["category"] == "TYPOS"]
    assert typos == ["lightweighting"]  # Zeng, Qinghong, Xingya, Xiaoqiu, Xinhuanet dropped


def test_picky_level_and_disabled_rules_reach_the_server(server: ReplayServer) -> None:
    doc = fixture_doc(server, "seed-article", "picky")
    res = lt(server, picky=True, disabled_rules=["LT.WHITESPACE_RULE"], disabled_categories=["CASING"]).check(doc)
    assert res.warnings == []
    [sent] = server.checks()
    assert sent["level"] == "picky"
    assert sent["disabledRules"] == "WHITESPACE_RULE" and sent["disabledCategories"] == "CASING"


def test_empty_text_and_empty_document(server: ReplayServer) -> None:
    checker = lt(server)
    assert checker.check_text("")["matches"] == []  # the recorded answer for ""
    res = checker.check(load_document("empty.txt", data=b"", format="text"))
    assert res.findings == [] and res.warnings == [] and res.backends["languagetool"]["ran"] is True
    assert len(server.checks()) == 1  # an empty document sends nothing


def test_one_server_connection_reused_across_files(server: ReplayServer) -> None:
    checker = lt(server)
    for name in ("grammar-basics", "clean-native", "cjk-and-emoji"):
        assert checker.check(fixture_doc(server, name)).warnings == []
    languages = [r for r in server.requests if r["path"].endswith("/languages")]
    assert len(languages) == 1 and len(server.checks()) == 3


def test_long_text_is_split_and_offsets_shifted_back(server: ReplayServer) -> None:
    server.mode = "synthetic"
    paras = [f"Paragraph {i} 🚗 says the the market grew." for i in range(40)]
    text = "\n\n".join(paras)
    doc = load_document("long.txt", data=text.encode(), format="text")
    res = LanguageToolChecker(url=server.url, timeout=5, max_chars=400).check(doc)
    assert len(server.checks()) > 3 and all(len(r["text"]) <= 400 for r in server.checks())
    assert len(res.findings) == 40
    assert all(doc.text[f.start:f.end] == "the the" for f in res.findings)


def test_server_error_500_gives_one_warning(server: ReplayServer) -> None:
    server.mode = "error500"
    res = lt(server).check(fixture_doc(server, "grammar-basics"))
    assert res.findings == []
    [w] = res.warnings
    assert "answered with an error" in w and "Internal Error" in w
    assert res.backends["languagetool"]["ran"] is False


def test_timeout_gives_one_warning(server: ReplayServer) -> None:
    server.mode, server.sleep_s = "sleep", 2.0
    res = lt(server, timeout=0.5).check(fixture_doc(server, "grammar-basics"))
    [w] = res.warnings
    assert "timed out" in w and res.backends["languagetool"]["ran"] is False


def test_malformed_answer_gives_one_warning(server: ReplayServer) -> None:
    for mode in ("malformed", "nomatches"):
        server.mode = mode
        res = lt(server).check(fixture_doc(server, "grammar-basics"))
        [w] = res.warnings
        assert "malformed answer" in w, mode
        assert res.backends["languagetool"] == {"ran": False, "error": w.removeprefix("LanguageTool did not run: ")}


def test_refused_connection_is_reported_once_and_not_retried() -> None:
    url = closed_port_url()
    checker = LanguageToolChecker(url=url, timeout=1)
    doc = load_document("a.txt", data=b"He go to school.", format="text")
    for _ in range(2):
        res = checker.check(doc)
        assert res.backends["languagetool"] == {"ran": False, "error": f"connection refused at {url}"}
        assert res.warnings == [f"LanguageTool did not run: connection refused at {url}"]
    checker.close()


def test_validate_answer_rejects_bad_matches() -> None:
    with pytest.raises(MalformedAnswer):
        validate_answer({"matches": [{"offset": "3", "length": 1, "rule": {"id": "X"}}]})
    assert validate_answer({"matches": []}) == []


def test_harper_and_languagetool_together_without_name_typos(server: ReplayServer) -> None:
    doc = fixture_doc(server, "seed-article")
    checkers = make_grammar_checkers(["harper", "languagetool"], languagetool_url=server.url)
    assert [c.name for c in checkers] == ["harper", "languagetool"]
    names = {"Zeng", "Qinghong", "Feng", "Xingya", "Wang", "Xiaoqiu", "GAC", "SAIC", "Xinhuanet", "Chen", "Hong"}
    for c in checkers:
        res = c.check(doc)
        assert res.backends[c.name]["ran"] is True
        assert not [f for f in res.findings if f.text in names], c.name
        c.close()


def test_missing_local_install_fails_clearly_without_downloading(tmp_path: Path) -> None:
    home = tmp_path / "LanguageTool-6.3"
    checker = LanguageToolChecker(path=str(home), timeout=1)
    res = checker.check(load_document("a.txt", data=b"He go to school.", format="text"))
    assert res.backends["languagetool"]["ran"] is False
    assert res.warnings == [f"LanguageTool did not run: cannot start a local LanguageTool: "
                            f"no LanguageTool installation at {home} (languagetool-server.jar not found)"]
    assert not home.exists() and list(tmp_path.iterdir()) == []  # nothing downloaded into it
    checker.close()


def test_no_java_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "LanguageTool-6.3"
    home.mkdir()
    (home / "languagetool-server.jar").write_bytes(b"PK")  # an install, but no Java to run it
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    checker = LanguageToolChecker(path=str(tmp_path), timeout=1)
    res = checker.check(load_document("a.txt", data=b"He go to school.", format="text"))
    assert res.backends["languagetool"]["ran"] is False
    [w] = res.warnings
    assert "cannot start a local LanguageTool" in w and "java" in w.lower()
    checker.close()


def test_pipeline_runs_both_backends_and_reuses_the_server_across_files(server: ReplayServer, tmp_path: Path) -> None:
    from mtcheck.pipeline import RunOptions, check_paths

    paths = []
    for name in ("seed-article", "grammar-basics"):
        p = tmp_path / f"{name}.txt"
        p.write_bytes(server.fixture(name).text.encode("utf-8"))
        paths.append(str(p))
    run = check_paths(paths, RunOptions(grammar=["harper", "languagetool"], languagetool_url=server.url, lm="none"))
    assert len([r for r in server.requests if r["path"].endswith("/languages")]) == 1
    assert len(server.checks()) == 2
    seed, basics = run.files
    for fr in run.files:
        assert fr.backends["harper"]["ran"] is True and fr.backends["languagetool"]["ran"] is True
        assert not [w for w in fr.warnings if "LanguageTool" in w]
    assert "LT.HE_VERB_AGR" in {f.rule for f in basics.findings}
    names = {"Zeng", "Qinghong", "Feng", "Xingya", "Wang", "Xiaoqiu", "GAC", "SAIC", "Xinhuanet"}
    assert not [f for f in seed.findings if f.source == "grammar" and f.text in names]


@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("jar") is None or shutil.which("java") is None,
                    reason="needs a JDK (java, javac, jar) to build a stand-in LanguageTool server")
def test_managed_local_server_starts_once_is_reused_and_closed(tmp_path: Path) -> None:
    home = build_stub_install(tmp_path)
    checker = LanguageToolChecker(path=str(home), timeout=5)
    docs = [load_document(f"{i}.txt", data=t.encode(), format="text")
            for i, t in enumerate(["It rose 🚗 and the the market cheered.", "Then the the end came."])]
    results = [checker.check(d) for d in docs]
    process = checker._tool._server
    assert process is not None and process.poll() is None  # one java process, still serving
    for doc, res in zip(docs, results):
        assert res.warnings == [] and res.backends["languagetool"]["ran"] is True
        assert res.backends["languagetool"]["version"] == "stub"
        [f] = res.findings
        assert f.rule == "LT.DT_DT" and doc.text[f.start:f.end] == "the the"
    assert checker._tool._server is process  # the second file reused the first file's server
    checker.close()
    assert process.poll() is not None  # stopped at close
