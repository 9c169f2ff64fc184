// An echo server on the npm `ws` package, as Autobahn|Testsuite's client expects of a server
// under test: each text or binary message goes back as it came. Prints "PORT <n>" once
// listening on 127.0.0.1 (--port N: there rather than on a free port).
'use strict';
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const at = args.indexOf('--port');
const server = new WebSocketServer({ host: '127.0.0.1', port: at >= 0 ? Number(args[at + 1]) : 0 });
server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));
server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    socket.on('error', () => {}); // a protocol error closes the socket; ws has answered it
});
