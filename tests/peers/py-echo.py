#!/usr/bin/python3
"""An echo server on Debian's python3-websockets, as Autobahn|Testsuite's client expects of a
server under test: each text or binary message goes back as it came.

Usage: py-echo.py [--port N]. Prints "PORT <n>" once listening on 127.0.0.1.
"""
import argparse
import asyncio

import websockets


async def echo(socket, *_):
    try:
        async for message in socket:
            await socket.send(message)
    except websockets.ConnectionClosed:
        pass


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # No size limit and no compression: the suite's large messages are its own to test.
    async with websockets.serve(echo, "127.0.0.1", args.port, max_size=None, compression=None) as server:
        print("PORT", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main())
