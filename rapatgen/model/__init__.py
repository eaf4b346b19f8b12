"""Model: typed models of the config, the directory, meetings and programmes; the document model (blocks)."""
