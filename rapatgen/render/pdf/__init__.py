"""The PDF backend: Typst typesetting (typeset), long tables in pieces (pieces), the meeting bundle (bundle)."""
