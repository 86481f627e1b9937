import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

// socket.io-client's engine (engine.io-client) bundles every transport it knows: WebSocket,
// WebTransport (HTTP/3, which this server does not speak) and long-polling over
// XMLHttpRequest. client/lib/socket.ts asks for 'websocket', then 'polling' when a network
// blocks WebSockets: this plugin gives the engine those two only, long-polling done with
// fetch() (engine.io-client's own Fetch transport, same protocol, a third of the code).
// About 1 KB of gzip off every page that talks to the server live (docs/performance.md).

const UNUSED = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/](transports[\\/](polling-xhr|webtransport|websocket\.node|polling-xhr\.node)\.js|contrib[\\/]has-cors\.js)$/;
const VIRTUAL = '\0convergence:socket-transports';

export function socketTransports(): Plugin {
  let transportsDir = '';
  return {
    name: 'convergence:socket-transports',
    apply: 'build',
    enforce: 'pre',
    // What engine.io-client's index re-exports for other uses (XMLHttpRequest polling, which
    // registers an unload listener when loaded; WebTransport; the Node.js transports) is left
    // out unless imported by name.
    config: () => ({ build: { rolldownOptions: { treeshake: { moduleSideEffects: [{ test: UNUSED, sideEffects: false }] } } } }),
    resolveId(source, importer) {
      if (source !== './transports/index.js' || !importer || !/[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer)) return null;
      transportsDir = join(dirname(importer), 'transports');
      return VIRTUAL;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      const ws = JSON.stringify(join(transportsDir, 'websocket.js'));
      const fetchPolling = JSON.stringify(join(transportsDir, 'polling-fetch.js'));
      return `import { WS } from ${ws};\nimport { Fetch } from ${fetchPolling};\nexport const transports = { websocket: WS, polling: Fetch };\n`;
    },
  };
}
