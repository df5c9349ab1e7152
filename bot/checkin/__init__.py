"""Committee check-ins: the words members type (duty numbers, status words, notes), without I/O."""
