import { connect, createServer, type Server, type Socket } from 'node:net';

export interface PausableProxy {
  port: number;
  /** Whether the clients ever sent `text` (a marker in a query, key or id) towards the dependency. */
  received(text: string): boolean;
  /**
   * From the clients' side the dependency freezes as a SIGSTOPped process does: connections stay
   * open and are still accepted, nothing is answered, what they send waits.
   */
  pause(): void;
  /** Delivers what waited, both ways, and forwards again (SIGCONT). */
  resume(): void;
  close(): Promise<void>;
}

interface Pipe {
  to: Socket;
  held: Buffer[];
}

/**
 * A TCP proxy of a test's own in front of one of the stack's services: pausing it hangs the
 * dependency for this test's clients only, never for the other test files sharing the stack.
 */
export async function startPausableProxy(targetHost: string, targetPort: number): Promise<PausableProxy> {
  let paused = false;
  let fromClients = '';
  const pipes: Pipe[] = [];
  const sockets = new Set<Socket>();
  const forward = (from: Socket, pipe: Pipe, count: boolean) => {
    from.on('data', (chunk: Buffer) => {
      if (count) fromClients += chunk.toString('latin1');
      if (paused) pipe.held.push(chunk);
      else pipe.to.write(chunk);
    });
    from.on('close', () => pipe.to.destroy());
    from.on('error', () => pipe.to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    const toUpstream: Pipe = { to: upstream, held: [] };
    const toClient: Pipe = { to: client, held: [] };
    pipes.push(toUpstream, toClient);
    forward(client, toUpstream, true);
    forward(upstream, toClient, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    received: (text) => fromClients.includes(text),
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const pipe of pipes) {
        for (const chunk of pipe.held.splice(0)) if (!pipe.to.destroyed) pipe.to.write(chunk);
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
