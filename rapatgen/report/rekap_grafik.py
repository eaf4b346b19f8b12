"""One chart of every kab/kota (issue 21 item 3): the latest figure of the roll-up's main indicator per
kab/kota as horizontal bars, the province's and the nation's figure of that period as lines. Drawn as the
meeting charts are (documents/grafik: matplotlib's Agg canvas, the shipped fonts, PNG without metadata), so
both backends embed the same bytes."""

from __future__ import annotations

import io
from collections import Counter

from rapatgen.model.rekap import Rekap
from rapatgen.text import locale as L

WIDTH_CM = 22.0


def main_indicator(r: Rekap) -> str | None:
    """The indicator most kab/kota report (ties: by name)."""
    counts = Counter(a.indikator for k in r.kabkota for a in k.angka)
    return sorted(counts, key=lambda name: (-counts[name], name))[0] if counts else None


def draw(r: Rekap, indikator: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from rapatgen.documents.grafik import DPI, MAIN, OTHERS, _context, _fonts

    points = sorted(((k.nama, a) for k in r.kabkota for a in k.angka if a.indikator == indikator),
                    key=lambda p: (p[1].nilai, p[0]))
    fonts = _fonts()
    height_cm = 3.0 + 0.55 * len(points)
    with _context():
        fig = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        names = [f"{name} ({a.periode_label})" for name, a in points]
        values = [float(a.nilai) for _, a in points]
        ax.barh(range(len(points)), values, color=MAIN, height=0.6)
        ax.set_yticks(range(len(points)), names, fontproperties=fonts["tick"])
        for i, v in enumerate(values):
            ax.text(v, i, " " + L.angka(v), va="center", fontproperties=fonts["value"])
        periods = {a.periode for _, a in points}
        lines = []
        for label, attr, color in ((r.provinsi, "provinsi", OTHERS[1]), ("Nasional", "nasional", OTHERS[0])):
            shown = {getattr(a, attr) for _, a in points} - {None}
            if len(periods) == 1 and len(shown) == 1:
                value = float(shown.pop())
                ax.axvline(value, color=color, linestyle="--", linewidth=1.2)
                lines.append((label, value, color))
        top = max(values + [v for _, v, _ in lines] + [0]) * 1.15 or 1
        ax.set_xlim(0, top)
        for label, value, color in lines:
            ax.text(value, len(points) - 0.4, f" {label}: {L.angka(value)}", color=color, va="bottom",
                    fontproperties=fonts["legend"])
        ax.set_ylim(-0.6, len(points) - 0.4 + 0.6)
        satuan = next((a.satuan for _, a in points if a.satuan), "")
        ax.set_title(f"{indikator} menurut kabupaten/kota" + (f" ({satuan})" if satuan else ""),
                     fontproperties=fonts["title"])
        for tick in ax.get_xticklabels():
            tick.set_fontproperties(fonts["tick"])
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        fig.canvas.draw()
        rgba = fig.canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
