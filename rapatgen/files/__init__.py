"""Files on disk, below every stage: atomic writes and the project lock (atomic), and the signed
cache of validated meetings under `.rapatgen/cache/` (cache)."""
