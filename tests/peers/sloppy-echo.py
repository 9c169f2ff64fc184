#!/usr/bin/python3
"""A careless WebSocket server, for the conformance suite's own tests: it accepts any upgrade,
then echoes every frame it reads (reserved bits, reserved opcodes, fragments, control frames
over 125 bytes and all), answers pings and closes, and fails nothing. A conformance suite must
grade it FAILED wherever RFC 6455 says a server fails the connection.

Usage: sloppy-echo.py. Prints "PORT <n>" once listening on 127.0.0.1.
"""
import asyncio
import base64
import hashlib
import struct

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def header(first, length):
    if length < 126:
        return bytes([first, length])
    if length < 65536:
        return bytes([first, 126]) + struct.pack("!H", length)
    return bytes([first, 127]) + struct.pack("!Q", length)


async def serve(reader, writer):
    head = await reader.readuntil(b"\r\n\r\n")
    key = b""
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"sec-websocket-key":
            key = value.strip()
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    try:
        while True:
            first, second = await reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", await reader.readexactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", await reader.readexactly(8))[0]
            mask = await reader.readexactly(4) if second & 0x80 else bytes(4)
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(await reader.readexactly(length)))
            opcode = first & 0x0F
            if opcode == 0x9:
                first = (first & 0xF0) | 0xA
            elif opcode == 0xA:
                continue
            writer.write(header(first, len(payload)) + payload)
            await writer.drain()
            if opcode == 0x8:
                break
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
