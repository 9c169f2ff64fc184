// Judges frame streams with the npm `ws` package's own receiver, for comparing Sockscope's
// frame parser with it. Reads lines "C HEX" (frames a client sent: the receiver is a server's)
// or "S HEX" (a server's frames) on stdin; writes one line per stream: "ok", or the code of
// the first error ws raised ("WS_ERR_INVALID_OPCODE", ...). Usage: node ws-receiver-verdicts.js
'use strict';
const readline = require('readline');
const { Receiver } = require('ws'); // ws exports its receiver

async function judge(line) {
    const [side, hex] = line.split(' ');
    const receiver = new Receiver({ isServer: side === 'C', maxPayload: 0 });
    let error = null;
    receiver.on('error', (e) => { if (!error) error = e.code || e.message; });
    receiver.on('conclude', () => receiver.end());
    receiver.write(Buffer.from(hex || '', 'hex'));
    await new Promise((resolve) => setImmediate(resolve));
    return error || 'ok';
}

(async () => {
    const out = [];
    for await (const line of readline.createInterface({ input: process.stdin })) {
        if (line.trim()) out.push(await judge(line));
    }
    process.stdout.write(out.join('\n') + '\n');
})();
