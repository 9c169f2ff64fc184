#!/usr/bin/python3
"""Screenshots of the wire view for the README, taken from the real sockscope on Xvfb and
driven through AT-SPI like tst_realwindow.py.

Usage (through screenshots.sh): screenshots.py SOCKSCOPE_BINARY PEERS_DIR OUT.png [dark]
"""
import subprocess
import sys
import time

import tst_realwindow as rw

OUT = sys.argv[3]
DARK = len(sys.argv) > 4 and sys.argv[4] == "dark"

rw.pyatspi.Registry.getDesktop(0)  # wakes the registry before the app starts
app = rw.App()
try:
    app.find("Untitled session — Sockscope", "frame")
    if DARK:
        app.choose("View", "Theme", "Dark")
    app.click("Connect")
    app.find("Disconnect", "push button", timeout=10)
    for text in ['{"op":"subscribe","channel":"prices"}', "hello over the wire"]:
        app.set_text("Message composer", text)
        app.click("Send")
    app.click("Ping")
    rw.wait_for(lambda: app.table_rows("Wire view") >= 8, 10, "the frames")
    log = app.find("Message log", "table").queryTable()
    sent = next(r for r in range(log.nRows) if "subscribe" in app.cell("Message log", r, 5))
    log.addRowSelection(sent)
    app.click("Wire", "page tab")
    time.sleep(1.0)
    subprocess.run(["import", "-window", "root", OUT], check=True)
finally:
    app.close()
