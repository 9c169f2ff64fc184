// A WebSocket server built on the npm `ws` package, for Sockscope's interop tests.
// Prints "PORT <n>" once listening on 127.0.0.1, then one JSON line per event it sees.
// Text commands from a client: "close-me CODE REASON" closes with that code, "pong-me" sends an
// unsolicited pong, "fragment-me" sends fragmented messages; anything else is echoed.
'use strict';
const { WebSocketServer } = require('ws');

// --protocols a,b: the subprotocols this server speaks (it picks the client's first that it
// speaks, or none). --big N: "big-me" is answered with an N-byte text message.
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const protocols = (option('--protocols') || '').split(',').filter(Boolean);
const bigSize = Number(option('--big') || 0);
const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => [...offered].find((p) => protocols.includes(p)) || false,
});
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');

server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));
server.on('connection', (socket, request) => {
    report({ event: 'open', path: request.url, origin: request.headers.origin || null,
             protocol: socket.protocol, headers: request.headers, rawHeaders: request.rawHeaders });
    socket.on('message', (data, isBinary) => {
        report({ event: 'message', binary: isBinary, base64: Buffer.from(data).toString('base64') });
        const text = isBinary ? '' : data.toString('utf8');
        if (text.startsWith('close-me ')) {
            const [, code, ...reason] = text.split(' ');
            socket.close(Number(code), reason.join(' '));
        } else if (text === 'fragment-me') {
            // One text message in three frames, then one binary message in two.
            socket.send('first-', { fin: false });
            socket.send('second-', { fin: false });
            socket.send('last', { fin: true });
            socket.send(Buffer.from([1, 2, 3]), { binary: true, fin: false });
            socket.send(Buffer.from([4, 5]), { binary: true, fin: true });
        } else if (text === 'big-me') {
            socket.send('b'.repeat(bigSize));
        } else if (text === 'pong-me') {
            socket.pong(Buffer.from('unsolicited'));
        } else {
            socket.send(data, { binary: isBinary });
        }
    });
    socket.on('ping', (data) => report({ event: 'ping', payload: data.toString('utf8') }));
    socket.on('close', (code, reason) => report({ event: 'close', code, reason: reason.toString('utf8') }));
});
process.on('SIGTERM', () => process.exit(0));
