// The baseline for the server benchmarks: the npm `ws` package doing what bench-rules.json
// asks of Sockscope. "broadcast-now" sends "tick" to every client; anything else is echoed.
// Prints "PORT <n>" once listening on 127.0.0.1.
'use strict';
const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '..', 'peers', 'node_modules', 'ws'));

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 4096 });
server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));
server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
        if (!isBinary && data.length === 13 && data.toString() === 'broadcast-now') {
            for (const client of server.clients) client.send('tick');
        } else {
            socket.send(data, { binary: isBinary });
        }
    });
});
process.on('SIGTERM', () => process.exit(0));
