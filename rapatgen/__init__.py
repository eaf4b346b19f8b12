"""rapatgen: dokumen rapat koordinasi TKPK dari berkas YAML."""

__version__ = "0.1.0"
