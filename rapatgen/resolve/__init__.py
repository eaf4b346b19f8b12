"""Resolve: ids to people and institutions, signatures, kop and letter numbers (context),
follow-ups across meetings and their status on a date (followups, status), the year's programme
(programme), and the warnings that need a resolved letter (kop_warnings, addressees)."""
