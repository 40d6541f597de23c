"""An offline headless Chromium (Selenium) for looking at explorer pages as a browser draws them.

The browser tests and ``benchmarks/bench_explorer.py`` both open pages with it, so they start
Chromium the same way: headless, sandbox off (root in CI), no background traffic (component
updates, sync, first-run pages), a fresh profile, a dead proxy for everything but loopback, and
every http(s)/ws URL blocked through the DevTools protocol, so a page that tried to fetch from a
CDN would fail visibly. Needs Debian's ``chromium`` + ``chromium-driver`` and ``selenium`` (test
extra); nothing here is imported by the library or the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from gutjoint_kg.errors import GutJointError

#: Start-up flags: headless, no sandbox (CI runs as root), no network of its own, fresh profile.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--window-size=1400,900",
)
BLOCKED_URLS = ["http://*", "https://*", "ws://*", "wss://*"]


def find_chromium() -> tuple[str | None, str | None]:
    """Paths of the Chromium binary and of chromedriver on PATH (None where missing)."""
    chromium = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
    return chromium, shutil.which("chromedriver")


def offline_chromium(profile: Path, *, console_log: bool = False) -> Any:
    """A Selenium Chrome driver on a fresh ``profile`` directory, cut off from the network.

    Raises :class:`GutJointError` naming what is missing (binaries or selenium).
    """
    chromium, chromedriver = find_chromium()
    if not chromium or not chromedriver:
        raise GutJointError(
            "a headless browser needs Chromium and its driver on PATH: apt-get install -y chromium chromium-driver "
            f"(found chromium={chromium}, chromedriver={chromedriver})"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise GutJointError("a headless browser needs selenium: pip install -e '.[test]'") from None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": BLOCKED_URLS})
    return driver


__all__ = ["BLOCKED_URLS", "CHROMIUM_FLAGS", "find_chromium", "offline_chromium"]
