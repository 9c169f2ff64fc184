// Servers nobody here wrote, for the composer's protocol helpers (tst_decoderpeers): what the
// frames Sockscope builds get from the real thing. Prints "PORT <n>".
//   node protocol-servers.js mqtt      an aedes MQTT broker over WebSocket (subprotocol mqtt)
//   node protocol-servers.js graphql   a graphql-ws server (graphql-transport-ws) with
//                                      Query.hello and Subscription.greetings (three, then done)
//   node protocol-servers.js jsonrpc   a json-rpc-2.0 server over ws: add(a, b), and a
//                                      notification "log" it answers with nothing
'use strict';
const { WebSocketServer, createWebSocketStream } = require('ws');

const kind = process.argv[2];

function listen(options) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
    wss.on('listening', () => console.log(`PORT ${wss.address().port}`));
    return wss;
}

(async () => {
    if (kind === 'mqtt') {
        const { Aedes } = require('aedes');
        const broker = await Aedes.createBroker();
        const wss = listen({ handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
        wss.on('connection', (ws) => broker.handle(createWebSocketStream(ws)));
    } else if (kind === 'graphql') {
        const { buildSchema } = require('graphql');
        const { useServer } = require('graphql-ws/lib/use/ws');
        const schema = buildSchema('type Query { hello: String } type Subscription { greetings: String }');
        const roots = {
            query: { hello: () => 'world' },
            subscription: {
                greetings: async function* () {
                    for (const hi of ['Hi', 'Bonjour', 'Hola'])
                        yield { greetings: hi };
                },
            },
        };
        useServer({ schema, roots }, listen({}));
    } else if (kind === 'jsonrpc') {
        const { JSONRPCServer } = require('json-rpc-2.0');
        const server = new JSONRPCServer();
        server.addMethod('add', ([a, b]) => a + b);
        server.addMethod('log', () => undefined);
        listen({}).on('connection', (ws) => {
            ws.on('message', async (data) => {
                const response = await server.receive(JSON.parse(data.toString()));
                if (response)
                    ws.send(JSON.stringify(response));
            });
        });
    } else {
        console.error(`protocol-servers.js: unknown kind ${kind}`);
        process.exit(2);
    }
})();
