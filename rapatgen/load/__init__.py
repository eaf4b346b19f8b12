"""Load: read YAML text keeping each value's source position."""

from rapatgen.load.yamlfile import LoadedYaml, locate, read_yaml

__all__ = ["LoadedYaml", "locate", "read_yaml"]
