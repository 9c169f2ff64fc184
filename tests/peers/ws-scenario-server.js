// A small JSON API on the npm `ws` package, for Sockscope's scenario tests. Prints "PORT <n>"
// once listening on 127.0.0.1, then one JSON line per message it receives.
// On connect it sends {"type":"welcome"}. Requests (JSON text):
//   {"op":"login","user":U}          -> {"type":"login","ok":true,"token":"tok-U"}
//   {"op":"echo","token":T,"data":D} -> {"type":"echo","data":D} when T is a token it gave,
//                                       else {"type":"error","reason":"bad token"}
//   {"op":"subscribe","topic":T}     -> {"type":"subscribed","topic":T}
//   {"op":"bye","code":C}            -> closes with code C and reason "bye"
//   {"op":"count"}                   -> {"type":"count","n":N}, N = 1, 2, ... per connection
//   {"op":"later","ms":M}            -> {"type":"pushed"} M ms later
// Anything else is echoed. --noisy MS: push {"type":"tick","n":N} every MS ms, unrelated to
// any request. --port N: listen there (so a test can restart it on the same port).
'use strict';
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const noisy = Number(option('--noisy') || 0);
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(option('--port') || 0) });
const tokens = new Set();
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');
server.on('listening', () => process.stdout.write(`PORT ${server.address().port}\n`));

server.on('connection', (socket) => {
    const send = (object) => socket.send(JSON.stringify(object));
    send({ type: 'welcome' });
    let timer = null;
    let count = 0;
    if (noisy > 0) {
        let n = 0;
        timer = setInterval(() => send({ type: 'tick', n: ++n }), noisy);
    }
    socket.on('close', () => clearInterval(timer));
    socket.on('message', (data, isBinary) => {
        report({ event: 'message', binary: isBinary, text: isBinary ? null : data.toString() });
        if (isBinary) {
            socket.send(data, { binary: true });
            return;
        }
        let request = null;
        try { request = JSON.parse(data.toString()); } catch (e) { /* not JSON */ }
        if (!request || typeof request.op !== 'string') {
            socket.send(data.toString());
        } else if (request.op === 'login') {
            const token = `tok-${request.user}`;
            tokens.add(token);
            send({ type: 'login', ok: true, token });
        } else if (request.op === 'echo') {
            if (tokens.has(request.token)) send({ type: 'echo', data: request.data });
            else send({ type: 'error', reason: 'bad token' });
        } else if (request.op === 'subscribe') {
            send({ type: 'subscribed', topic: request.topic });
        } else if (request.op === 'count') {
            send({ type: 'count', n: ++count });
        } else if (request.op === 'later') {
            setTimeout(() => send({ type: 'pushed' }), request.ms);
        } else if (request.op === 'bye') {
            socket.close(request.code, 'bye');
        } else {
            socket.send(data.toString());
        }
    });
});
process.on('SIGTERM', () => process.exit(0));
