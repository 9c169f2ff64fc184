#!/usr/bin/env python3
"""Keeps the tree's layers (../shared/STYLE.md, "Where things go").

Fails when a folder of app/ includes a folder in its own or a higher layer (any folder may
include app/io/), when a folder of app/ is not in the table, or when anything under app/ except
main.cpp includes a QtGui or QtWidgets header.

    check-layers.py ROOT QT_INCLUDE_DIR      check the tree at ROOT
    check-layers.py --self-test QT_INCLUDE_DIR  check that the check catches what it must
"""
import os
import re
import shutil
import sys
import tempfile

# STYLE.md's table, the one place the order is kept: folder -> layer. "ui" is the widgets
# library; "main.cpp" stands for app/main.cpp.
LAYERS = {
    "io": 0, "net": 0, "websocket": 0,
    "decoders": 1,
    "log": 2,
    "inspector": 3, "tap": 3,
    "connection": 4, "server": 4,
    "lab": 5,
    "session": 6,
    "scenario": 7,
    "cli": 8,
    "ui": 9,
    "main.cpp": 10,
}
# Anyone may use these, whatever their layer.
SHARED = {"io"}
# The modules whose headers only the widgets library and main.cpp may include.
GUI_MODULES = ("QtGui", "QtWidgets")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SOURCE_ENDINGS = (".h", ".cpp", ".hpp", ".cc")


def gui_headers(qt_include_dir):
    """Header names (QWidget, qwidget.h, QtWidgets/QWidget, ...) of the GUI modules."""
    names = {}
    for module in GUI_MODULES:
        folder = os.path.join(qt_include_dir, module)
        if not os.path.isdir(folder):
            sys.exit(f"check-layers: no {folder}: pass Qt's include folder")
        for entry in os.listdir(folder):
            names[entry] = module
            names[f"{module}/{entry}"] = module
        names[module] = module
    return names


def layer_of(root, path):
    """(folder name, layer) for a file under app/ or ui/, or None."""
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    parts = rel.split("/")
    if parts[0] == "ui":
        return "ui", LAYERS["ui"]
    if parts[0] == "app":
        if len(parts) == 2:
            name = "main.cpp" if parts[1] == "main.cpp" else "app"
            return name, LAYERS.get(name)
        return parts[1], LAYERS.get(parts[1])
    return None


def resolve(root, including, target):
    """The folder an include names: ui/... when it is a widgets file, else app/<folder>."""
    here = os.path.dirname(including)
    if os.path.exists(os.path.join(here, target)):
        return layer_of(root, os.path.join(here, target))
    for base in ("ui", "app"):
        if os.path.exists(os.path.join(root, base, target)):
            return layer_of(root, os.path.join(root, base, target))
    # Not a file of ours (generated, such as version.h, or a system header).
    return None


def check(root, qt_include_dir):
    gui = gui_headers(qt_include_dir)
    problems = []
    for top in ("app", "ui"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SOURCE_ENDINGS):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                own, layer = layer_of(root, path)
                if layer is None:
                    problems.append(f"{rel}: app/{own}/ is not in STYLE.md's layer table")
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for match in INCLUDE.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    kind, target = match.groups()
                    where = f"{rel}:{line}: #include {kind}{target}{'>' if kind == '<' else kind}"
                    if kind == "<":
                        module = gui.get(target)
                        if module and top == "app" and own != "main.cpp":
                            problems.append(f"{where}: the core must not use {module}")
                        continue
                    found = resolve(root, path, target)
                    if found is None:
                        continue
                    theirs, their_layer = found
                    if theirs == own or theirs in SHARED:
                        continue
                    if their_layer is None or their_layer >= layer:
                        what = "its own" if their_layer == layer else "a higher"
                        problems.append(
                            f"{where}: {own} (layer {layer}) includes {theirs} "
                            f"(layer {their_layer}), {what} layer")
    return problems


def self_test(qt_include_dir):
    """The check must fail on each kind of mistake and pass on a tree that has none."""
    cases = {
        "clean": ({"app/log/a.h": '#include "websocket/b.h"\n#include "io/c.h"\n',
                   "app/websocket/b.h": "#include <QString>\n",
                   "app/io/c.h": "", "ui/w.h": '#include "log/a.h"\n#include <QWidget>\n',
                   "app/main.cpp": '#include "w.h"\n#include <QApplication>\n'}, 0),
        "up a layer": ({"app/log/a.h": '#include "connection/b.h"\n',
                        "app/connection/b.h": ""}, 1),
        "same layer": ({"app/server/a.h": '#include "connection/b.h"\n',
                        "app/connection/b.h": ""}, 1),
        "core includes the widgets library": ({"app/cli/a.cpp": '#include "mainwindow.h"\n',
                                               "ui/mainwindow.h": ""}, 1),
        "core includes a widget header": ({"app/log/a.cpp": "#include <QTableView>\n"}, 1),
        "core includes QtGui": ({"app/log/a.cpp": "#include <QtGui/QColor>\n"}, 1),
        "folder not in the table": ({"app/stuff/a.h": ""}, 1),
    }
    failures = []
    for name, (files, expected) in cases.items():
        root = tempfile.mkdtemp()
        try:
            for rel, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w") as f:
                    f.write(text)
            found = check(root, qt_include_dir)
            if len(found) != expected:
                failures.append(f"{name}: expected {expected} problem(s), found {found}")
        finally:
            shutil.rmtree(root)
    for f in failures:
        print("self-test:", f)
    print(f"{len(cases) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 3:
        sys.exit(__doc__)
    problems = check(argv[1], argv[2])
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} include(s) against STYLE.md's table" if problems
          else "layers: every include follows STYLE.md's table")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
