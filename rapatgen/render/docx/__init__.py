"""The Word backend: the document (document), its WordprocessingML text (wordml), the package (package, base)."""
