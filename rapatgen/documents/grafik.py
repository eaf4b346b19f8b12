"""The chart of an indicator: its series against the targets and the comparisons.

Drawn with matplotlib's Agg canvas (no pyplot, no global state) in the shipped Liberation
Sans (rapatgen/data/fonts), so the picture is the same on every machine with the same matplotlib; saved as a
PNG through Pillow with no metadata (no date, no software name), so the bytes are the same
on every build. Both backends embed these very bytes. matplotlib is imported only when a
chart is drawn: it costs about half a second, and most commands never draw one.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal
from functools import lru_cache

from rapatgen.text import locale as L
from rapatgen.model.common import MONTHS_ID
from rapatgen.model.indikator import Indikator, Periode
WIDTH_CM, HEIGHT_CM = 15.0, 8.4
DPI = 200
MAIN = "#1f4e79"  # the region: dark blue
OTHERS = ["#7f7f7f", "#c55a11", "#548235", "#7030a0"]  # comparisons
TARGETS = ["#c00000", "#b8860b", "#2e75b6"]
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@lru_cache(maxsize=1)
def _fonts():
    from matplotlib.font_manager import FontProperties

    from rapatgen.text.resources import fonts_dir

    folder = fonts_dir()

    def font(name: str, size: float) -> FontProperties:
        return FontProperties(fname=str(folder / f"LiberationSans-{name}.ttf"), size=size)

    return {"title": font("Bold", 10.5), "subtitle": font("Regular", 8.5), "tick": font("Regular", 8),
            "label": font("Regular", 8), "legend": font("Regular", 7.5), "value": font("Bold", 7.5),
            "small": font("Regular", 7)}


def _number(value: float, satuan: str, decimals: int) -> str:
    text = L.angka(value, decimals)
    return f"{text}%" if satuan == "persen" else text


def _written(value: Decimal, satuan: str) -> str:
    text = L.angka_tertulis(value)
    return f"{text}%" if satuan == "persen" else text


def _tick_label(p: Periode, dense: bool) -> str:
    if not p.bulan:
        return str(p.tahun)
    months = SHORT_MONTHS if dense else MONTHS_ID
    return f"{months[p.bulan - 1]}\n{p.tahun}"


def _target_label(t, satuan: str) -> str:
    from rapatgen.documents.nilai import target_teks

    return f"Target {t.tahun}" + (f" ({t.sumber})" if t.sumber else "") + f": {target_teks(t, satuan)}"


def tick_periods(ind: Indikator) -> list[Periode]:
    """The periods labelled on the time axis: the region's, then a comparison's where it does not
    crowd one already there (an annual '2019' beside 'Maret 2019' is left unlabelled)."""
    ticks: list[Periode] = []
    for p in [d.periode for d in ind.data] + sorted(d.periode for c in ind.pembanding for d in c.data):
        if all(abs(p.x - q.x) >= 0.3 for q in ticks):
            ticks.append(p)
    return sorted(ticks)


def judul(ind: Indikator) -> tuple[str, str]:
    periods = [d.periode for d in ind.data]
    span = periods[0].label if len(periods) == 1 else f"{periods[0].label}–{periods[-1].label}"
    regions = ", ".join([ind.wilayah] + [c.wilayah for c in ind.pembanding])
    return ind.nama, f"{regions}; {span}"


_DRAWN: dict[str, bytes] = {}  # repr of an indicator (every field, Decimals exact) → its PNG
DRAWN_MAX = 64


def draw(ind: Indikator) -> bytes:
    """PNG bytes of the indicator's chart; the same data is drawn once per process (a chart costs
    more than the rest of its notulen; one indicator often returns in several meetings)."""
    key = repr(ind)
    png = _DRAWN.get(key)
    if png is None:
        if len(_DRAWN) >= DRAWN_MAX:
            _DRAWN.clear()
        png = _DRAWN[key] = _draw(ind)
    return png


def remember(ind: Indikator, png: bytes) -> None:
    """Give `draw` the PNG of `ind` drawn earlier (the build's chart cache, rapatgen.files.cache.ChartCache)."""
    if len(_DRAWN) >= DRAWN_MAX:
        _DRAWN.clear()
    _DRAWN[repr(ind)] = png


def _context():
    from matplotlib import rc_context

    return rc_context({"text.parse_math": False, "svg.hashsalt": "rapatgen", "path.simplify": False,
                       "axes.unicode_minus": False})


def _draw(ind: Indikator) -> bytes:
    """PNG bytes of the indicator's chart."""
    from PIL import Image

    with _context():
        fig, _ = _figure(ind)
        fig.canvas.draw()
        rgba = fig.canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # no text chunks: no date, no version
    return out.getvalue()


def label_boxes(ind: Indikator) -> tuple[list[tuple[str, tuple]], list[tuple[str, tuple]]]:
    """The value labels and the point markers of the chart as drawn, each (text or series, (x0, y0,
    x1, y1) in pixels): what the layout checker's rule 19.5 compares."""
    with _context():
        _, boxes = _figure(ind)
    return boxes


def _figure(ind: Indikator):
    """The chart's figure, its labels placed clear of each other and of every marker (issue 19
    item 5), and (label boxes, marker boxes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, MaxNLocator

    fonts = _fonts()
    fig = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    title, subtitle = judul(ind)
    title_lines = textwrap.wrap(title, 66, max_lines=2, placeholder=" …")
    head_cm = 0.42 * (len(title_lines) - 1)  # a second title line pushes the plot down
    fig.text(0.35 / WIDTH_CM, 1 - 0.2 / HEIGHT_CM, "\n".join(title_lines),
             fontproperties=fonts["title"], ha="left", va="top", linespacing=1.15)
    fig.text(0.35 / WIDTH_CM, 1 - (0.68 + head_cm) / HEIGHT_CM, textwrap.shorten(subtitle, 120, placeholder=" …"),
             fontproperties=fonts["subtitle"], color="#404040", ha="left", va="top")

    series = [(ind.wilayah, ind.data, MAIN, 2.2, "o")]
    series += [(c.wilayah, c.data, OTHERS[i % len(OTHERS)], 1.4, "s^Dv"[i % 4]) for i, c in enumerate(ind.pembanding)]
    periods = sorted({d.periode for _, data, *_ in series for d in data})
    values = [float(d.nilai) for _, data, *_ in series for d in data]
    for t in ind.target:
        values += [float(v) for v in (t.nilai, t.dari, t.sampai) if v is not None]

    value_labels = []  # (annotation, the places it may take, in order of preference)
    points = []  # (series name, x, y, marker size in points)
    for i, (name, data, color, width, marker) in enumerate(series):
        xs = [d.periode.x for d in data]
        ys = [float(d.nilai) for d in data]
        size = 5 if i == 0 else 4
        ax.plot(xs, ys, color=color, linewidth=width, marker=marker, markersize=size,
                label=name, zorder=4 if i == 0 else 3)
        points += [(name, x, y, size) for x, y in zip(xs, ys)]
        if i == 0:  # the region: every value above its point
            for d in data:
                below = d.nilai < 0  # a negative value is labelled under its point
                places = [BELOW, ABOVE] if below else [ABOVE, BELOW]
                ann = ax.annotate(_written(d.nilai, ind.satuan), (d.periode.x, float(d.nilai)),
                                  textcoords="offset points", xytext=places[0][0], ha=places[0][1],
                                  va=places[0][2], color=color, fontproperties=fonts["value"], zorder=5)
                value_labels.append((ann, places + [RIGHT, LEFT]))
        else:  # a comparison: its latest value, right of the point, clear of the region's labels
            d = data[-1]
            ann = ax.annotate(_written(d.nilai, ind.satuan), (d.periode.x, float(d.nilai)), textcoords="offset points",
                              xytext=RIGHT[0], ha=RIGHT[1], va=RIGHT[2], color=color, fontproperties=fonts["small"],
                              zorder=5, annotation_clip=False)
            value_labels.append((ann, [RIGHT, BELOW_RIGHT, ABOVE_RIGHT, BELOW, ABOVE, LEFT]))

    for i, t in enumerate(sorted(ind.target, key=lambda t: (t.tahun, t.sumber or ""))):
        color = TARGETS[i % len(TARGETS)]
        if t.nilai is not None:
            ax.axhline(float(t.nilai), color=color, linewidth=1.3, linestyle=(0, (5, 3)),
                       label=_target_label(t, ind.satuan), zorder=2)
        else:
            ax.axhspan(float(t.dari), float(t.sampai), facecolor=color, alpha=0.15, edgecolor=color,
                       linewidth=0.8, linestyle=(0, (5, 3)), label=_target_label(t, ind.satuan), zorder=1)

    # time axis: one tick per period written, labelled in Indonesian; the region's periods
    # first, and a comparison's period only where it does not crowd one already there
    ticks = tick_periods(ind)
    xs = [p.x for p in periods]
    dense = len(ticks) > 6
    ax.xaxis.set_major_locator(FixedLocator([p.x for p in ticks]))
    ax.set_xticks([p.x for p in ticks], [_tick_label(p, dense) for p in ticks], fontproperties=fonts["tick"])
    pad = max(0.3, (xs[-1] - xs[0]) * 0.1) if len(xs) > 1 else 0.5
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)

    # value axis from zero for counts and rates, decimal comma, '%' on rates
    top = max(values + [0.0]) if values else 1.0
    low = min(values + [0.0])
    span = (top - low) or 1.0
    top = top + 0.18 * span if top > 0 else 0.18 * span
    low = low - 0.18 * span if low < 0 else 0.0
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, top)
    ticks = [t for t in ticks if low - 1e-9 <= t <= top + 1e-9]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = 0 if float(step).is_integer() else (1 if round(step * 10, 6).is_integer() else 2)
    ax.set_ylim(low, top)
    ax.set_yticks(ticks, [_number(v, ind.satuan, decimals) for v in ticks], fontproperties=fonts["tick"])
    unit = "persen" if ind.satuan == "persen" else ind.satuan
    ax.set_ylabel(unit, fontproperties=fonts["label"], color="#404040")

    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="both", length=3, color="#7f7f7f")
    # legend under the plot: the regions in the left column, the targets in the right one
    handles, labels = ax.get_legend_handles_labels()
    n_series = len(series)
    regions, targets = list(zip(handles, labels))[:n_series], list(zip(handles, labels))[n_series:]
    if targets:
        rows = max(len(regions), len(targets))
        blank = (Line2D([], [], linestyle="none"), "")
        entries = regions + [blank] * (rows - len(regions)) + targets + [blank] * (rows - len(targets))
        ncol = 2
    else:
        ncol = min(3, len(regions))
        rows = -(-len(regions) // ncol)
        entries = regions
    # fixed margins (in cm) instead of a layout engine: the same picture, three times faster
    bottom_cm = 1.25 + 0.42 * rows
    fig.subplots_adjust(left=1.75 / WIDTH_CM, right=1 - 0.35 / WIDTH_CM, top=1 - (1.2 + head_cm) / HEIGHT_CM,
                        bottom=bottom_cm / HEIGHT_CM)
    fig.legend([h for h, _ in entries], [t for _, t in entries], loc="lower center",
               bbox_to_anchor=(0.5, 0.02), ncol=ncol, frameon=False, prop=fonts["legend"], handlelength=2.6,
               columnspacing=2.0)
    return fig, _place_labels(fig, ax, value_labels, points)


ABOVE = ((0, 6), "center", "bottom")
BELOW = ((0, -7), "center", "top")
RIGHT = ((6, 0), "left", "center")
LEFT = ((-6, 0), "right", "center")
BELOW_RIGHT = ((5, -6), "left", "top")
ABOVE_RIGHT = ((5, 6), "left", "bottom")


def _overlap(a, b, pad: float = 1.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _place_labels(fig, ax, labels, points):
    """Each label in the first of its places where it covers no label placed before it and no
    point's marker (the region's first, then the comparisons'); where none is free, its first.
    Returns (label boxes, marker boxes) in pixels."""
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    markers = []
    for name, x, y, size in points:
        cx, cy = ax.transData.transform((x, y))
        r = size / 2 * px + 1
        markers.append((name, (cx - r, cy - r, cx + r, cy + r)))
    placed = []
    for ann, places in labels:
        choice = places[0]
        for place in places:
            ann.xyann = place[0]
            ann.set_ha(place[1])
            ann.set_va(place[2])
            box = ann.get_window_extent(renderer)
            box = (box.x0, box.y0, box.x1, box.y1)
            if not any(_overlap(box, other) for _, other in placed) and not any(_overlap(box, m, 0) for _, m in markers):
                choice = place
                break
        ann.xyann = choice[0]
        ann.set_ha(choice[1])
        ann.set_va(choice[2])
        box = ann.get_window_extent(renderer)
        placed.append((ann.get_text(), (box.x0, box.y0, box.x1, box.y1)))
    return placed, markers


