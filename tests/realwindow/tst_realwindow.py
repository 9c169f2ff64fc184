#!/usr/bin/python3
"""The real sockscope in a real X11 window, driven through AT-SPI by accessible names, as a
screen reader user would: every button of a flow is clicked through its accessible action.

Usage (through run-realwindow.sh): tst_realwindow.py SOCKSCOPE_BINARY PEERS_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # pyatspi's own calls of older AT-SPI API
import pyatspi  # noqa: E402

BINARY, PEERS = sys.argv[1], sys.argv[2]


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

    def __init__(self, *args):
        # A home of its own: no workspace of an earlier test comes back.
        self.home = tempfile.TemporaryDirectory()
        env = dict(os.environ, HOME=self.home.name,
                   XDG_CONFIG_HOME=os.path.join(self.home.name, ".config"),
                   XDG_DATA_HOME=os.path.join(self.home.name, ".local", "share"))
        self.process = subprocess.Popen([BINARY, *args], env=env)
        self.root = wait_for(self._find_app, 40, "the app on the accessibility bus")

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

    def close(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.home.cleanup()


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
            app.click("Add timer")
            wait_for(lambda: app.table_rows("Timers") == timers + 1, what="a new timer row")
            app.click("Remove rule")
            app.click("Remove timer")
            wait_for(lambda: app.table_rows("Rules") == rules, what="the rule removed")
            wait_for(lambda: app.table_rows("Timers") == timers, what="the timer removed")
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
                            return app.cell("Message log", row, 4)
                    return None
                told = wait_for(error_row, 15, "the error row of attempt %d (%s)" % (step, kind))
                self.assertIn(expected, told, "attempt %d (%s) was told as: %s"
                              % (step, kind, told))
                app.find("Connect", "push button", timeout=5)  # ready for the next attempt
        finally:
            peer.close()


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
    unittest.main(argv=[sys.argv[0], "-v"])
