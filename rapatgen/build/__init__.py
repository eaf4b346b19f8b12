"""Build: plan the units from input hashes, compose and render them in workers, write
them under the manifest, and the project-wide units (tracker, jadwal, dashboard, calendars,
register)."""
