"""Stage 2 of the pipeline: typed models of the config, the directory and meetings."""
