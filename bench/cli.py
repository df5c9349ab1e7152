"""The command line of the benchmarks that had none (`bench.intents`, `answers`, `flows`, `admin`, `reminders`):
`--help` prints the module's docstring instead of running the whole benchmark, and an unknown argument is refused."""

from __future__ import annotations

import argparse


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser whose help is `doc` (the benchmark module's docstring), as written; add a benchmark's options to it."""
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def parse(doc: str | None) -> argparse.Namespace:
    """Parse the command line of a benchmark that has no options but `--help`."""
    return parser(doc).parse_args()
