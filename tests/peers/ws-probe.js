// A scriptable WebSocket client on the npm `ws` package, for Sockscope's server tests.
// Usage: node ws-probe.js URL 'JSON'
// JSON may hold: protocols (array), origin, headers (object; "Host" replaces the Host), send (texts, sent once open), sendBinary (base64
// strings), waitMessages (close with 1000 after this many messages), holdMs (close after this
// long), ca (PEM file to trust), insecure (accept any certificate), ping (a text to ping with,
// once open).
// Prints one JSON line per event: open, message, close, error, refused (with the HTTP status
// and the response body).
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

const [url, json] = process.argv.slice(2);
const config = JSON.parse(json || '{}');
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const options = {};
if (config.origin) options.origin = config.origin;
if (config.headers) options.headers = config.headers;
if (config.ca) options.ca = fs.readFileSync(config.ca);
if (config.insecure) options.rejectUnauthorized = false;
const socket = new WebSocket(url, config.protocols || [], options);
let received = 0;

socket.on('open', () => {
    report({ event: 'open', protocol: socket.protocol });
    if (config.ping !== undefined) socket.ping(config.ping);
    for (const text of config.send || []) socket.send(text);
    for (const b64 of config.sendBinary || []) socket.send(Buffer.from(b64, 'base64'));
    if (config.holdMs) setTimeout(() => socket.close(1000, 'done'), config.holdMs);
});
socket.on('message', (data, isBinary) => {
    report(isBinary ? { event: 'message', binary: true, base64: Buffer.from(data).toString('base64') }
                    : { event: 'message', binary: false, text: data.toString('utf8') });
    if (config.waitMessages && ++received >= config.waitMessages) socket.close(1000, 'done');
});
socket.on('unexpected-response', (request, response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => { body += chunk; });
    response.on('end', () => {
        report({ event: 'refused', status: response.statusCode, body });
        process.exit(0);
    });
});
socket.on('close', (code, reason) => {
    report({ event: 'close', code, reason: reason.toString('utf8') });
    process.exit(0);
});
socket.on('error', (error) => {
    report({ event: 'error', message: error.message });
    process.exit(0);
});
setTimeout(() => { report({ event: 'timeout' }); process.exit(2); }, 15000).unref();
