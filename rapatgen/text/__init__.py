"""Shared text helpers, the bottom of the pipeline: Indonesian number and date wording (locale),
user-facing errors, spreadsheet-safe cells, click's messages in Bahasa Indonesia, the shipped
wording templates and fonts (resources, templating) and which characters those fonts draw (glyphs)."""
