// A WebSocket client built on the npm `ws` package, for Sockscope's interop tests.
// Usage: node ws-client.js URL [--hold] [--ping]
// Sends a text message and a binary message, and prints one JSON line per event. Without
// --hold it closes with 4000 "done" once both echoes are back; with --hold it stays open until
// the server closes, so a test can watch the server's close code. With --ping it first pings
// the server ("p1") and reports the pong.
'use strict';
const WebSocket = require('ws');

const [url, ...flags] = process.argv.slice(2);
const hold = flags.includes('--hold');
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const socket = new WebSocket(url);
let echoes = 0;

socket.on('open', () => {
    report({ event: 'open', protocol: socket.protocol });
    if (flags.includes('--ping'))
        socket.ping('p1');
    socket.send('hello from ws');
    socket.send(Buffer.from([0, 1, 2, 253, 254, 255]));
});
socket.on('message', (data, isBinary) => {
    report({ event: 'message', binary: isBinary, base64: Buffer.from(data).toString('base64') });
    if (++echoes === 2 && !hold)
        socket.close(4000, 'done');
});
socket.on('pong', (data) => report({ event: 'pong', text: data.toString('utf8') }));
socket.on('close', (code, reason) => {
    report({ event: 'close', code, reason: reason.toString('utf8') });
    process.exit(0);
});
socket.on('error', (error) => {
    report({ event: 'error', message: error.message });
    process.exit(1);
});
setTimeout(() => { report({ event: 'timeout' }); process.exit(2); }, 15000).unref();
