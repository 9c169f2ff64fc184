#!/usr/bin/python3
"""A stand-in for a screen reader on the AT-SPI bus, for bench_ingest's real-window shape: it
registers for the events Orca listens to and touches what each event names (its name and
role), as a screen reader does before deciding whether to speak. Runs until killed."""
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import pyatspi  # noqa: E402

EVENTS = ["object:children-changed", "object:state-changed", "object:property-change",
          "object:text-changed", "object:text-caret-moved", "object:active-descendant-changed",
          "object:selection-changed", "object:visible-data-changed", "focus:",
          "window:activate"]
seen = 0


def on_event(event):
    global seen
    seen += 1
    try:
        source = event.source
        source.name
        source.getRoleName()
    except Exception:
        pass


pyatspi.Registry.registerEventListener(on_event, *EVENTS)
print("LISTENING", flush=True)
pyatspi.Registry.start()
