"""Render resources/icons/ledgerwizard.svg to the PNG sizes the tray loads and to the Windows .ico that
build_installer.spec embeds, and the tray's state icons (the app icon with a coloured dot). The tray loads
ready-made PNGs: no SVG engine (3 MB of RSS in the process that sits in the notification area for years) and no
painting at start-up.

    .venv/bin/python scripts/make_icons.py      (re-run after changing the SVG; the outputs are committed)
"""

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ledgerwizard.ui.tray.menu import ICON_SIZES as TRAY_SIZES, STATE_COLORS  # noqa: E402 - what the tray loads

SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICONS = ROOT / "resources" / "icons"


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - image plugins need it
    svg = QSvgRenderer(str(ICONS / "ledgerwizard.svg"))
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        svg.render(p)
        p.end()
        img.save(str(ICONS / f"ledgerwizard-{size}.png"))
    # the tray's state icons: the app icon with a coloured status dot
    for state, colour in STATE_COLORS.items():
        for size in TRAY_SIZES:
            img = QImage(str(ICONS / f"ledgerwizard-{size}.png"))
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setBrush(QColor(colour))
            p.setPen(QColor("white"))
            d = max(6, size // 2)
            p.drawEllipse(size - d, size - d, d - 1, d - 1)
            p.end()
            img.save(str(ICONS / f"tray-{state}-{size}.png"))
    # Qt's ICO writer stores a single image; Windows wants several sizes in one file. The container is a
    # 6-byte header and a 16-byte entry per image, each image a PNG (allowed in .ico since Windows Vista).
    pngs = [(size, (ICONS / f"ledgerwizard-{size}.png").read_bytes()) for size in (16, 24, 32, 48, 64, 128, 256)]
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(head) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    (ICONS / "ledgerwizard.ico").write_bytes(head + entries + blobs)
    print(f"{len(SIZES)} app PNGs, {len(STATE_COLORS) * len(TRAY_SIZES)} tray state PNGs and ledgerwizard.ico in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
