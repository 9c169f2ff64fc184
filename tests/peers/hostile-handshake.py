#!/usr/bin/python3
"""A raw HTTP peer that answers WebSocket upgrades wrongly, for Sockscope's failure tests.

Usage: hostile-handshake.py --cert FILE --key FILE
Prints "PORT <n>" and then "TLSPORT <m>" once listening on 127.0.0.1. The plain port answers
each upgrade by the first segment of its path:
  /status/N      HTTP N with a short body (403, 200, 302, 401, ...)
  /drop          reads the request, then closes the connection
  /silent        reads the request and never answers
  /bad-accept    101 with a Sec-WebSocket-Accept that does not match the key
  /no-upgrade    101 without the Upgrade header
  /huge-headers  101 followed by 64 KiB of header lines
  /endless-line  101 followed by one header line that never ends
  /ok            a valid 101, then silence
  /frame/KIND    a valid 101, then one frame that breaks RFC 6455 or a limit, by KIND: rsv,
                 opcode3, ping126, fragmented-ping, bad-utf8, close999, close1byte,
                 continuation, new-in-fragmented, length-2-63, big-single (200 KiB in one
                 frame), big-fragmented (200 KiB in two frames)
The TLS port speaks TLS with the given certificate, then answers as the plain port does.
"""
import argparse
import asyncio
import base64
import hashlib
import ssl

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}


def frame(first, payload, length=None):
    """An unmasked server frame: first byte, payload, and optionally a declared length."""
    n = len(payload) if length is None else length
    if n < 126:
        head = bytes([first, n])
    elif n < 65536:
        head = bytes([first, 126]) + n.to_bytes(2, "big")
    else:
        head = bytes([first, 127]) + n.to_bytes(8, "big")
    return head + payload


BAD_FRAMES = {
    "rsv": frame(0xC1, b"hi"),  # FIN, RSV1, text
    "opcode3": frame(0x83, b"x"),
    "ping126": frame(0x89, b"p" * 126),
    "fragmented-ping": frame(0x09, b"p"),  # ping without FIN
    "bad-utf8": frame(0x81, b"\xc3\x28"),
    "close999": frame(0x88, (999).to_bytes(2, "big") + b"bye"),
    "close1byte": frame(0x88, b"\x03"),
    "continuation": frame(0x80, b"more"),
    "new-in-fragmented": frame(0x01, b"part") + frame(0x81, b"new"),
    "length-2-63": frame(0x82, b"", (1 << 63) - 1),
    "big-single": frame(0x82, b"b" * 200 * 1024),
    "big-fragmented": frame(0x02, b"b" * 100 * 1024) + frame(0x80, b"b" * 100 * 1024),
}


def accept_for(key):
    return base64.b64encode(hashlib.sha1(key + GUID).digest())


async def handle(reader, writer):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.close()
        return
    lines = head.split(b"\r\n")
    parts = lines[0].decode("latin-1").split(" ")
    path = parts[1] if len(parts) > 1 else "/"
    key = b""
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"sec-websocket-key":
            key = value.strip()
    mode = path.split("?")[0].strip("/").split("/")
    upgrade = b"HTTP/1.1 101 Switching Protocols\r\n"
    try:
        if mode[0] == "status":
            code = int(mode[1])
            body = b"no websocket here\n"
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\n\r\n%s"
                         % (code, REASONS.get(code, "Status").encode(), len(body), body))
        elif mode[0] == "drop":
            pass
        elif mode[0] == "silent":
            await asyncio.sleep(3600)
        elif mode[0] == "bad-accept":
            writer.write(upgrade + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept_for(b"not the key") + b"\r\n\r\n")
        elif mode[0] == "no-upgrade":
            writer.write(upgrade + b"Connection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept_for(key) + b"\r\n\r\n")
        elif mode[0] == "huge-headers":
            writer.write(upgrade)
            for i in range(1024):
                writer.write(b"X-Filler-%04d: %s\r\n" % (i, b"f" * 50))
            writer.write(b"\r\n")
        elif mode[0] == "endless-line":
            writer.write(upgrade + b"X-Endless: ")
            for _ in range(4096):
                writer.write(b"e" * 1024)
                await writer.drain()
        elif mode[0] == "frame":
            writer.write(upgrade + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept_for(key) + b"\r\n\r\n")
            writer.write(BAD_FRAMES[mode[1]])
            await writer.drain()
            # Stay for the client's close frame, then go.
            try:
                await asyncio.wait_for(reader.read(65536), 5)
            except (asyncio.TimeoutError, ConnectionError):
                pass
        elif mode[0] == "ok":
            writer.write(upgrade + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept_for(key) + b"\r\n\r\n")
            await writer.drain()
            await asyncio.sleep(3600)
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    plain = await asyncio.start_server(handle, "127.0.0.1", 0)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    secure = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    print("PORT %d" % plain.sockets[0].getsockname()[1], flush=True)
    print("TLSPORT %d" % secure.sockets[0].getsockname()[1], flush=True)
    async with plain, secure:
        await asyncio.gather(plain.serve_forever(), secure.serve_forever())


if __name__ == "__main__":
    asyncio.run(main())
