#!/usr/bin/python3
"""A screenshot of a scenario tab mid-run for the README, taken from the real sockscope on Xvfb
and driven through AT-SPI like tst_realwindow.py: the example session's scenario, with a wait
put in before its ping so that the picture catches it running, opened from the sidebar.

Usage (through screenshots.sh with REALWINDOW_SCRIPT=screenshots-scenario.py):
screenshots-scenario.py SOCKSCOPE_BINARY PEERS_DIR OUT.png [dark]
"""
import json
import os
import subprocess
import sys
import time

import tst_realwindow as rw

OUT = sys.argv[3]
DARK = len(sys.argv) > 4 and sys.argv[4] == "dark"
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources",
                       "examples", "scenario-demo.sockscope.json")

with open(EXAMPLE, encoding="utf-8") as f:
    session = json.load(f)
steps = session["scenarios"][0]["steps"]
ping = next(i for i, s in enumerate(steps) if s["kind"] == "ping")
steps.insert(ping, {"kind": "wait", "ms": 4000})
path = os.path.join(os.environ["HOME"], "shop.sockscope.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(session, f)

rw.pyatspi.Registry.getDesktop(0)  # wakes the registry before the app starts
app = rw.App(path)
try:
    app.find("shop.sockscope.json — Sockscope", "frame")
    if DARK:
        app.choose("View", "Theme", "Dark")
    items = app.find("Session items").queryTable()
    row = rw.wait_for(lambda: next((r for r in range(items.nRows)
                                    if items.getAccessibleAt(r, 0).name == "Login and echo"),
                                   None), 10, "the scenario in the sidebar")
    cell = items.getAccessibleAt(row, 0)
    # Double-clicked, as a user opens it.
    # Qt gives AT-SPI its extents before QT_SCALE_FACTOR; the mouse moves in screen pixels.
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    x, y, w, h = cell.queryComponent().getExtents(rw.pyatspi.DESKTOP_COORDS)
    rw.pyatspi.Registry.generateMouseEvent(int((x + min(w // 2, 40)) * scale),
                                           int((y + h // 2) * scale), "b1d")
    app.find("Scenario steps", "table")
    app.click("Run scenario")
    rw.wait_for(lambda: app.cell("Scenario steps", ping, 2).startswith("running"), 10,
                "the wait step running")
    log = app.find("Message log", "table").queryTable()
    log.addRowSelection(4)
    time.sleep(1.0)
    subprocess.run(["import", "-window", "root", OUT], check=True)
finally:
    app.close()
