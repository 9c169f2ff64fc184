// Messages made by the protocols' own libraries (nobody here wrote them), for tst_decoders:
// conversations of one connection each, with what Sockscope's decoders must make of every
// message. Prints one JSON array.
//   { name, url, subprotocol, decodeAs, messages: [{ dir, binary, base64, atMs, expect }] }
// expect: { summary: regex, fields: { name: value }, json: { path: value }, notIn: [text] }
'use strict';
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const eio = require('engine.io-parser');
const sio = require('socket.io-parser');
const mqttPacket = require('mqtt-packet');
const { FrameImpl } = require('@stomp/stompjs');
const { stringifyMessage } = require('graphql-ws');
const { JSONRPCClient, JSONRPCServer } = require('json-rpc-2.0');
const { JsonHubProtocol } = require('@microsoft/signalr');
const { pack } = require('msgpackr');
const protobuf = require('protobufjs');
const { loadQuote } = require('./quote-proto');

const b64 = (x) => Buffer.from(x).toString('base64');
const conversations = [];
let messages;
let at;
function start(name, url, subprotocol, decodeAs) {
    messages = [];
    at = 0;
    conversations.push({ name, url, subprotocol: subprotocol || '', decodeAs: decodeAs || '', messages });
}
function msg(dir, data, expect, after = 5) {
    at += after;
    const binary = typeof data !== 'string';
    messages.push({ dir, binary, base64: b64(data), atMs: at, expect });
}

// Socket.IO v4 over Engine.IO v4: what a socket.io server and client write.
function engineText(type, data) {
    let out;
    eio.encodePacket({ type, data }, true, (encoded) => (out = encoded));
    return out;
}
function socketPackets(packet) {
    return new sio.Encoder().encode(packet).map((p) => (typeof p === 'string' ? engineText('message', p) : p));
}
start('socket.io', 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket');
msg('received', engineText('open', JSON.stringify({ sid: 'abc123', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 })),
    { summary: '^open sid=abc123, ping every 25000 ms$', fields: { engine: 'open', sid: 'abc123' } });
msg('sent', socketPackets({ type: sio.PacketType.CONNECT, nsp: '/' })[0], { summary: '^connect /$', fields: { packet: 'connect', namespace: '/' } });
msg('received', socketPackets({ type: sio.PacketType.CONNECT, nsp: '/', data: { sid: 'S1' } })[0], { summary: '^connected / sid=S1$' });
msg('sent', socketPackets({ type: sio.PacketType.CONNECT, nsp: '/admin', data: { token: 'abc' } })[0],
    { summary: '^connect /admin \\{"token":"abc"\\}$', fields: { namespace: '/admin' }, json: { token: 'abc' } });
msg('sent', socketPackets({ type: sio.PacketType.EVENT, nsp: '/', data: ['chat', 'hi'] })[0],
    { summary: '^emit "chat" \\["hi"\\]$', fields: { event: 'chat', packet: 'event' }, json: { '0': 'hi' } });
msg('sent', socketPackets({ type: sio.PacketType.EVENT, nsp: '/admin', id: 3, data: ['kick', { user: 'bob' }] })[0],
    { summary: '^emit /admin "kick" \\[\\{"user":"bob"\\}\\] ack 3$', fields: { event: 'kick', ack: '3', namespace: '/admin' }, json: { '0.user': 'bob' } });
msg('received', socketPackets({ type: sio.PacketType.ACK, nsp: '/admin', id: 3, data: ['done'] })[0],
    { summary: '^ack /admin 3 of "kick" \\["done"\\] in 12 ms$', fields: { ack: '3', event: 'kick', latency: '12' } }, 12);
const binaryEvent = socketPackets({ type: sio.PacketType.EVENT, nsp: '/', data: ['upload', Buffer.from([1, 2, 3]), Buffer.from([4])] });
msg('sent', binaryEvent[0], { summary: '^emit "upload" \\[\\{"_placeholder":true,"num":0\\},.*, 2 attachments$', fields: { event: 'upload', packet: 'binary_event' } });
msg('sent', binaryEvent[1], { summary: '^attachment 1 of 2 "upload"$' });
msg('sent', binaryEvent[2], { summary: '^attachment 2 of 2 "upload"$' });
msg('received', engineText('ping'), { summary: '^ping$', fields: { packet: 'ping' } });
msg('sent', engineText('pong'), { summary: '^pong$' });
msg('received', socketPackets({ type: sio.PacketType.CONNECT_ERROR, nsp: '/secret', data: { message: 'Not authorized' } })[0],
    { summary: '^connect_error /secret "Not authorized"$' });
msg('sent', socketPackets({ type: sio.PacketType.DISCONNECT, nsp: '/admin' })[0], { summary: '^disconnect /admin$' });
msg('received', 'x not engine.io', { summary: '^Socket.IO: An Engine.IO packet starts with its type, 0 to 6$' });

// MQTT 3.1.1 and 5, as mqtt.js writes them.
const gen = (packet, version = 4) => mqttPacket.generate(packet, { protocolVersion: version });
start('mqtt 3.1.1', 'ws://127.0.0.1:8883/mqtt', 'mqtt');
msg('sent', gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'sensor-1', clean: true, keepalive: 60, username: 'ann', password: Buffer.from('hunter2') }),
    { summary: '^CONNECT sensor-1 v3\\.1\\.1$', fields: { packet: 'CONNECT', client: 'sensor-1' }, notIn: ['hunter2'] });
msg('received', gen({ cmd: 'connack', returnCode: 0, sessionPresent: false }), { summary: '^CONNACK accepted$' });
msg('sent', gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 1 }, { topic: 'alerts', qos: 0 }] }),
    { summary: '^SUBSCRIBE sensors/# qos1, alerts qos0 #1$', fields: { topic: 'sensors/#', id: '1' } });
msg('received', gen({ cmd: 'suback', messageId: 1, granted: [1, 0] }), { summary: '^SUBACK #1 qos1, qos0$' });
msg('received', gen({ cmd: 'publish', topic: 'sensors/1', qos: 1, messageId: 12, payload: JSON.stringify({ type: 'reading', t: 21.5 }) }),
    { summary: '^PUBLISH sensors/1 qos1 #12$', fields: { topic: 'sensors/1', qos: '1', id: '12' }, json: { type: 'reading', t: '21.5' } });
msg('sent', gen({ cmd: 'puback', messageId: 12 }), { summary: '^PUBACK #12$' });
msg('received', gen({ cmd: 'publish', topic: 'alerts', qos: 0, retain: true, payload: 'door open' }), { summary: '^PUBLISH alerts qos0 retained$' });
msg('sent', gen({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['alerts'] }), { summary: '^UNSUBSCRIBE alerts #2$' });
msg('received', gen({ cmd: 'unsuback', messageId: 2 }), { summary: '^UNSUBACK #2$' });
msg('sent', gen({ cmd: 'pingreq' }), { summary: '^PINGREQ$' });
msg('received', gen({ cmd: 'pingresp' }), { summary: '^PINGRESP$' });
msg('sent', Buffer.concat([gen({ cmd: 'pingreq' }), gen({ cmd: 'disconnect' })]), { summary: '^PINGREQ; DISCONNECT$' });
// A packet cut short: it may yet be completed by the next message, and says so. A message of
// whole packets after it is read by itself, not as the rest of the cut packet.
msg('received', Buffer.from([0x30, 0x7f, 0x00]), { summary: "^MQTT: This message holds only a PUBLISH packet's first 3 of 129 bytes; the message that completes it shows it$" });
msg('received', gen({ cmd: 'pingresp' }), { summary: '^PINGRESP$' });

start('mqtt 5', 'ws://127.0.0.1:8883/mqtt', 'mqtt');
msg('sent', gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'dash', clean: true, keepalive: 30, properties: { sessionExpiryInterval: 300, userProperties: { app: 'sockscope' } } }, 5),
    { summary: '^CONNECT dash v5$' });
msg('received', gen({ cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { topicAliasMaximum: 10 } }, 5), { summary: '^CONNACK success$' });
msg('received', gen({ cmd: 'publish', topic: 'sensors/kitchen/temp', qos: 1, messageId: 7, payload: JSON.stringify({ type: 'trade', v: 3 }), properties: { contentType: 'application/json', messageExpiryInterval: 60 } }, 5),
    { summary: '^PUBLISH sensors/kitchen/temp qos1 #7$', fields: { topic: 'sensors/kitchen/temp' }, json: { type: 'trade' } });
msg('sent', gen({ cmd: 'puback', messageId: 7, reasonCode: 16 }, 5), { summary: '^PUBACK #7 reason 0x10$' });
msg('received', gen({ cmd: 'disconnect', reasonCode: 0x8e }, 5), { summary: '^DISCONNECT reason 0x8e$' });

// STOMP 1.2, as stompjs writes it.
const stomp = (command, headers, body) => new FrameImpl({ command, headers, body }).serialize();
start('stomp', 'ws://127.0.0.1:15674/ws', 'v12.stomp');
msg('sent', stomp('CONNECT', { 'accept-version': '1.2', host: 'broker', 'heart-beat': '10000,10000' }), { summary: '^CONNECT host broker$', fields: { command: 'CONNECT' } });
msg('received', stomp('CONNECTED', { version: '1.2', 'heart-beat': '0,0' }), { summary: '^CONNECTED version 1\\.2$' });
msg('sent', stomp('SUBSCRIBE', { id: 'sub-0', destination: '/topic/prices' }), { summary: '^SUBSCRIBE /topic/prices as sub-0$', fields: { destination: '/topic/prices', id: 'sub-0' } });
msg('received', stomp('MESSAGE', { destination: '/topic/prices', subscription: 'sub-0', 'message-id': 'm-1', 'content-type': 'application/json' }, JSON.stringify({ type: 'trade', price: 101.5 })),
    { summary: '^MESSAGE /topic/prices$', fields: { destination: '/topic/prices', subscription: 'sub-0', 'message-id': 'm-1' }, json: { type: 'trade', price: '101.5' } });
msg('sent', stomp('SEND', { destination: '/queue/orders', 'content-type': 'text/plain' }, 'buy 10'), { summary: '^SEND /queue/orders$' });
msg('received', '\n', { summary: '^heart-beat$' });
msg('received', stomp('ERROR', { message: 'bad destination' }, 'details'), { summary: '^ERROR "bad destination"$' });
msg('sent', stomp('DISCONNECT', { receipt: 'r-9' }), { summary: '^DISCONNECT$', fields: { receipt: 'r-9' } });

// GraphQL over WebSocket: graphql-transport-ws as graphql-ws writes it.
start('graphql-transport-ws', 'ws://127.0.0.1:4000/graphql', 'graphql-transport-ws');
msg('sent', stringifyMessage({ type: 'connection_init', payload: { token: 't' } }), { summary: '^connection_init$', fields: { type: 'connection_init' } });
msg('received', stringifyMessage({ type: 'connection_ack' }), { summary: '^connection_ack$' });
msg('sent', stringifyMessage({ id: '1', type: 'subscribe', payload: { query: 'subscription OnPrice($s: String!) { price(symbol: $s) }', variables: { s: 'ACME' } } }),
    { summary: '^subscribe #1 OnPrice$', fields: { operation: 'OnPrice', id: '1' } });
msg('received', stringifyMessage({ id: '1', type: 'next', payload: { data: { price: 12.5 } } }),
    { summary: '^next #1 OnPrice \\{"data":\\{"price":12\\.5\\}\\} in 30 ms$', fields: { operation: 'OnPrice', latency: '30' }, json: { 'payload.data.price': '12.5' } }, 30);
msg('received', stringifyMessage({ id: '1', type: 'next', payload: { data: { price: 12.75 } } }), { summary: '^next #1 OnPrice \\{"data":\\{"price":12\\.75\\}\\}$' });
msg('sent', stringifyMessage({ id: '1', type: 'complete' }), { summary: '^complete #1 OnPrice$' });
msg('sent', stringifyMessage({ type: 'ping' }), { summary: '^ping$' });
// The older subscriptions-transport-ws (subprotocol graphql-ws); its library is deprecated, so
// these are its messages as its protocol document gives them.
start('subscriptions-transport-ws', 'ws://127.0.0.1:4000/graphql', 'graphql-ws');
msg('sent', JSON.stringify({ type: 'connection_init', payload: {} }), { summary: '^connection_init$' });
msg('received', JSON.stringify({ type: 'ka' }), { summary: '^ka$' });
msg('sent', JSON.stringify({ id: '7', type: 'start', payload: { query: '{ hello }' } }), { summary: '^start #7 hello$' });
msg('received', JSON.stringify({ id: '7', type: 'data', payload: { data: { hello: 'world' } } }), { summary: '^data #7 hello .* in 8 ms$' }, 8);
msg('sent', JSON.stringify({ id: '7', type: 'stop' }), { summary: '^stop #7 hello$' });

// JSON-RPC 2.0, as json-rpc-2.0's client and server write it (recognised without a subprotocol).
start('json-rpc', 'ws://127.0.0.1:8545/');
const rpc = [];
const client = new JSONRPCClient((request) => { rpc.push(request); return Promise.resolve(); });
const server = new JSONRPCServer();
server.addMethod('subscribe', ([channel]) => ({ subscribed: channel }));
client.request('subscribe', ['trades']);
client.notify('heartbeat', { n: 1 });
client.request('nope', []);
(async () => {
    const [call, note, bad] = rpc;
    msg('sent', JSON.stringify(note), { summary: '^notify heartbeat \\{"n":1\\}$', fields: { method: 'heartbeat', kind: 'notification' } });
    msg('sent', JSON.stringify(call), { summary: `^call subscribe #${call.id} \\["trades"\\]$`, fields: { method: 'subscribe', kind: 'request', protocol: 'JSON-RPC' } });
    msg('received', JSON.stringify(await server.receive(call)),
        { summary: `^result #${call.id} \\{"subscribed":"trades"\\} \\(subscribe\\) in 12 ms$`, fields: { method: 'subscribe', kind: 'result', latency: '12' }, json: { 'result.subscribed': 'trades' } }, 12);
    msg('sent', JSON.stringify(bad), {});
    msg('received', JSON.stringify(await server.receive(bad)), { summary: `^error #${bad.id} -32601 Method not found \\(nope\\) in 3 ms$`, fields: { kind: 'error', method: 'nope' } }, 3);

    // SignalR's JSON hub protocol, as @microsoft/signalr writes it.
    const hub = new JsonHubProtocol();
    start('signalr', 'ws://127.0.0.1:5000/chathub');
    msg('sent', '{"protocol":"json","version":1}\x1e', { summary: '^handshake json v1$', fields: { type: 'handshake' } });
    msg('received', '{}\x1e', { summary: '^handshake accepted$' });
    msg('sent', hub.writeMessage({ type: 1, target: 'SendMessage', arguments: ['ann', 'hello'], invocationId: '1' }),
        { summary: '^invoke SendMessage \\["ann","hello"\\] #1$', fields: { target: 'SendMessage', id: '1', type: 'invocation' } });
    msg('received', hub.writeMessage({ type: 3, invocationId: '1', result: 'ok' }), { summary: '^completion #1 \\(SendMessage\\) "ok" in 9 ms$', fields: { target: 'SendMessage' } }, 9);
    msg('received', hub.writeMessage({ type: 6 }), { summary: '^ping$' });
    msg('received', hub.writeMessage({ type: 1, target: 'ReceiveMessage', arguments: ['bob', 'hi'] }) + hub.writeMessage({ type: 6 }),
        { summary: '^invoke ReceiveMessage \\["bob","hi"\\]; ping$', fields: { target: 'ReceiveMessage' } });

    // Payload formats, recognised in a plain connection.
    const trade = { type: 'trade', price: 101.5, qty: [1, 2] };
    start('payloads', 'ws://127.0.0.1:9000/feed');
    msg('received', pack(trade), { summary: '^type=trade$', fields: { protocol: 'MessagePack' }, json: { type: 'trade', price: '101.5', 'qty[1]': '2' } });
    const cborg = await import('cborg'); // ESM only
    msg('received', Buffer.from(cborg.encode(trade)), { summary: '^type=trade$', fields: { protocol: 'CBOR' }, json: { type: 'trade', 'qty.0': '1' } });
    msg('received', zlib.gzipSync(JSON.stringify(trade)), { summary: '^type=trade$', fields: { protocol: 'JSON' }, json: { type: 'trade' } });
    msg('received', zlib.deflateSync(JSON.stringify({ event: 'tick' })), { summary: '^event=tick$', fields: { protocol: 'zlib' } });
    msg('received', zlib.gzipSync(pack(trade)), { summary: '^type=trade$', fields: { protocol: 'MessagePack' } });
    msg('received', JSON.stringify(trade), { summary: '^type=trade$', json: { 'qty[0]': '1' } });
    msg('received', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), { summary: '^gzip: The compressed stream ends early$' });
    try {
        const zst = execFileSync('zstd', ['-q', '-c'], { input: JSON.stringify({ type: 'zstd-trade' }) });
        msg('received', zst, { summary: '^type=zstd-trade$', fields: { protocol: 'zstd' } });
    } catch (e) {
        process.stderr.write('decoder-samples: no zstd command, the zstd sample is left out\n');
    }

    // MQTT over WebSocket need not align packets on messages (MQTT 3.1.1, 6.0): an aedes broker
    // writes a CONNACK a byte or two at a time; a message may end one packet and start the next.
    start('mqtt split across messages', 'ws://127.0.0.1:9000/mqtt', 'mqtt');
    const connack = mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false });
    msg('received', connack.subarray(0, 1), { summary: '^MQTT: This message holds only the start of a CONNACK packet; the message that completes it shows it$' });
    msg('received', connack.subarray(1, 3), { summary: "^MQTT: This message holds only a CONNACK packet's first 3 of 4 bytes; the message that completes it shows it$" });
    msg('received', connack.subarray(3), { summary: '^CONNACK accepted$', fields: { packet: 'CONNACK' } });
    const pub = mqttPacket.generate({ cmd: 'publish', topic: 'sensors/1', payload: JSON.stringify({ t: 21 }), qos: 1, messageId: 5 });
    const suback = mqttPacket.generate({ cmd: 'suback', messageId: 4, granted: [1] });
    msg('received', Buffer.concat([suback, pub.subarray(0, 6)]), { summary: "^SUBACK #4 qos1; and a PUBLISH packet's first 6 of \\d+ bytes$" });
    msg('received', pub.subarray(6), { summary: '^PUBLISH sensors/1 qos1 #5$', fields: { topic: 'sensors/1' }, json: { t: '21' } });
    msg('received', mqttPacket.generate({ cmd: 'pingresp' }), { summary: '^PINGRESP$' });

    // Raw deflate and protobuf carry no mark of their own: "Decode as" picks them.
    start('raw deflate', 'ws://127.0.0.1:9000/feed', '', 'deflate');
    msg('received', zlib.deflateRawSync(JSON.stringify({ type: 'raw' })), { summary: '^type=raw$', fields: { protocol: 'deflate (raw)' } });
    const root = protobuf.parse(`syntax = "proto3";
        message Quote { string symbol = 1; double price = 2; uint32 size = 3; Venue venue = 4; repeated int32 ticks = 5; }
        message Venue { string name = 1; int64 id = 2; }`).root;
    const Quote = root.lookupType('Quote');
    start('protobuf', 'ws://127.0.0.1:9000/feed', '', 'protobuf');
    msg('received', Quote.encode(Quote.create({ symbol: 'ACME', price: 1.25, size: 300, venue: { name: 'XNYS', id: 9 }, ticks: [1, 2, 3] })).finish(),
        { summary: '^1=ACME, 2=fixed64 \\d+, 3=varint 300, 4=message, 2 fields$', fields: { protocol: 'Protobuf' }, json: { '1': 'ACME', '3': '300', '4.1': 'XNYS', '4.2': '9' } });

    // Protobuf with the user's .proto (tests/decoders/proto/, imports from its root): the
    // messages protobufjs writes from the same file, read back by libprotobuf's DynamicMessage.
    const SchemaQuote = loadQuote();
    start('protobuf with a .proto', 'ws://127.0.0.1:9000/quotes', '', 'proto:market.Quote');
    conversations[conversations.length - 1].proto = 'market/quote.proto';
    msg('received', SchemaQuote.encode(SchemaQuote.fromObject({
        symbol: 'ACME', price: 1.25, size: 300, venue: { name: 'XNYS', id: 9 }, ticks: [1, 2, 3], side: 'ASK',
        tags: { desk: 'eq' }, at: { seconds: 1700000000, nanos: 0 }, note: 'first', legs: [{ symbol: 'ACME', ratio: -2 }],
    })).finish(), {
        summary: '^Quote \\{"symbol":"ACME","price":1.25,"size":300,"venue":\\{"name":"XNYS","id":"9"\\}',
        fields: { protocol: 'Protobuf', type: 'market.Quote' },
        json: { symbol: 'ACME', price: '1.25', size: '300', 'venue.name': 'XNYS', 'venue.id': '9', 'ticks.2': '3', side: 'ASK',
            'tags.desk': 'eq', at: '2023-11-14T22:13:20Z', note: 'first', 'legs.0.ratio': '-2' },
    });
    // proto3 leaves defaults out of the bytes; the decoded message shows them.
    msg('received', SchemaQuote.encode(SchemaQuote.fromObject({ sequence: 42 })).finish(), {
        summary: '^Quote \\{"symbol":"","price":0,"size":0,',
        json: { sequence: '42', symbol: '', side: 'SIDE_UNSPECIFIED' },
    });
    // A newer sender's field the .proto does not have yet is counted, not dropped silently.
    const Newer = protobuf.parse('syntax = "proto3"; message Newer { string symbol = 1; string venue_code = 99; }').root.lookupType('Newer');
    msg('received', Newer.encode(Newer.create({ symbol: 'NEW', venueCode: 'X' })).finish(), {
        summary: '^Quote \\{"symbol":"NEW".*\\(\\+1 unknown fields\\)$', json: { symbol: 'NEW' },
    });
    // Bytes that are not a Quote at all (a length running past the end).
    const notQuote = '^Protobuf: Not a market.Quote message: its bytes do not read as one \\(a length, a wire type or a text field that is not UTF-8\\)$';
    msg('received', Buffer.from([0x0a, 0x7f, 0x41]), { summary: notQuote });
    // proto3 text must be UTF-8: a symbol of bytes 0xff 0xfe is not a Quote.
    msg('received', Buffer.from([0x0a, 0x02, 0xff, 0xfe]), { summary: notQuote });

    process.stdout.write(JSON.stringify(conversations));
})();
