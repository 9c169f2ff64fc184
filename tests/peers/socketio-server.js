// A socket.io 4 server for tst_decoderpeers: events, acks, a namespace with auth, binary.
// Prints "PORT <n>" once listening. Arguments: [pingIntervalMs] [pingTimeoutMs].
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const server = http.createServer();
const [pingInterval = 1000, pingTimeout = 5000] = process.argv.slice(2).map(Number);
const io = new Server(server, { pingInterval, pingTimeout });
io.on('connection', (socket) => {
    socket.on('chat', (...args) => socket.emit('chat', ...args));
    socket.on('echo', (payload, ack) => ack({ echoed: payload }));
    socket.on('getfile', () => socket.emit('file', Buffer.from([0xca, 0xfe, 0xba, 0xbe]), 'cafe.bin'));
});
const admin = io.of('/admin');
admin.use((socket, next) => {
    if (socket.handshake.auth && socket.handshake.auth.token === 'letmein')
        next();
    else
        next(new Error('Not authorized'));
});
admin.on('connection', (socket) => socket.emit('welcome', 'admin'));
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
