"""The Management Cockpit: a read-only web view of committees, schools and report rounds (issue 11)."""
