"""The directory: committees, people and pilot schools, imported from the ministry's own spreadsheets."""
