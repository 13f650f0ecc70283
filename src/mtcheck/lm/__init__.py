"""The fluency language model: training (torch, optional), export and light inference.

Only :mod:`mtcheck.lm.runtime` (onnxruntime + sentencepiece + numpy) is on the
inference path; ``train``/``export``/``hf`` import torch and transformers lazily.
"""
