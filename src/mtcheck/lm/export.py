"""Export a trained model to the light runtime: ONNX graph + tokenizer + unigram table.

The exported graph takes ``input_ids`` and ``attention_mask`` ([batch, seq],
int64) and returns ``token_logprob`` ([batch, seq-1], float32): the natural-log
probability of each actual next token. Gathering inside the graph keeps the
runtime from moving a [batch, seq, vocab] tensor through Python.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def export(train_dir: str | Path, out_dir: str | Path, quantize: bool = True) -> Path:
    import torch
    from transformers import AutoModelForCausalLM

    src = Path(train_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = AutoModelForCausalLM.from_pretrained(src / "hf", attn_implementation="eager")
    model.eval()
    model.config.use_cache = False

    class NextTokenLogprob(torch.nn.Module):
        def __init__(self, lm):
            super().__init__()
            self.lm = lm

        def forward(self, input_ids, attention_mask):
            logits = self.lm(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits
            logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
            return logp.gather(-1, input_ids[:, 1:].unsqueeze(-1)).squeeze(-1)

    wrapper = NextTokenLogprob(model)
    ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 14, 3, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    mask[0, :] = 1
    fp32 = out / "model.fp32.onnx"
    torch.onnx.export(
        wrapper, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
        output_names=["token_logprob"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "token_logprob": {0: "batch", 1: "seq_minus_1"}},
    )
    target = out / "model.onnx"
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
        fp32.unlink()
    else:
        fp32.replace(target)
    shutil.copy(src / "tokenizer.model", out / "tokenizer.model")
    shutil.copy(src / "unigram_logprob.npy", out / "unigram_logprob.npy")
    meta = json.loads((src / "meta.json").read_text(encoding="utf-8")) if (src / "meta.json").exists() else {}
    meta["quantized"] = quantize
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return target
