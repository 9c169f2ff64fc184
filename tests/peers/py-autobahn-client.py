#!/usr/bin/python3
"""Debian's python3-websockets client under Autobahn|Testsuite's fuzzing-server protocol, as
its own Autobahn harness drives it: the case count, each case (every text and binary message
echoed back), then the reports.

Usage: py-autobahn-client.py URL [AGENT] (URL: ws://127.0.0.1:9001). Prints "DONE <n>".
"""
import asyncio
import sys
import urllib.parse

import websockets

BASE = sys.argv[1]
AGENT = sys.argv[2] if len(sys.argv) > 2 else "python3-websockets"


def connect(path):
    return websockets.connect(BASE + path, max_size=None, compression=None)


async def main():
    async with connect("/getCaseCount") as ws:
        count = int(await ws.recv())
    agent = urllib.parse.quote(AGENT)
    for n in range(1, count + 1):
        try:
            async with connect(f"/runCase?case={n}&agent={agent}") as ws:
                async for message in ws:
                    await ws.send(message)
        except (websockets.exceptions.WebSocketException, OSError):
            pass  # a case that fails the connection on purpose
    async with connect(f"/updateReports?agent={agent}") as ws:
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosed:
            pass
    print("DONE", count, flush=True)


asyncio.run(main())
