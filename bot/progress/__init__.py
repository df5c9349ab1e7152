"""Progress updates from pilot-school directors: the words people type and the draft they build, without I/O."""
