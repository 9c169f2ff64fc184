#!/usr/bin/python3
"""A screenshot of a lab tab for the README, taken from the real sockscope on Xvfb and driven
through AT-SPI like tst_realwindow.py: a ping preset, two saved frames in one write, then a
fragmented message split inside code points, built in the frame builder.

Usage (through screenshots.sh with REALWINDOW_SCRIPT=screenshots-lab.py):
screenshots-lab.py SOCKSCOPE_BINARY PEERS_DIR OUT.png [dark]
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
    app.choose("Connection", "New lab tab")
    app.click("Connect")
    app.find("Disconnect", "push button", timeout=10)
    app.click("Send preset")
    app.set_text("Payload", "κόσμε")
    app.set_text("Split at offsets", "1, 4")
    app.click("Send frame")
    app.set_text("Split at offsets", "")
    app.set_text("Payload", "hello from the lab")
    app.click("Save frame")
    app.click("Send all in one write")
    rw.wait_for(lambda: app.table_rows("Message log") >= 7, 10, "the rows")
    log = app.find("Message log", "table").queryTable()
    log.addRowSelection(4)
    time.sleep(1.0)
    subprocess.run(["import", "-window", "root", OUT], check=True)
finally:
    app.close()
