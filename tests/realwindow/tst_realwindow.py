#!/usr/bin/python3
"""The real sockscope in a real X11 window, driven through AT-SPI by accessible names, as a
screen reader user would: every button of a flow is clicked through its accessible action.

Usage (through run-realwindow.sh): tst_realwindow.py SOCKSCOPE_BINARY PEERS_DIR
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import unittest

import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # pyatspi's own calls of older AT-SPI API
import pyatspi  # noqa: E402

BINARY, PEERS = sys.argv[1], sys.argv[2]
# The message log's columns: Time, Direction, Type, Size, Summary, Preview.
SUMMARY, PREVIEW = 4, 5


def wait_for(predicate, timeout=15.0, what="a condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def nodes(root):
    """Every accessible below root, depth first."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            count = node.childCount
        except Exception:
            continue
        for i in reversed(range(count)):
            try:
                stack.append(node.getChildAtIndex(i))
            except Exception:
                pass


class App:
    """One sockscope process and its accessible tree."""

    def __init__(self, *args, home=None, env=None):
        # A home of its own: no workspace of an earlier test comes back (unless one is given,
        # for a second start that should find what the first kept).
        self.own_home = home is None
        self.home = tempfile.TemporaryDirectory() if home is None else home
        environment = dict(os.environ, HOME=self.home.name,
                           XDG_CONFIG_HOME=os.path.join(self.home.name, ".config"),
                           XDG_DATA_HOME=os.path.join(self.home.name, ".local", "share"))
        environment.update(env or {})
        self.stderr = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen([BINARY, *args], env=environment, stderr=self.stderr)
        self.root = wait_for(self._find_app, 40, "the app on the accessibility bus")

    def messages(self):
        """What the app wrote to stderr (Qt's warnings)."""
        self.stderr.seek(0)
        return self.stderr.read()

    def _find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "Sockscope":
                return app
        return None

    def alive(self):
        return self.process.poll() is None

    def showing(self, name, role=None):
        """The accessible of that name (and role) on screen now, or None."""
        for node in nodes(self.root):
            try:
                if node.name == name and (role is None or node.getRoleName() == role):
                    if node.getState().contains(pyatspi.STATE_SHOWING):
                        return node
            except Exception:
                pass
        return None

    def find(self, name, role=None, timeout=10.0):
        return wait_for(lambda: self.showing(name, role), timeout,
                        "%r (%s)" % (name, role or "any role"))

    def click(self, name, role="push button"):
        node = self.find(name, role)
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("Press", "press", "click", "Toggle", "toggle"):
                action.doAction(i)
                return node
        action.doAction(0)
        return node

    def set_text(self, name, text):
        node = self.find(name, "text")
        editable = node.queryEditableText()
        editable.setTextContents(text)

    def message_of(self, name):
        """The message a label named for its role shows ("URL error"), as a screen reader
        reads it: its accessible description."""
        return self.find(name).description

    def table_rows(self, name):
        table = self.find(name, "table").queryTable()
        return table.nRows

    def cell(self, name, row, column):
        table = self.find(name, "table").queryTable()
        return table.getAccessibleAt(row, column).name

    def summaries(self):
        """The message log's Summary column, read once (a table's cells are slow to read)."""
        table = self.find("Message log", "table").queryTable()
        return [table.getAccessibleAt(r, SUMMARY).name for r in range(table.nRows)]

    def anywhere(self, name, role):
        """The accessible of that name and role, shown or not (a menu's items)."""
        for node in nodes(self.root):
            try:
                if node.name == name and node.getRoleName() == role:
                    return node
            except Exception:
                pass
        return None

    def choose(self, *path):
        """Picks a menu item through its menus, as a screen reader user does: each menu is
        opened by its action, then the item is pressed ("View", "Theme", "Dark")."""
        for name in path[:-1]:
            menu = wait_for(lambda: self.anywhere(name, "menu item"), 10, "menu %r" % name)
            menu.queryAction().doAction(0)  # ShowMenu
        item = wait_for(lambda: self.anywhere(path[-1], "menu item"), 10,
                        "menu item %r" % path[-1])
        item.queryAction().doAction(0)  # Press
        # Menus left open by the path are closed as a user would, with Escape.
        for _ in path[:-1]:
            if any(node.getRoleName() == "popup menu" and node.getState().contains(
                    pyatspi.STATE_SHOWING) for node in nodes(self.root)):
                key_chord(KEY_ESCAPE)
                time.sleep(0.2)
        return item

    def activate(self):
        """A click into the window, as a user's first click: with no window manager on the
        X server, only that makes it the active window, which shortcuts need."""
        x, y, w, h = self.find("Message composer", "text").queryComponent().getExtents(
            pyatspi.DESKTOP_COORDS)
        pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, "b1c")
        wait_for(lambda: self.frame().getState().contains(pyatspi.STATE_ACTIVE), 5,
                 "the window active")

    def frame(self):
        for i in range(self.root.childCount):
            node = self.root.getChildAtIndex(i)
            if node is not None and node.getRoleName() == "frame":
                return node
        return None

    def window_id(self):
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                              check=True).stdout
        title = self.frame().name
        for line in tree.splitlines():
            if '"%s"' % title in line:
                return line.split()[0]
        raise AssertionError("no X window titled %r" % title)

    def geometry(self):
        """The window's size on the X server, in device pixels."""
        info = subprocess.run(["xwininfo", "-id", self.window_id()], capture_output=True,
                              text=True, check=True).stdout
        width = int(re.search(r"Width: (\d+)", info).group(1))
        height = int(re.search(r"Height: (\d+)", info).group(1))
        return width, height

    def minimum_size(self):
        """The minimum size the window asks the window manager for, in device pixels."""
        hints = subprocess.run(["xprop", "-id", self.window_id(), "WM_NORMAL_HINTS"],
                               capture_output=True, text=True, check=True).stdout
        found = re.search(r"minimum size: (\d+) by (\d+)", hints)
        return int(found.group(1)), int(found.group(2))

    def close(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.stderr.close()
        if self.own_home:
            self.home.cleanup()


def key_chord(*keycodes):
    """Presses the keys in order and releases them in reverse, through AT-SPI (XTest)."""
    for code in keycodes:
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_PRESS)
    for code in reversed(keycodes):
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_RELEASE)


CTRL, SHIFT, KEY_B, KEY_F, KEY_L, KEY_T, KEY_W, KEY_ESCAPE = 37, 50, 56, 41, 46, 28, 25, 9  # X keycodes of the default keymap
KEY_UP, KEY_DOWN, KEY_END = 111, 116, 115


def screen_colour(x, y):
    """The colour at (x, y) on the Xvfb screen, read from its framebuffer file (XWD)."""
    with open(os.path.join(os.environ["SOCKSCOPE_FBDIR"], "Xvfb_screen0"), "rb") as f:
        data = f.read()
    fields = struct.unpack(">25I", data[:100])
    header_size, byte_order, bits_per_pixel = fields[0], fields[7], fields[11]
    bytes_per_line, colours = fields[12], fields[19]
    offset = header_size + colours * 12 + y * bytes_per_line + x * bits_per_pixel // 8
    pixel = int.from_bytes(data[offset:offset + 4], "little" if byte_order == 0 else "big")
    return (pixel >> 16) & 255, (pixel >> 8) & 255, pixel & 255


def lightness(colour):
    return (max(colour) + min(colour)) / 2 / 255


class HostilePeer:
    """tests/peers/hostile-handshake.py, for failures of every kind."""

    def __init__(self):
        cert_dir = os.environ["HOME"]
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", cert_dir + "/k.pem",
                        "-out", cert_dir + "/c.pem", "-days", "2", "-subj", "/CN=127.0.0.1"],
                       check=True, capture_output=True)
        self.process = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(PEERS, "hostile-handshake.py"), "--cert",
             cert_dir + "/c.pem", "--key", cert_dir + "/k.pem"],
            stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline().split()[1])
        self.tls_port = int(self.process.stdout.readline().split()[1])

    def close(self):
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()


class RealWindow(unittest.TestCase):
    def setUp(self):
        self.app = App()
        self.app.find("Untitled session — Sockscope", "frame")

    def tearDown(self):
        self.app.close()

    def test_add_and_remove_rules_and_timers(self):
        """Add rule used to crash the app: every button of the Behaviour page, as clicked."""
        app = self.app
        app.click("New server")
        app.click("Behaviour", "page tab")
        for running in (False, True):
            if running:
                app.click("Start server")
                app.find("Stop server", "push button", timeout=5)  # named for what it does now
            rules = app.table_rows("Rules")
            timers = app.table_rows("Timers")
            app.click("Add rule")
            wait_for(lambda: app.table_rows("Rules") == rules + 1, what="a new rule row")
            self.assertTrue(app.alive(), "the app crashed on Add rule")
            # The match kind and action are read with their row, as a screen reader reads them.
            self.assertEqual("exact", app.cell("Rules", rules, 0))
            self.assertEqual("reply", app.cell("Rules", rules, 3))
            app.click("Add timer")
            wait_for(lambda: app.table_rows("Timers") == timers + 1, what="a new timer row")
            app.click("Remove rule")
            app.click("Remove timer")
            wait_for(lambda: app.table_rows("Rules") == rules, what="the rule removed")
            wait_for(lambda: app.table_rows("Timers") == timers, what="the timer removed")
            self.assertTrue(app.alive())

    def test_lab_tab_flow(self):
        """Connection > New lab tab on the built-in echo server: Connect, Send preset (a ping,
        whose pong comes back into the lab's log), Save frame and Send all in one write, Drop
        TCP, and the conformance suite from the tab, every button clicked by its name."""
        app = self.app
        size = app.geometry()
        app.choose("Connection", "New lab tab")
        app.find("Frame builder", "panel")
        time.sleep(0.5)
        self.assertEqual(size, app.geometry(), "the window grew for the lab tab")
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)  # named for what it does now
        wait_for(lambda: "Open" in app.find("Connection state").description, 10, "open")
        rows = app.table_rows("Message log")
        app.click("Send preset")  # the first: a ping with a payload
        wait_for(lambda: app.table_rows("Message log") >= rows + 2, 10, "the ping and its pong")
        self.assertEqual("pong", app.cell("Message log", rows + 1, 2).lower())
        app.set_text("Payload", "saved in the lab")
        app.click("Save frame")
        app.click("Save frame")
        app.click("Send all in one write")
        wait_for(lambda: app.table_rows("Message log") >= rows + 6, 10, "two texts and echoes")
        app.click("Close TCP without a close frame")
        app.find("Connect", "push button", timeout=10)
        app.click("Conformance", "page tab")
        app.set_text("Cases", "1.1.1-1.1.3, 2.1")
        app.click("Run conformance suite")
        wait_for(lambda: app.table_rows("Conformance results") == 4, 20, "four cases")
        app.find("Run conformance suite", "push button", timeout=10)
        self.assertEqual(["OK"] * 4, [app.cell("Conformance results", r, 1) for r in range(4)])
        self.assertTrue(app.alive())

    def test_scenario_tab_flow(self):
        """Connection > New scenario against the built-in echo server: Add step (a send),
        Run scenario, each step's result in the table and the total in the result label,
        the conversation in the tab's log, then Remove step; every button by its name."""
        app = self.app
        size = app.geometry()
        app.choose("Connection", "New scenario")
        app.find("Scenario steps", "table")
        time.sleep(0.5)
        self.assertEqual(size, app.geometry(), "the window grew for the scenario tab")
        self.assertEqual(1, app.table_rows("Scenario steps"))  # connect to the echo server
        app.click("Add step")
        wait_for(lambda: app.table_rows("Scenario steps") == 2, 5, "the send step")
        self.assertEqual("send", app.cell("Scenario steps", 1, 0))  # read with its row
        app.click("Run scenario")
        wait_for(lambda: app.find("Scenario result").description.startswith("Passed"), 15,
                 "the scenario to pass")
        self.assertEqual("Passed: 2 steps", app.find("Scenario result").description[:15])
        app.find("Run scenario", "push button", timeout=5)  # named for what it does again
        self.assertTrue(app.cell("Scenario steps", 0, 2).startswith("pass"))
        self.assertTrue(app.cell("Scenario steps", 1, 2).startswith("pass"))
        wait_for(lambda: app.table_rows("Message log") >= 3, 5, "the open, the send, the echo")
        app.click("Remove step")
        wait_for(lambda: app.table_rows("Scenario steps") == 1, 5, "the step removed")
        self.assertTrue(app.alive())

    def test_socket_io_mode_flow(self):
        """Protocol set to Socket.IO from the keyboard, an npm socket.io server joined, an
        emit with an ack, a namespace joined with auth and left, Decode as none and back:
        every field and button by its name, every result read from the Summary column."""
        app = self.app
        server = subprocess.Popen(["node", os.path.join(PEERS, "socketio-server.js")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline().split()[1])
            size = app.geometry()
            app.find("Protocol", "combo box").queryComponent().grabFocus()
            key_chord(KEY_DOWN)  # WebSocket -> Socket.IO
            app.find("Event name", "text")
            self.assertEqual("Protocol", app.find("Protocol", "combo box").name)
            app.set_text("Server URL", "http://127.0.0.1:%d" % port)
            app.click("Connect")
            app.find("Disconnect", "push button", timeout=10)

            def summary(pattern):
                return wait_for(lambda: next((t for t in app.summaries() if re.search(pattern, t)),
                                             None),
                                10, "a row whose summary matches %r" % pattern)

            summary(r"^connected / sid=")
            app.set_text("Event name", "echo")
            app.click("Ask for an ack", "check box")
            app.set_text("Message composer", '[{"a": 1}]')
            app.click("Send")
            summary(r'^emit "echo" \[\{"a":1\}\] ack 0$')
            summary(r'^ack 0 of "echo" .* in \d+ ms$')
            app.set_text("Namespace", "/admin")
            app.set_text("Namespace auth", '{"token":"letmein"}')
            app.click("Join namespace")
            summary(r'^emit /admin "welcome" \["admin"\]$')
            app.click("Leave namespace")
            summary(r"^disconnect /admin$")
            app.find("Decode as", "combo box").queryComponent().grabFocus()
            key_chord(KEY_DOWN)  # automatic -> none
            wait_for(lambda: not any(app.summaries()), 5, "no summaries with Decode: none")
            key_chord(KEY_UP)
            summary(r"^connected / sid=")
            self.assertEqual(size, app.geometry(), "the window grew in Socket.IO mode")
            app.click("Disconnect")
            app.find("Connect", "push button", timeout=10)
            self.assertTrue(app.alive())
        finally:
            server.kill()
            server.wait()
            server.stdout.close()

    def test_protobuf_with_a_proto_flow(self):
        """Decode as ▸ Protobuf with a .proto… chosen from the keyboard, a file that is not
        there named first (said in the dialog, which stays), then the real .proto; the
        quotes an npm protobufjs feed sends are read from the Summary column."""
        app = self.app
        feed = subprocess.Popen(["node", os.path.join(PEERS, "protobuf-feed.js")],
                                stdout=subprocess.PIPE, text=True)
        try:
            port = int(feed.stdout.readline().split()[1])
            app.set_text("Server URL", "ws://127.0.0.1:%d" % port)
            app.click("Connect")
            app.find("Disconnect", "push button", timeout=10)
            wait_for(lambda: app.table_rows("Message log") >= 4, 10, "three quotes")

            app.find("Decode as", "combo box").queryComponent().grabFocus()
            key_chord(KEY_END)  # the last choice: Protobuf with a .proto…
            proto = os.path.join(PEERS, "..", "decoders", "proto", "market", "quote.proto")
            app.set_text(".proto file", proto + ".missing")
            app.click("Decode")
            said = wait_for(lambda: app.message_of("Schema error") or None, 10,
                            "the dialog to say the file is missing")
            self.assertIn("quote.proto.missing cannot be read", said)
            app.set_text(".proto file", proto)
            app.click("Decode")
            wait_for(lambda: [t for t in app.summaries() if t.startswith('Quote {"symbol":')] or None,
                     10, "the quotes decoded")
            quotes = [t for t in app.summaries() if t.startswith("Quote ")]
            self.assertEqual(3, len(quotes), quotes)
            self.assertTrue(quotes[0].startswith('Quote {"symbol":"ACME","price":1.25,"size":100'),
                            quotes[0])
            self.assertIn('"side":"BID"', quotes[0])
            app.click("Disconnect")
            app.find("Connect", "push button", timeout=10)
            self.assertTrue(app.alive())
        finally:
            feed.kill()
            feed.wait()
            feed.stdout.close()

    def test_a_row_selected_by_a_screen_reader_is_inspected(self):
        """Selecting a log row through AT-SPI (as a screen reader does) shows it in the
        inspector, whose header is read as its description."""
        app = self.app
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)
        app.set_text("Message composer", "selected by a reader")
        app.click("Send")
        wait_for(lambda: app.table_rows("Message log") >= 4, 10, "the message and its echo")
        self.assertIn("No row selected", app.message_of("Frame details"))
        app.find("Message log", "table").queryTable().addRowSelection(2)
        wait_for(lambda: app.message_of("Frame details").startswith("Sent text"), 10,
                 "the inspector to show the sent row")

    def test_wire_view_shows_the_frames(self):
        """Wire capture is on by default: the wire view fills with the handshake and every
        frame, a message selected in the log selects its frames, and the inspector's Wire tab
        shows their bytes. With the box unticked, the next connection adds no frames."""
        app = self.app
        app.click("Connection options", None)
        box = app.find("Wire capture", "check box")
        self.assertTrue(box.getState().contains(pyatspi.STATE_CHECKED))
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)
        app.set_text("Message composer", "seen on the wire")
        app.click("Send")
        app.click("Ping")
        # The request and the 101, the text both ways, the ping and its pong.
        wait_for(lambda: app.table_rows("Wire view") >= 6, 10, "the frames in the wire view")
        self.assertIn("HTTP request", app.cell("Wire view", 0, 4))
        self.assertIn("HTTP response", app.cell("Wire view", 1, 4))
        log = app.find("Message log", "table").queryTable()
        sent = next(r for r in range(log.nRows)
                    if "seen on the wire" in app.cell("Message log", r, PREVIEW)
                    and "ent" in app.cell("Message log", r, 1))
        log.addRowSelection(sent)
        wire = app.find("Wire view", "table").queryTable()
        wait_for(lambda: wire.nSelectedRows == 1, 10, "the sent message's frame selected")
        frame = wire.getSelectedRows()[0]
        self.assertEqual(app.cell("Wire view", frame, 4), "text")
        self.assertNotEqual(app.cell("Wire view", frame, 5), "none")  # a client's mask
        app.click("Wire", "page tab")
        frames = app.find("Frames on the wire", "text")
        wait_for(lambda: "FIN" in frames.queryText().getText(0, -1), 10, "the frame's bytes")
        app.click("Disconnect")
        app.find("Connect", "push button", timeout=10)
        box.queryAction().doAction(0)
        wait_for(lambda: not box.getState().contains(pyatspi.STATE_CHECKED), 5, "the box unticked")
        before = app.table_rows("Wire view")
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)
        app.set_text("Message composer", "not on the wire")
        app.click("Send")
        wait_for(lambda: any("not on the wire" in app.cell("Message log", r, PREVIEW)
                             and "eceived" in app.cell("Message log", r, 1)
                             for r in range(app.table_rows("Message log"))), 10, "the echo")
        self.assertEqual(app.table_rows("Wire view"), before)
        self.assertTrue(app.alive())

    def test_failures_in_a_row_each_tell_their_own(self):
        """One tab, failing again and again: each failure's own sentence, in the log."""
        peer = HostilePeer()
        try:
            kinds = {
                "403": ("ws://127.0.0.1:%d/status/403" % peer.port,
                        "Handshake refused: the server answered HTTP 403 Forbidden"),
                "refused": ("ws://127.0.0.1:1/", "Connection refused by 127.0.0.1:1"),
                "bad accept": ("ws://127.0.0.1:%d/bad-accept" % peer.port,
                               "answered, but not with a valid WebSocket handshake"),
                "tls": ("wss://127.0.0.1:%d/" % peer.tls_port, "TLS handshake with 127.0.0.1"),
            }
            # Every ordered pair of the four kinds, in one sequence of 17 attempts.
            order = ["403", "403", "refused", "403", "bad accept", "403", "tls", "refused",
                     "refused", "bad accept", "refused", "tls", "bad accept", "bad accept",
                     "tls", "tls", "403"]
            app = self.app
            for step, kind in enumerate(order):
                url, expected = kinds[kind]
                app.set_text("Server URL", url)
                before = app.table_rows("Message log")
                app.click("Connect")

                def error_row():
                    rows = app.table_rows("Message log")
                    for row in range(before, rows):
                        if app.cell("Message log", row, 2) == "error":
                            return app.cell("Message log", row, PREVIEW)
                    return None
                told = wait_for(error_row, 15, "the error row of attempt %d (%s)" % (step, kind))
                self.assertIn(expected, told, "attempt %d (%s) was told as: %s"
                              % (step, kind, told))
                app.find("Connect", "push button", timeout=5)  # ready for the next attempt
        finally:
            peer.close()


class Window(unittest.TestCase):
    """The window as the platform sees it: keys, names, size and colours."""

    def setUp(self):
        self.app = App()
        self.app.find("Untitled session — Sockscope", "frame")

    def tearDown(self):
        self.app.close()

    def open_tabs(self):
        bar = self.app.find("Open tabs", "page tab list")
        return [bar.getChildAtIndex(i).name for i in range(bar.childCount)
                if bar.getChildAtIndex(i).getRoleName() == "page tab"]

    def test_shortcuts_do_what_they_say(self):
        """Ctrl+T, Ctrl+Shift+T, Ctrl+W, Ctrl+F and Ctrl+Shift+L, typed on the X server: none is taken twice
        (Qt says "Ambiguous shortcut" and does nothing when one is)."""
        app = self.app
        app.activate()
        before = self.open_tabs()
        key_chord(CTRL, KEY_T)
        wait_for(lambda: len(self.open_tabs()) == len(before) + 1, 5, "Ctrl+T's new tab")
        key_chord(CTRL, KEY_W)
        wait_for(lambda: self.open_tabs() == before, 5, "Ctrl+W closing it")
        key_chord(CTRL, SHIFT, KEY_T)
        wait_for(lambda: app.showing("Start server", "push button"), 5, "Ctrl+Shift+T's server")
        key_chord(CTRL, KEY_W)
        wait_for(lambda: self.open_tabs() == before, 5, "Ctrl+W closing the server tab")
        key_chord(CTRL, KEY_F)
        wait_for(lambda: app.find("Log filter", "text").getState().contains(
            pyatspi.STATE_FOCUSED), 5, "Ctrl+F putting the cursor in the log filter")
        key_chord(CTRL, SHIFT, KEY_L)
        wait_for(lambda: app.showing("Frame builder", "panel"), 5, "Ctrl+Shift+L's lab tab")
        key_chord(CTRL, KEY_W)
        wait_for(lambda: self.open_tabs() == before, 5, "Ctrl+W closing the lab tab")
        self.assertNotIn("Ambiguous shortcut", app.messages())

    def test_names_say_what_things_do_now(self):
        """A button is named for what it does now, as its text says; a combo box and a tab
        list for what they choose, never for their current value."""
        app = self.app
        for name, role in [("Direction filter", "combo box"), ("Type filter", "combo box"),
                           ("Message type", "combo box"), ("Close code", "combo box"),
                           ("Payload views", "page tab list"), ("Open tabs", "page tab list")]:
            app.find(name, role)
        for node in nodes(app.root):
            if node.getRoleName() == "page tab list" and node.getState().contains(
                    pyatspi.STATE_SHOWING):
                tabs = [node.getChildAtIndex(i).name for i in range(node.childCount)]
                self.assertNotIn(node.name, tabs, "a tab list named by its current tab")
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)
        self.assertIsNone(app.showing("Connect", "push button"))
        app.click("Disconnect")
        app.find("Connect", "push button", timeout=10)
        app.click("New server")
        app.find("Server pages", "page tab list")
        app.find("Log shown", "combo box")
        app.click("Start server")
        app.find("Stop server", "push button", timeout=5)
        self.assertIsNone(app.showing("Start server", "push button"))
        app.click("Stop server")
        app.find("Start server", "push button", timeout=10)

    def traffic(self):
        """Connects to the built-in echo server and sends messages of growing size and pings,
        so every counter, the RTT and the clock get longer texts."""
        app = self.app
        app.click("Connect")
        app.find("Disconnect", "push button", timeout=10)
        rows = app.table_rows("Message log")
        for i in range(6):
            app.set_text("Message composer", "x" * (10 ** i))
            app.click("Send")
            app.click("Ping")
        wait_for(lambda: app.table_rows("Message log") >= rows + 24, 30, "the echoes and pongs")
        time.sleep(1.5)  # "Open 00:00:02": the clock has ticked

    def test_window_fits_and_never_grows(self):
        """At 100 %: the minimum fits a half-screen tile (960 px) with the sidebar, and the
        window keeps its size, and its minimum, as texts get longer."""
        app = self.app
        minimum = app.minimum_size()
        self.assertLessEqual(minimum[0], 960, "minimum %dx%d" % minimum)
        self.assertLessEqual(minimum[1], 690, "minimum %dx%d" % minimum)
        size = app.geometry()
        self.traffic()
        self.assertEqual(size, app.geometry())
        self.assertEqual(minimum, app.minimum_size())

    def test_fits_the_screen_at_150_percent(self):
        """At 150 %: the first size and the minimum fit the 1920x1080 screen (1280x720 in
        logical pixels); with the sidebar hidden, the minimum fits a half-screen tile."""
        self.app.close()
        self.app = app = App(env={"QT_SCALE_FACTOR": "1.5"})
        app.find("Untitled session — Sockscope", "frame")
        minimum = app.minimum_size()
        size = app.geometry()
        self.assertLessEqual(size, (1920, 1080))
        self.assertLessEqual(size[1], 1080)
        self.assertLessEqual(minimum[0], 1920 * 2 // 3, "minimum %dx%d" % minimum)
        self.assertLessEqual(minimum[1], 1035, "minimum %dx%d" % minimum)
        self.traffic()
        self.assertEqual(size, app.geometry())
        self.assertEqual(minimum, app.minimum_size())
        app.activate()
        key_chord(CTRL, SHIFT, KEY_B)  # hides the session sidebar
        wait_for(lambda: app.minimum_size()[0] <= 960, 5,
                 "a minimum of at most 960 px without the sidebar (%dx%d)" % app.minimum_size())

    def test_theme_switch_is_seen_and_kept(self):
        """View > Theme > Dark darkens what is drawn, and the next start keeps it."""
        home = tempfile.TemporaryDirectory()
        self.app.close()
        try:
            def log_colour(app):
                x, y, w, h = app.find("Message log", "table").queryComponent().getExtents(
                    pyatspi.DESKTOP_COORDS)
                return screen_colour(x + w - 30, y + h - 30)  # below the last row: the base

            self.app = app = App(home=home)
            app.find("Untitled session — Sockscope", "frame")
            wait_for(lambda: lightness(log_colour(app)) > 0.6, 5, "a light log at first")
            app.choose("View", "Theme", "Dark")
            wait_for(lambda: lightness(log_colour(app)) < 0.25, 5,
                     "a dark log (%r)" % (log_colour(app),))
            app.close()
            self.app = app = App(home=home)
            app.find("Untitled session — Sockscope", "frame")
            wait_for(lambda: lightness(log_colour(app)) < 0.25, 10, "dark again at the next start")
            self.assertTrue(app.anywhere("Dark", "menu item").getState().contains(
                pyatspi.STATE_CHECKED))
            app.choose("View", "Theme", "Light")
            wait_for(lambda: lightness(log_colour(app)) > 0.6, 5, "light again")
        finally:
            self.app.close()
            home.cleanup()


class CommandLine(unittest.TestCase):
    def test_session_file_opens_and_an_empty_secret_is_said(self):
        """A session named on the command line is the window's session, unmodified; its secret
        header came back empty (no keychain), and Connect says so before anything goes out."""
        peer = HostilePeer()
        folder = tempfile.TemporaryDirectory()
        app = None
        try:
            path = os.path.join(folder.name, "prices.sockscope.json")
            with open(path, "w") as f:
                json.dump({"version": 1, "id": "a41d0c7e-93b2", "connections": [{
                    "id": "6f1c2a9e-4b7d", "name": "Prices",
                    "url": "ws://127.0.0.1:%d/ok" % peer.port,
                    "headers": [{"enabled": True, "name": "Authorization", "secret": True,
                                 "value": "<secret>"}]}]}, f)
            app = App(path)
            app.find("prices.sockscope.json — Sockscope", "frame", timeout=20)
            app.click("Connect")
            warning = wait_for(lambda: app.message_of("URL error"), 10, "the warning")
            self.assertEqual(
                "Secret header Authorization has no value. Enter it (secret values come from "
                "the keychain, never from the session file), or press Connect again to "
                "connect without it.", warning)
            self.assertEqual("Connect", app.find("Connect").name)
            app.click("Connect")
            app.find("Disconnect", "push button", timeout=10)  # named for what it does now
            wait_for(lambda: not app.showing("URL error"), 5, "the warning gone")
        finally:
            if app:
                app.close()
            folder.cleanup()
            peer.close()


if __name__ == "__main__":
    pyatspi.Registry.getDesktop(0)  # wakes the registry before the first app starts
    # REALWINDOW_TESTS="RealWindow.test_x ..." runs only those.
    unittest.main(argv=[sys.argv[0], "-v"] + os.environ.get("REALWINDOW_TESTS", "").split())
