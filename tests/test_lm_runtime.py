"""The shipped fluency model: loads offline, prefers grammatical press English, maps spans exactly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.lm.runtime import OnnxScorer, shipped_model_dir

if not (shipped_model_dir() / "model.onnx").exists():
    pytest.skip("the shipped fluency model is not built in this checkout", allow_module_level=True)

PAIRS = [
    ("The company has signed the agreement.", "The company have signed the agreement."),
    ("The two companies signed an agreement.", "The two companies signed a agreement."),
    ("The minister visited the new factory.", "The minister visited the new factory factory."),
    ("The senator said that the bill will help farmers.", "The senator said that the bill will helps farmers."),
    ("Both sides will expand their cooperation.", "Both sides will expands their cooperation."),
    ("The plant employs more than 2,000 workers.", "The plant employ more than 2,000 workers."),
    ("These measures were announced last year.", "These measures was announced last year."),
    ("The governor has been working on this issue.", "The governor has been work on this issue."),
    ("The agreement was signed in Beijing.", "The agreement was sign in Beijing."),
    ("The new policy will take effect next month.", "The new policy will takes effect next month."),
    ("The company plans to open three stores.", "The company plans to opens three stores."),
    ("Officials said the project is on schedule.", "Officials said the project are on schedule."),
]


@pytest.fixture(scope="module")
def scorer():
    return OnnxScorer()


def test_prefers_the_grammatical_sentence_in_most_pairs(scorer):
    good = scorer.score([g for g, _ in PAIRS])
    bad = scorer.score([b for _, b in PAIRS])
    wins = sum(g.logprob > b.logprob for g, b in zip(good, bad))
    assert wins >= 10, [(g.text, round(g.logprob, 2), round(b.logprob, 2)) for g, b in zip(good, bad)]


def test_token_spans_cover_the_sentence(scorer):
    text = "GAC Group’s 3.5 billion yuan plan was signed on Dec. 23."
    (sc,) = scorer.score([text])
    assert sc.tokens == len(sc.token_scores)
    covered = "".join(text[t.start:t.end] for t in sc.token_scores)
    assert covered.replace(" ", "") == text.replace(" ", "")
    assert sc.max_surprisal >= sc.mean_surprisal > 0


def test_lm_score_command_outputs_json_lines(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("The company signed the agreement.\n\nThe company have signed the agreement.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lm", "score", str(f)], catch_exceptions=False)
    assert r.exit_code == 0
    rows = [json.loads(x) for x in r.output.strip().splitlines()]
    assert len(rows) == 2
    assert set(rows[0]) == {"text", "logprob", "tokens", "slor", "max_surprisal"}
    assert rows[0]["logprob"] < 0 and rows[0]["tokens"] >= 7


def test_fluency_in_json_and_surprisal_findings_point_at_words(tmp_path):
    art = tmp_path / "a.md"
    art.write_text("# Title\n\nThe company signed the agreement on Monday.\n\n"
                   "The company zxqvbn signed the agreement flibbertigibbet quorp.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(art), "--grammar", "none", "--no-cache", "--format", "json"],
                           catch_exceptions=False)
    data = json.loads(r.stdout)
    f = data["files"][0]
    assert f["backends"]["lm"]["ran"] is True
    assert all(s["fluency"] is not None for s in f["sentences"])
    text = art.read_text(encoding="utf-8")
    for x in f["findings"]:
        if x["rule"] == "LM.Surprisal":
            assert text[x["start"]:x["end"]] == x["text"]
            assert x["text"].strip() == x["text"] and x["text"]


def test_long_sentences_are_scored_in_windows_of_the_trained_context(scorer):
    """Beyond its trained context the model must not be asked for positions it never saw:
    token log-probs of a long sentence's prefix equal those of scoring the prefix alone."""
    words = ("The senator said that the new agreement between the two companies will create jobs for "
             "workers in the state and help farmers who export their products to markets in Asia and Europe, "
             "and that the committee will hold a hearing on the bill next week in Washington").split()
    long_text = " ".join(words) + "."
    (long_sc,) = scorer.score([long_text])
    assert long_sc.tokens > scorer.context  # really needs more than one window
    assert len(long_sc.token_scores) == long_sc.tokens
    (prefix_sc,) = scorer.score([" ".join(words[:10])])
    k = prefix_sc.tokens - 1  # the prefix's pieces, without its end of sentence
    for a, b in zip(long_sc.token_scores[:k], prefix_sc.token_scores[:k]):
        # int8 dynamic quantisation scales activations per batch, hence a small tolerance
        assert a.piece == b.piece and abs(a.surprisal - b.surprisal) < 0.25
    # plain native English: no token of the tail is wildly surprising
    assert max(t.surprisal for t in long_sc.token_scores[scorer.context:]) < 20


def test_surprisal_findings_skip_names_codes_and_host_names():
    """The peak token is the most surprising one that is not a name, a code or a piece
    of a host name: those are rare in any corpus without being disfluent."""
    from mtcheck.checkers.fluency import _peak_token
    from mtcheck.lm.runtime import TokenScore

    text = "The notice on www.gfbzb.gov.cn said the post-90s savers were closed out."

    def tok(word: str, bits: float) -> TokenScore:
        a = text.index(word)
        return TokenScore(word, a, a + len(word), bits)

    tokens = [tok("gfbzb", 20.0), tok("90s", 18.0), tok("closed", 9.0), tok("notice", 4.0)]
    assert _peak_token(text, tokens).piece == "closed"
