"""Follow-up tracking across meetings: collect, filter, and record status changes."""
