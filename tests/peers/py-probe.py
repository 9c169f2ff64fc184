#!/usr/bin/python3
"""A scriptable WebSocket client on Debian's python3-websockets, for Sockscope's server tests.

Usage: py-probe.py URL 'JSON'
JSON may hold: protocols (list), origin, send (texts sent once open), waitMessages (close with
1000 after this many messages), holdMs (close after this long).
Prints one JSON line per event: open, message, close, refused (with the HTTP status), error.
"""
import asyncio
import json
import sys

import websockets


def report(event):
    print(json.dumps(event), flush=True)


async def main(url, config):
    try:
        async with websockets.connect(
            url,
            subprotocols=config.get("protocols") or None,
            origin=config.get("origin"),
            max_size=None,
        ) as socket:
            report({"event": "open", "protocol": socket.subprotocol or ""})
            for text in config.get("send", []):
                await socket.send(text)
            received = 0
            deadline = asyncio.get_running_loop().time() + config.get("holdMs", 15000) / 1000
            try:
                while True:
                    timeout = deadline - asyncio.get_running_loop().time()
                    if timeout <= 0:
                        break
                    message = await asyncio.wait_for(socket.recv(), timeout)
                    if isinstance(message, bytes):
                        report({"event": "message", "binary": True, "hex": message.hex()})
                    else:
                        report({"event": "message", "binary": False, "text": message})
                    received += 1
                    if config.get("waitMessages") and received >= config["waitMessages"]:
                        break
            except asyncio.TimeoutError:
                pass
            except websockets.exceptions.ConnectionClosed:
                pass
            await socket.close(1000, "done")
            code = socket.close_code
            reason = socket.close_reason
            report({"event": "close", "code": code, "reason": reason})
    except websockets.exceptions.InvalidStatusCode as error:
        report({"event": "refused", "status": error.status_code})
    except Exception as error:  # a test reads this line; it must not crash silently
        report({"event": "error", "message": str(error)})


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")))
