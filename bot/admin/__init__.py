"""Admin work that is not conversation: exports, charts, signed download links."""
