"""The command line of the benchmarks that take no options of their own: `--help` prints the module's docstring
instead of running the whole benchmark, and an unknown argument is refused."""

from __future__ import annotations

import argparse


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser whose help is `doc` (the benchmark module's docstring), as written."""
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def parse(doc: str | None, argv: list[str] | None = None) -> argparse.Namespace:
    """Parse a benchmark's command line that has no options but `--help`."""
    return parser(doc).parse_args(argv)
