"""The round's progress as a PNG (matplotlib): check-ins by duty, stacked by status, and updates by pilot school.

Thai needs a Thai font: Sarabun ships inside the `fontpkg-sarabun` wheel (OFL), so the chart draws the same on every
machine; matplotlib's default DejaVu Sans has no Thai glyphs and would draw boxes.
"""

from __future__ import annotations

import io
from functools import cache
from types import ModuleType

from bot.admin.progress import RoundProgress
from bot.i18n import Translator

STATUS_COLOURS = (
    ("done", "#2e7d32"),
    ("in_progress", "#f9a825"),
    ("not_started", "#90a4ae"),
    ("blocked", "#c62828"),
)
MISSING_COLOUR = "#eceff1"
MAX_SCHOOLS = 25  # more schools than this are summed up in the title; the chart stays readable on a phone
PNG_MIME = "image/png"


@cache
def _matplotlib() -> ModuleType:
    """matplotlib, loaded on the first chart: importing it costs ~0.8 s that start-up should not pay."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory only
    import matplotlib.figure

    return matplotlib


@cache
def thai_font() -> str:
    """Register Sarabun with matplotlib once; returns its family name."""
    import fontpkg_sarabun
    from matplotlib import font_manager

    _matplotlib()
    for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
        font_manager.fontManager.addfont(str(fontpkg_sarabun.ROOT / "files" / name))
    return str(fontpkg_sarabun.FAMILY)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_chart(progress: RoundProgress, t: Translator, title: str) -> bytes:
    """PNG bytes of the two panels; `title` names the committee and the round."""
    family = thai_font()
    schools = list(progress.schools)[:MAX_SCHOOLS]
    height = max(4.5, 1.2 + 0.38 * max(len(progress.duties), len(schools)))
    figure = _matplotlib().figure.Figure(figsize=(11, height), dpi=110)
    figure.suptitle(title, fontfamily=family, fontsize=14, fontweight="bold")
    duty_axes, school_axes = figure.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.2)})

    labels = [t("admin.chart.duty", number=n) for n in progress.duties]
    left = [0] * len(progress.duties)
    for status, colour in STATUS_COLOURS:
        counts = [sum(m.statuses.get(n) == status for m in progress.members) for n in progress.duties]
        duty_axes.barh(labels, counts, left=left, color=colour, label=t(f"checkin.status.{status}"))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    missing = [len(progress.members) - done for done in left]
    duty_axes.barh(labels, missing, left=left, color=MISSING_COLOUR, label=t("admin.chart.missing"))
    duty_axes.invert_yaxis()
    duty_axes.set_xlim(0, max(1, len(progress.members)))
    duty_axes.set_title(t("admin.chart.checkins", total=len(progress.members)), fontfamily=family)
    duty_axes.legend(prop={"family": family, "size": 8}, loc="lower right")

    names = [_short(s.school.name) for s in schools] or [t("admin.chart.no_schools")]
    counts = [s.updates for s in schools] or [0]
    colours = ["#2e7d32" if c else "#c62828" for c in counts]
    school_axes.barh(names, counts, color=colours)
    for row, count in enumerate(counts):
        label = str(count) if count else t("admin.chart.not_sent")
        school_axes.text(count + 0.05, row, label, va="center", fontfamily=family, fontsize=9)
    school_axes.invert_yaxis()
    school_axes.set_xlim(0, max(1, *counts) + 0.5)
    sent = sum(1 for s in progress.schools if s.sent)
    school_axes.set_title(t("admin.chart.schools", sent=sent, total=len(progress.schools)), fontfamily=family)
    for axes in (duty_axes, school_axes):
        for label in axes.get_yticklabels() + axes.get_xticklabels():
            label.set_fontfamily(family)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
