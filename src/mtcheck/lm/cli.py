"""``mtcheck lm train|export|score``: the fluency model's own commands."""

from __future__ import annotations

import json
import sys

import click


@click.group()
def lm() -> None:
    """Train, export and run the fluency language model."""


@lm.command()
@click.option("--corpus", "corpora", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="Corpus file (.txt or .txt.xz; one paragraph per line, blank line between documents). Repeatable.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Training directory (checkpoints, tokenizer, hf/ model, meta.json). Re-running resumes.")
@click.option("--vocab-size", default=8000, show_default=True)
@click.option("--hidden-size", default=256, show_default=True)
@click.option("--intermediate-size", default=704, show_default=True)
@click.option("--layers", default=4, show_default=True)
@click.option("--heads", default=4, show_default=True)
@click.option("--max-len", default=48, show_default=True, help="Tokens per sentence including BOS/EOS.")
@click.option("--batch-size", default=64, show_default=True)
@click.option("--lr", default=2e-3, show_default=True)
@click.option("--steps", default=5000, show_default=True)
@click.option("--minutes", default=0.0, show_default=True, help="Stop after this many minutes (0 = no limit).")
@click.option("--sentences", default=800_000, show_default=True, help="Training sentences to read.")
@click.option("--seed", default=1234, show_default=True)
@click.option("--export", "export_dir", default=None, type=click.Path(file_okay=False),
              help="Also export the result for the runtime (ONNX) into this directory.")
def train(corpora, out_dir, vocab_size, hidden_size, intermediate_size, layers, heads, max_len, batch_size, lr,
          steps, minutes, sentences, seed, export_dir):
    """Train a sentencepiece tokenizer and a small Llama-style causal LM."""
    try:
        from mtcheck.lm.train import TrainConfig, train as run_train
    except ImportError as e:  # pragma: no cover
        raise click.ClickException(f"training needs the [train] extra (pip install -e '.[train]'): {e}")
    cfg = TrainConfig(vocab_size=vocab_size, hidden_size=hidden_size, intermediate_size=intermediate_size,
                      num_layers=layers, num_heads=heads, max_len=max_len, batch_size=batch_size, lr=lr,
                      max_steps=steps, max_minutes=minutes, max_train_sentences=sentences,
                      tokenizer_sentences=min(sentences, 300_000), seed=seed,
                      warmup_steps=min(200, max(1, steps // 10)), eval_every=max(1, min(250, steps)))
    meta = run_train(list(corpora), out_dir, cfg, progress=sys.stderr.isatty())
    click.echo(f"held-out perplexity {meta['heldout_perplexity']:.2f} after {meta['steps']} steps "
               f"({meta['train_tokens']:,} training tokens, {meta['parameters']:,} parameters)")
    if export_dir:
        from mtcheck.lm.export import export

        click.echo(f"exported to {export(out_dir, export_dir)}")


@lm.command("export")
@click.argument("train_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--no-quantize", is_flag=True, help="Keep float32 weights (larger, marginally more exact).")
def export_cmd(train_dir, out_dir, no_quantize):
    """Export a training directory to the ONNX runtime format."""
    from mtcheck.lm.export import export

    click.echo(f"exported to {export(train_dir, out_dir, quantize=not no_quantize)}")


@lm.command()
@click.argument("source", default="-", type=click.File("r", encoding="utf-8"))
@click.option("--lm", "model", default=None, help="Model directory or Hugging Face id (default: the shipped model).")
def score(source, model):
    """Score one sentence per line (FILE or - for stdin); print JSON lines."""
    from pathlib import Path

    if model is None or (Path(model) / "model.onnx").exists():
        from mtcheck.lm.runtime import OnnxScorer

        try:
            scorer = OnnxScorer(model)
        except FileNotFoundError as e:
            raise click.ClickException(str(e))
    else:
        from mtcheck.lm.hf import HFScorer

        scorer = HFScorer(model)
    lines = [ln.rstrip("\r\n") for ln in source]
    texts = [ln for ln in lines if ln.strip()]
    for sc in scorer.score(texts):
        click.echo(json.dumps(sc.to_json(), ensure_ascii=False))
