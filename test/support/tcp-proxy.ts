import { connect, createServer, type Socket } from 'node:net';

/** What a fault test can do to the bytes between a client (the API) and a server (Temporal). */
export interface TcpProxy {
  /** `host:port` the client connects to instead of the server. */
  readonly address: string;
  /**
   * From the moment `marker` passes from client to server (e.g. the workflow type inside a StartWorkflowExecution
   * request, which gRPC sends uncompressed), keep forwarding client->server bytes but hold back every
   * server->client byte: the server does what it was asked, and the client never hears the answer.
   */
  withholdAnswersAfter(marker: string): void;
  /** Cuts every connection and refuses new ones: the server looks unreachable. */
  cut(): void;
  /** Forwards what was held back (the client ignores answers to calls it gave up on) and forwards normally again. */
  restore(): void;
  /** Bytes held back so far (proof the switch really caught an answer). */
  readonly heldBytes: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  held: Buffer[];
}

/**
 * A small TCP proxy in front of `target` (`host:port`) for fault tests: transparent until switched. It works below
 * TLS/HTTP2/gRPC, so the client and the server run their real protocol code; only timing and reachability change.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [targetHost, targetPort] = splitAddress(target);
  const pairs = new Set<Pair>();
  let mode: 'forward' | 'armed' | 'withholding' | 'cut' = 'forward';
  let marker = Buffer.alloc(0);
  let heldBytes = 0;

  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.server.destroy();
  };
  const server = createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    const pair: Pair = { client, server: connect(targetPort, targetHost), held: [] };
    pairs.add(pair);
    // The tail of the previous chunk, so a marker split across two TCP chunks is still seen.
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (mode === 'armed') {
        const window = Buffer.concat([tail, chunk]);
        if (window.includes(marker)) {
          mode = 'withholding';
        }
        tail = window.subarray(Math.max(0, window.length - marker.length + 1));
      }
      pair.server.write(chunk);
    });
    pair.server.on('data', (chunk: Buffer) => {
      if (mode === 'withholding') {
        pair.held.push(chunk);
        heldBytes += chunk.length;
      } else pair.client.write(chunk);
    });
    for (const socket of [client, pair.server]) {
      socket.on('error', () => drop(pair));
      socket.on('close', () => drop(pair));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;

  return {
    address: `127.0.0.1:${port}`,
    withholdAnswersAfter(text) {
      marker = Buffer.from(text);
      heldBytes = 0;
      mode = 'armed';
    },
    get heldBytes() {
      return heldBytes;
    },
    cut() {
      mode = 'cut';
      for (const pair of [...pairs]) drop(pair);
    },
    restore() {
      mode = 'forward';
      for (const pair of pairs) {
        for (const chunk of pair.held.splice(0)) pair.client.write(chunk);
      }
    },
    close: async () => {
      for (const pair of [...pairs]) drop(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at) || '127.0.0.1', Number(address.slice(at + 1))];
}
