"""The periodic reports of a TKPK secretariat (`rapatgen laporan …`), drafted from the project's data.

`common` holds what every report shares (the year checked, rendering through both backends, writing
into outputs/laporan/ under the project lock); `lp2kd*` the yearly LP2KD. Sits beside build/: it may
import build (the writer, the chart cache), build never imports it.
"""
