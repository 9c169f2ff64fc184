// A feed of protobuf messages (market.Quote of tests/decoders/proto/market/quote.proto, written
// by protobufjs) for the real-window test: each client gets three quotes on connecting.
// Prints "PORT <n>".
'use strict';
const { WebSocketServer } = require('ws');
const { loadQuote } = require('./quote-proto');

const Quote = loadQuote();

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => console.log(`PORT ${wss.address().port}`));
wss.on('connection', (ws) => {
    for (const [symbol, price] of [['ACME', 1.25], ['INIT', 20.5], ['ZETA', 3]])
        ws.send(Quote.encode(Quote.fromObject({ symbol, price, size: 100, side: 'BID' })).finish());
});
