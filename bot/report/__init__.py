"""The semester report for a committee and a round, as DOCX and XLSX (issue 11)."""
