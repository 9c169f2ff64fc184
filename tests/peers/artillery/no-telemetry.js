// Preloaded into Artillery by the export test (NODE_OPTIONS=--require): Artillery sends a
// telemetry event to its vendor even with ARTILLERY_DISABLE_TELEMETRY set, and a test here
// sends nothing off this machine. Its telemetry client becomes one that sends nothing.
'use strict';
const Module = require('module');
const load = Module._load;
class SilentPostHog {
    capture() {}
    async shutdownAsync() {}
}
Module._load = function (request, ...rest) {
    if (request === 'posthog-node') return { PostHog: SilentPostHog };
    return load.call(this, request, ...rest);
};
