"""Compose: one module per document, each a meeting (or the project) → a document model of
blocks (`rapatgen.model.blocks`); the wording lives in `rapatgen/data/teks/*.j2`."""
