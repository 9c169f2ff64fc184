// tests/decoders/proto/market/quote.proto loaded with protobufjs, the way a user's project
// roots its imports (market/venue.proto from the proto folder); field names as the file has
// them. Used by decoder-samples.js and protobuf-feed.js.
'use strict';
const path = require('path');
const protobuf = require('protobufjs');

const protoRoot = path.join(__dirname, '..', 'decoders', 'proto');

function loadQuote() {
    const root = new protobuf.Root();
    root.resolvePath = (origin, target) =>
        target.startsWith('google/') ? protobuf.util.path.resolve(origin, target) : path.join(protoRoot, target);
    root.loadSync('market/quote.proto', { keepCase: true });
    return root.lookupType('market.Quote');
}

module.exports = { loadQuote };
