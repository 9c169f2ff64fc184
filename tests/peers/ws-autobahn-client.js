// The npm `ws` client under Autobahn|Testsuite's fuzzing-server protocol, as ws's own
// Autobahn harness drives it: asks for the case count, runs each case (echoing every text and
// binary message back), then asks for the reports. Usage: ws-autobahn-client.js URL [AGENT]
// (URL: ws://127.0.0.1:9001). Prints "DONE <n>" when it has run n cases.
'use strict';
const WebSocket = require('ws');

const base = process.argv[2];
const agent = process.argv[3] || 'ws';

function open(path) {
    return new WebSocket(base + path, { perMessageDeflate: false, maxPayload: 0 });
}

function runCase(n, count) {
    if (n > count) {
        const reports = open('/updateReports?agent=' + encodeURIComponent(agent));
        reports.on('close', () => process.stdout.write(`DONE ${count}\n`));
        return;
    }
    const ws = open(`/runCase?case=${n}&agent=${encodeURIComponent(agent)}`);
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {}); // a case that fails the connection on purpose; close follows
    ws.on('close', () => runCase(n + 1, count));
}

const counter = open('/getCaseCount');
counter.on('message', (data) => runCase(1, Number(data.toString())));
counter.on('error', (e) => {
    process.stderr.write(`ws-autobahn-client: ${e.message}\n`);
    process.exit(1);
});
