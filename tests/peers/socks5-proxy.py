#!/usr/bin/python3
"""A small SOCKS5 proxy (RFC 1928, CONNECT only) for Sockscope's proxy tests, with optional
user/password authentication (RFC 1929). Standard library only.

Usage: socks5-proxy.py [--user NAME --password SECRET]
Prints "PORT <n>" once listening on 127.0.0.1, then one JSON line per request:
{"event": "connect", "target": "host:port", "authorized": true}.
"""
import argparse
import asyncio
import ipaddress
import json
import struct


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


async def handle(reader, writer, credentials):
    try:
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        wanted = 0x02 if credentials else 0x00
        if version != 5 or wanted not in methods:
            writer.write(b"\x05\xff")
            writer.close()
            return
        writer.write(bytes([5, wanted]))
        authorized = True
        if credentials:
            _, ulen = await reader.readexactly(2)
            user = (await reader.readexactly(ulen)).decode()
            (plen,) = await reader.readexactly(1)
            password = (await reader.readexactly(plen)).decode()
            authorized = (user, password) == credentials
            writer.write(b"\x01\x00" if authorized else b"\x01\x01")
            if not authorized:
                report({"event": "connect", "target": None, "authorized": False})
                writer.close()
                return
        _, command, _, kind = await reader.readexactly(4)
        if kind == 1:
            host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
        elif kind == 4:
            host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
        else:
            (length,) = await reader.readexactly(1)
            host = (await reader.readexactly(length)).decode()
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        report({"event": "connect", "target": f"{host}:{port}", "authorized": authorized})
        if command != 1:
            writer.write(b"\x05\x07\x00\x01" + bytes(6))
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.write(b"\x05\x05\x00\x01" + bytes(6))
            writer.close()
            return
        writer.write(b"\x05\x00\x00\x01" + bytes(6))
        await writer.drain()
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


async def main(args):
    credentials = (args.user, args.password) if args.user is not None else None
    server = await asyncio.start_server(lambda r, w: handle(r, w, credentials), "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    asyncio.run(main(parser.parse_args()))
