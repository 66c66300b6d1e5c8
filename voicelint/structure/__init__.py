"""The shape of a support reply: who signed it, how it opens and closes, whether it says what happens next.

Pure text analysis (no spaCy): every detector here reads the reply as published (placeholders
already masked as name-like stand-ins by :mod:`voicelint.placeholders`) and returns character
spans, so the structure rules (:mod:`voicelint.rules.structure`) and the benchmark
(``benchmarks/structure_quality.py``) share one implementation.
"""
