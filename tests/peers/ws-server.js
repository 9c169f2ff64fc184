// A WebSocket server built on the npm `ws` package, for Sockscope's interop tests.
// Prints "PORT <n>" once listening on 127.0.0.1, then one JSON line per event it sees.
// Text commands from a client: "close-me CODE REASON" closes with that code, "pong-me" sends an
// unsolicited pong, "ping-me" a ping, "fragment-me" fragmented messages, "split-me" a text
// message split inside a character; anything else is echoed.
'use strict';
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

// --protocols a,b: the subprotocols this server speaks (it picks the client's first that it
// speaks, or none). --big N: "big-me" is answered with an N-byte text message. --port N: listen
// there rather than on a free port. --cert FILE --key FILE: wss:// with that certificate;
// --client-ca FILE then also requires a client certificate signed by that CA.
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const protocols = (option('--protocols') || '').split(',').filter(Boolean);
const bigSize = Number(option('--big') || 0);
const port = Number(option('--port') || 0);
const handleProtocols = (offered) => [...offered].find((p) => protocols.includes(p)) || false;
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');
let server;
if (option('--cert')) {
    const clientCa = option('--client-ca');
    const tls = https.createServer({
        cert: fs.readFileSync(option('--cert')),
        key: fs.readFileSync(option('--key')),
        ca: clientCa ? fs.readFileSync(clientCa) : undefined,
        requestCert: Boolean(clientCa),
        rejectUnauthorized: Boolean(clientCa),
    });
    tls.on('tlsClientError', (error) => report({ event: 'tls-error', message: error.message }));
    server = new WebSocketServer({ server: tls, handleProtocols });
    tls.listen(port, '127.0.0.1', () => process.stdout.write(`PORT ${tls.address().port}\n`));
} else {
    server = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols });
    server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));
}

server.on('connection', (socket, request) => {
    const peerCert = request.socket.getPeerCertificate ? request.socket.getPeerCertificate() : null;
    report({ event: 'open', path: request.url, origin: request.headers.origin || null,
             protocol: socket.protocol, headers: request.headers, rawHeaders: request.rawHeaders,
             clientCertificate: peerCert && peerCert.subject ? peerCert.subject.CN : null });
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
        } else if (text === 'ping-me') {
            socket.ping(Buffer.from('server-ping'));
        } else if (text === 'split-me') {
            // "café" with the é's two bytes in two frames: valid UTF-8 (Qt 6.4 closes with 1007).
            socket.send(Buffer.from([0x63, 0x61, 0x66, 0xc3]), { binary: false, fin: false });
            socket.send(Buffer.from([0xa9]), { binary: false, fin: true });
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
