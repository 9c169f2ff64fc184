// Echo load from clients that are not Qt: COUNT npm `ws` clients to URL, each keeping WINDOW
// text messages of SIZE bytes in flight, until TOTAL have come back.
// Usage: node echo-clients.js URL COUNT WINDOW SIZE TOTAL
// Prints "ECHO <messages per second>" (timed from the first send, once all are open), or
// "ERROR <why>".
'use strict';
const path = require('path');
const WebSocket = require(path.join(__dirname, '..', 'peers', 'node_modules', 'ws'));

const [url, countText, windowText, sizeText, totalText] = process.argv.slice(2);
const count = Number(countText);
const window = Number(windowText);
const total = Number(totalText);
const payload = 'e'.repeat(Number(sizeText));
const clients = [];
let open = 0;
let sent = 0;
let received = 0;
let started = 0n;

const fail = (why) => {
    process.stdout.write(`ERROR ${why}\n`);
    process.exit(1);
};
setTimeout(() => fail(`timed out with ${received} of ${total} back`), 120000).unref();

function start() {
    started = process.hrtime.bigint();
    for (const socket of clients) {
        for (let k = 0; k < window && sent < total; ++k, ++sent)
            socket.send(payload);
    }
}

for (let i = 0; i < count; ++i) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('error', (e) => fail(e.message));
    socket.on('open', () => {
        if (++open === count)
            start();
    });
    socket.on('message', () => {
        if (++received === total) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            process.stdout.write(`ECHO ${(total / seconds).toFixed(0)}\n`);
            for (const each of clients) each.terminate();
            process.exit(0);
        }
        if (sent < total) {
            ++sent;
            socket.send(payload);
        }
    });
    clients.push(socket);
}
