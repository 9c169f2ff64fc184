#!/usr/bin/python3
"""A WebSocket client that sends and never reads, for Sockscope's mock server tests.

Usage: slow-reader.py URL [--count N] [--size BYTES]
Opens URL (ws:// only) with a small receive buffer, sends N binary messages of BYTES each
(masked, as a client must), and then never reads again: everything the server sends it stays
in the server's buffers. Prints "OPEN", then "SENT <n>" once all are written, then "CLOSED"
when the server drops the connection (a small ping it writes every 100 ms fails).
"""
import argparse
import base64
import os
import socket
import struct
import sys
import time
from urllib.parse import urlparse


def frame(payload):
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x82, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x82, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x82, 0x80 | 127, n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload[:4096]))
    # The payload repeats every 4096 bytes, so its masked form does too.
    body = (masked * (n // 4096 + 1))[:n]
    return head + mask + body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--size", type=int, default=1 << 20)
    args = parser.parse_args()
    url = urlparse(args.url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((url.hostname, url.port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n"
                  % (url.path or "/", url.hostname, url.port, key)).encode())
    response = b""
    while b"\r\n\r\n" not in response:
        chunk = sock.recv(1)
        if not chunk:
            sys.exit("no handshake")
        response += chunk
    if b" 101 " not in response.split(b"\r\n")[0]:
        sys.exit("refused: " + response.split(b"\r\n")[0].decode())
    print("OPEN", flush=True)
    payload = bytes(range(256)) * 16
    data = frame((payload * (args.size // len(payload) + 1))[:args.size])
    sent = 0
    try:
        for _ in range(args.count):
            sock.sendall(data)
            sent += 1
    except OSError:
        pass
    print("SENT %d" % sent, flush=True)
    # Never read: wait until the server gives up on us. What it sent is still unread here, so
    # a peek would see data, not the end; a write fails once the server has reset the socket.
    ping = b"\x89\x80" + os.urandom(4)
    while True:
        time.sleep(0.1)
        try:
            sock.send(ping)
        except OSError:
            break
    print("CLOSED", flush=True)


if __name__ == "__main__":
    main()
