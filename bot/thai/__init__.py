"""Thai language helpers. PyThaiNLP must never download at run time: these defaults are set before it loads."""

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
