"""The real training, export and --lm code on a tiny corpus slice (needs the [train] extra)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")

from mtcheck.lm.train import TrainConfig, train  # noqa: E402

SENTENCES = [
    "The senator announced new funding for local schools.",
    "The committee approved the bill on Tuesday.",
    "Farmers in the state will receive emergency assistance.",
    "The governor signed the agreement with the two companies.",
    "The department will invest in roads and bridges.",
    "Officials said the project will create hundreds of jobs.",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    d = tmp_path_factory.mktemp("lm")
    corpus = d / "corpus.txt"
    lines = []
    for i in range(400):
        lines.append(SENTENCES[i % len(SENTENCES)] + f" It was item {i % 17} on the list.")
        lines.append("")
    corpus.write_text("\n".join(lines), encoding="utf-8")
    cfg = TrainConfig(vocab_size=300, hidden_size=32, intermediate_size=64, num_layers=1, num_heads=2, max_len=32,
                      batch_size=16, lr=5e-3, warmup_steps=5, max_steps=40, eval_every=20,
                      max_train_sentences=5000, tokenizer_sentences=5000)
    meta = train([corpus], d / "run", cfg, progress=False, log=lambda m: None)
    return d, corpus, cfg, meta


def test_training_writes_model_tokenizer_unigrams_and_perplexity(trained):
    d, _, _, meta = trained
    run = d / "run"
    for name in ("tokenizer.model", "unigram_logprob.npy", "meta.json", "checkpoint.pt", "hf/config.json"):
        assert (run / name).exists(), name
    assert meta["steps"] == 40
    # A model that learned something beats the uniform distribution over 300 pieces by far.
    assert meta["heldout_perplexity"] < 100
    uni = np.load(run / "unigram_logprob.npy")
    assert uni.shape[0] == 300 and np.isclose(np.exp(uni).sum(), 1.0, atol=1e-3)


def test_resume_continues_from_the_checkpoint(trained):
    d, corpus, cfg, _ = trained
    state = torch.load(d / "run" / "checkpoint.pt", map_location="cpu", weights_only=False)
    assert state["step"] == 40
    cfg2 = TrainConfig(**{**cfg.__dict__, "max_steps": 50})
    logs: list[str] = []
    meta = train([corpus], d / "run", cfg2, progress=False, log=logs.append)
    assert any("resumed from step 40" in m for m in logs)
    assert meta["steps"] == 50


def test_export_matches_torch_and_hf_scorer(trained):
    d, _, _, _ = trained
    pytest.importorskip("onnx", reason="export needs onnx")
    from mtcheck.lm.export import export
    from mtcheck.lm.hf import HFScorer
    from mtcheck.lm.runtime import OnnxScorer

    out = export(d / "run", d / "exported", quantize=False)
    assert out.exists()
    onnx_scores = OnnxScorer(d / "exported").score(SENTENCES[:3] + ["Short."])
    hf_scores = HFScorer(str(d / "run")).score(SENTENCES[:3] + ["Short."])
    for a, b in zip(onnx_scores, hf_scores):
        assert a.tokens == b.tokens
        assert a.logprob == pytest.approx(b.logprob, abs=1e-3)
        assert a.slor == pytest.approx(b.slor, abs=1e-4)


def test_lm_option_runs_the_pipeline_with_a_training_directory(trained, tmp_path):
    from click.testing import CliRunner

    from mtcheck.cli import main

    d, _, _, _ = trained
    art = tmp_path / "a.txt"
    art.write_text("The senator announced new funding for local schools.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(art), "--grammar", "none", "--lm", str(d / "run"), "--no-cache",
                                  "--format", "json"], catch_exceptions=False)
    data = json.loads(r.stdout)
    assert data["files"][0]["backends"]["lm"]["ran"] is True
    assert data["files"][0]["sentences"][0]["fluency"] is not None


def test_lm_option_loads_any_local_hf_causal_lm(tmp_path):
    """A randomly initialised GPT-2 with its own (word-level) tokenizer, saved to a directory, scores sentences."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    from mtcheck.lm.hf import HFScorer

    words = sorted({w for s in SENTENCES for w in s.rstrip(".").split()} | {"."})
    vocab = {"<unk>": 0, "<|endoftext|>": 1, **{w: i + 2 for i, w in enumerate(words)}}
    tk = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    fast = PreTrainedTokenizerFast(tokenizer_object=tk, unk_token="<unk>", bos_token="<|endoftext|>",
                                   eos_token="<|endoftext|>")
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=len(vocab), n_positions=64, n_embd=32, n_layer=1, n_head=2,
                                       bos_token_id=1, eos_token_id=1))
    model.save_pretrained(tmp_path / "tiny")
    fast.save_pretrained(tmp_path / "tiny")

    text = "The committee approved the bill on Tuesday."
    (sc,) = HFScorer(str(tmp_path / "tiny")).score([text])
    assert sc.tokens == 8 + 1  # seven words, the full stop, end of sentence
    assert np.isfinite(sc.logprob) and sc.logprob < 0
    assert [text[t.start:t.end] for t in sc.token_scores] == ["The", "committee", "approved", "the", "bill", "on",
                                                              "Tuesday", "."]
