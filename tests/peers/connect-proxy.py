#!/usr/bin/python3
"""A small HTTP CONNECT proxy for Sockscope's proxy tests (standard library only).

Usage: connect-proxy.py [--user NAME --password SECRET [--deny-with 401]]
Prints "PORT <n>" once listening on 127.0.0.1, then one JSON line per tunnel request:
{"event": "connect", "target": "host:port", "authorized": true}. With --user, a request
without the right Proxy-Authorization: Basic credentials gets 407, or, with --deny-with 401,
a 401 that closes the connection, as tinyproxy answers.
"""
import argparse
import asyncio
import base64
import json


def report(event):
    print(json.dumps(event), flush=True)


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(reader, writer, expected, deny_with):
    # Requests on one connection until a tunnel opens: a client that was asked for
    # credentials (407) may send them on the same connection.
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        authorized = expected is None or headers.get("proxy-authorization") == expected
        report({"event": "connect", "method": method, "target": target,
                "authorized": authorized})
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        if authorized:
            break
        if deny_with == 401 and "proxy-authorization" in headers:
            writer.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                     b"Proxy-Authenticate: Basic realm=\"test\"\r\n"
                     b"Proxy-Connection: keep-alive\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
    host, port = target.rsplit(":", 1)
    try:
        up_reader, up_writer = await asyncio.open_connection(host, int(port))
    except OSError:
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        writer.close()
        return
    writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
    await writer.drain()
    await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def main(args):
    expected = None
    if args.user is not None:
        token = base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
        expected = f"Basic {token}"
    server = await asyncio.start_server(lambda r, w: handle(r, w, expected, args.deny_with), "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--deny-with", type=int, choices=[401, 407], default=407)
    asyncio.run(main(parser.parse_args()))
