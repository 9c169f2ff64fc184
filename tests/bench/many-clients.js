// Opens COUNT WebSocket clients (npm `ws`) to URL and holds them, for the server benchmarks.
// Usage: node many-clients.js URL COUNT
// Prints "OPEN <count> <ms>" once all are open. Then, for each line "broadcast" on stdin,
// client 0 sends "broadcast-now" and it prints "BROADCAST <ms>" once every client has its
// "tick": the time from the send to the last arrival. "quit" closes them all.
'use strict';
const path = require('path');
const readline = require('readline');
const WebSocket = require(path.join(__dirname, '..', 'peers', 'node_modules', 'ws'));

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const clients = [];
let ticks = 0;
let sentAt = 0;

const onMessage = (data) => {
    if (data.length === 4 && ++ticks === count)
        process.stdout.write(`BROADCAST ${(Number(process.hrtime.bigint() - sentAt) / 1e6).toFixed(2)}\n`);
};

async function openAll() {
    const started = Date.now();
    const batch = 200; // a listen backlog is finite: open in batches
    for (let i = 0; i < count; i += batch) {
        const opening = [];
        for (let j = i; j < Math.min(count, i + batch); ++j) {
            const socket = new WebSocket(url, { perMessageDeflate: false });
            socket.on('message', onMessage);
            socket.on('error', (e) => { process.stdout.write(`ERROR ${e.message}\n`); process.exit(1); });
            clients.push(socket);
            opening.push(new Promise((resolve) => socket.once('open', resolve)));
        }
        await Promise.all(opening);
    }
    process.stdout.write(`OPEN ${count} ${Date.now() - started}\n`);
}

openAll();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'broadcast') {
        ticks = 0;
        sentAt = process.hrtime.bigint();
        clients[0].send('broadcast-now');
    } else if (line === 'quit') {
        for (const socket of clients) socket.terminate();
        process.exit(0);
    }
});
