// Clients nobody here wrote, run against Sockscope's mock server for tst_decoderpeers (the
// server's log decodes what they send): node decoder-clients.js socketio|signalr|stomp URL
// Prints one JSON line {"event":"done",...} when its exchange is over.
'use strict';
const [kind, url] = process.argv.slice(2);
const done = (extra) => {
    console.log(JSON.stringify({ event: 'done', ...extra }));
    setTimeout(() => process.exit(0), 200);
};
const fail = (error) => {
    console.log(JSON.stringify({ event: 'error', error: String(error) }));
    process.exit(1);
};
setTimeout(() => fail('timed out'), 10000);

if (kind === 'socketio') {
    const { io } = require('socket.io-client');
    const socket = io(url, { transports: ['websocket'], reconnection: false });
    socket.on('connect_error', fail);
    socket.on('connect', () => {
        socket.emit('hello', 'world', (answer) => {
            socket.disconnect();
            done({ answer });
        });
    });
} else if (kind === 'jsonrpc') {
    const WebSocket = require('ws');
    const { JSONRPCClient } = require('json-rpc-2.0');
    const ws = new WebSocket(url);
    const client = new JSONRPCClient((request) => ws.send(JSON.stringify(request)));
    ws.on('message', (data) => client.receive(JSON.parse(data.toString())));
    ws.on('error', fail);
    ws.on('open', () => {
        client.request('subscribe', ['trades'])
            .then((answer) => { ws.close(); done({ answer }); })
            .catch(fail);
    });
} else if (kind === 'signalr') {
    const signalR = require('@microsoft/signalr');
    const connection = new signalR.HubConnectionBuilder()
        .withUrl(url, { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
        .configureLogging(signalR.LogLevel.None)
        .build();
    connection.start()
        .then(() => connection.invoke('Ping', 'sockscope'))
        .then((answer) => connection.stop().then(() => done({ answer })))
        .catch(fail);
} else if (kind === 'stomp') {
    Object.assign(global, { WebSocket: require('ws') });
    const { Client } = require('@stomp/stompjs');
    const client = new Client({ brokerURL: url, reconnectDelay: 0, heartbeatIncoming: 0, heartbeatOutgoing: 0 });
    client.onConnect = () => {
        client.subscribe('/topic/prices', () => {});
        client.publish({ destination: '/queue/orders', body: JSON.stringify({ type: 'order', qty: 3 }) });
        setTimeout(() => client.deactivate().then(() => done({})), 200);
    };
    client.onStompError = (frame) => fail(frame.headers.message);
    client.activate();
} else {
    fail(`unknown client ${kind}`);
}
