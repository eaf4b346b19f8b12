"""Stage 7, distribution: carry the built documents to people and bring answers back.

One module per job: `bundle` (one archival PDF per meeting + SHA256SUMS), `calendar`
(.ics), `mail` (drafts and SMTP), `srikandi` (letters with SRIKANDI fields), `requests`
(`followup minta`), `imports` (`followup impor`), `dashboard` (outputs/index.html).
"""
