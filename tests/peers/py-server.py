#!/usr/bin/python3
"""A WebSocket server on Debian's python3-websockets, for Sockscope's connection tests.

Usage: py-server.py [--protocols a,b] [--cert FILE --key FILE [--client-ca FILE]]
Prints "PORT <n>" once listening on 127.0.0.1, then one JSON line per event: open (path,
headers, subprotocol, client certificate), message, close. Echoes every message; the text
"close-me CODE REASON" closes with that code and reason. With --client-ca the server requires
a client certificate signed by that CA.
"""
import argparse
import asyncio
import json
import ssl

import websockets


def report(event):
    print(json.dumps(event), flush=True)


async def handler(socket, *_):
    peer_cert = None
    ssl_object = socket.transport.get_extra_info("ssl_object")
    if ssl_object is not None and ssl_object.getpeercert():
        subject = dict(item[0] for item in ssl_object.getpeercert()["subject"])
        peer_cert = subject.get("commonName")
    report({
        "event": "open",
        "path": socket.path,
        "headers": {k.lower(): v for k, v in socket.request_headers.raw_items()},
        "protocol": socket.subprotocol or "",
        "clientCertificate": peer_cert,
    })
    try:
        async for message in socket:
            if isinstance(message, bytes):
                report({"event": "message", "binary": True, "hex": message.hex()})
                await socket.send(message)
                continue
            report({"event": "message", "binary": False, "text": message})
            if message.startswith("close-me "):
                _, code, *reason = message.split(" ")
                await socket.close(int(code), " ".join(reason))
            else:
                await socket.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass
    report({"event": "close", "code": socket.close_code, "reason": socket.close_reason})


async def main(args):
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
    protocols = [p for p in (args.protocols or "").split(",") if p] or None
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=context, subprotocols=protocols,
                                max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"PORT {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--protocols")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    asyncio.run(main(parser.parse_args()))
