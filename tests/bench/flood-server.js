// A WebSocket server for the ingest benchmark. The npm `ws` package does the handshake; the
// flood itself is pre-built text frames written straight to the TCP socket, so the sender is
// never the bottleneck and the benchmark measures the receiving side.
// Usage: node flood-server.js COUNT SIZE
// Prints "PORT <n>" once listening on 127.0.0.1. Each client that connects gets COUNT text
// messages of SIZE bytes (SIZE < 126).
'use strict';
const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '..', 'peers', 'node_modules', 'ws'));

const count = Number(process.argv[2] || 1000000);
const size = Math.min(125, Number(process.argv[3] || 100));
const perChunk = 10000;
// One chunk of frames: FIN + text opcode, an unmasked 7-bit length, then the payload.
const frame = Buffer.alloc(2 + size, 'x');
frame[0] = 0x81;
frame[1] = size;
frame.write('{"seq":', 2);
const chunk = Buffer.concat(Array(perChunk).fill(frame));

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));
server.on('connection', (socket) => {
    const tcp = socket._socket;
    let left = count;
    const pump = () => {
        while (left > 0) {
            const n = Math.min(left, perChunk);
            left -= n;
            const ok = tcp.write(n === perChunk ? chunk : chunk.subarray(0, n * frame.length));
            if (!ok) {
                tcp.once('drain', pump);
                return;
            }
        }
    };
    pump();
});
process.on('SIGTERM', () => process.exit(0));
