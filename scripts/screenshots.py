"""Screenshots of each main view from a real window (run under Xvfb by screenshots.sh).

Opens the app on a fresh demo library in a temporary folder, shows each registered view
in Chinese and English, lets it render, grabs the window from the screen and writes
docs/screenshots/<view>-<lang>.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit.pitch.brand import set_brand, set_profile  # noqa: E402
from valuekit.pitch.draft import draft_pitch  # noqa: E402
from valuekit.pitch.store import save_pitch  # noqa: E402
from valuekit.sales.opportunity import list_opportunities  # noqa: E402
from valuekit_gui.app import start  # noqa: E402
from valuekit_gui.common.i18n import set_language  # noqa: E402
from valuekit_gui.shell.settings import AppSettings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def grab(app: QApplication, window: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    app.primaryScreen().grabWindow(window.winId()).save(str(path))
    print(path.relative_to(ROOT))


def main() -> int:
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "demo-library"
        store = Store.open(library)
        load_demo(store)
        # a drafted pitch, so the wizard shows a real one (as after "Draft from opportunity")
        opp = next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")
        save_pitch(store, draft_pitch(store, opp["id"], lang="zh"), opportunity_id=opp["id"])
        # a seller who has set up their brand and contact (else the first-run dialog would
        # sit over every screenshot)
        set_brand(store, company="领航软件" if opp["language"] == "zh" else "LinkSail Software",
                  color="#0B6E99")
        set_profile(store, name=opp["owner"], title="解决方案顾问", phone="138 0013 8000",
                    email="sales@linksail.example")
        store.close()
        settings = AppSettings(Path(tmp) / "settings.ini")
        settings.set_language("zh")
        settings.set_user_name(opp["owner"])  # Insights' Sales tab shows that salesperson
        window = start(app, library, settings)
        if window is None:
            return 1
        window.resize(1440, 900)
        window.move(0, 0)
        keys = [spec.key for spec in window.specs]
        for lang in ("zh", "en"):
            set_language(lang)
            for key in keys:
                view = window.show_view(key)
                settle(app)
                if hasattr(view, "refresh_preview"):
                    view.refresh_preview()
                    end = time.monotonic() + 60
                    while view.preview_task is not None and time.monotonic() < end:
                        settle(app, 0.2)
                    settle(app)
                grab(app, window, f"{key}-{lang}")
                if key == "insights" and view.tabs.count() > 1:
                    view.tabs.setCurrentIndex(1)
                    settle(app)
                    grab(app, window, f"insights-sales-{lang}")
                    view.tabs.setCurrentIndex(0)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
