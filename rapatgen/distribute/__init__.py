"""Distribution: carry the built documents to people and bring answers back.

One module per job: `mail` (drafts and SMTP, `rapatgen kirim`) with its sent log
(`sentlog`), `srikandi` (letters with SRIKANDI fields), `requests` (`followup minta`),
`imports` (`followup impor`). The meeting bundle, calendars and dashboard are made by the
build (`render/pdf/bundle.py`, `build/calendar_unit.py`, `build/dashboard_unit.py`).
"""
