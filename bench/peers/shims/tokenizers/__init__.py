"""Stand-in for Hugging Face tokenizers (not in Debian bookworm). datatrove.pipeline.dedup's package
import reaches datatrove.utils.tokenization, which imports tokenizers.processors.TemplateProcessing
at module level for its tokenization steps; MinHash never uses it. Any use fails loudly."""


class _Missing:
    def __init__(self, *a, **k):
        raise RuntimeError("tokenizers shim: Hugging Face tokenizers is not installed here")


Tokenizer = _Missing
