/**
 * An HTTP/1.1 load balancer between Restate and its workers, as a deployment behind one URL
 * has in production: each request goes to the next worker in turn, skipping drained ones; a
 * worker that cannot be reached gets a 502, which Restate retries.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Balancer = AsyncDisposable & {
  url: string;
  /** Requests each worker has answered or is answering, by index. */
  served: number[];
  /**
   * Stops sending `worker` new requests and resolves once it has at most `open` requests left:
   * then it can be killed with no request but those caught between running and answering.
   */
  retire(worker: number, open: number): Promise<void>;
  close(): Promise<void>;
};

export async function startBalancer(workers: string[]): Promise<Balancer> {
  const served = workers.map(() => 0);
  const open = workers.map(() => 0);
  const drained = new Set<number>();
  const waiters: Array<() => void> = [];
  let next = 0;
  const pick = () => {
    for (let tries = 0; tries < workers.length; tries++) {
      const worker = next++ % workers.length;
      if (!drained.has(worker)) return worker;
    }
    return 0;
  };
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const worker = pick();
    served[worker]!++;
    open[worker]!++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      open[worker]!--;
      for (const wake of waiters.splice(0)) wake();
    };
    const target = new URL(incoming.url ?? "/", workers[worker]);
    const upstream = forward(target, { method: incoming.method, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
      response.on("end", finish);
      response.on("error", () => outgoing.destroy());
    });
    upstream.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
      finish();
    });
    outgoing.on("close", finish);
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    async retire(worker, left) {
      drained.add(worker);
      while (open[worker]! > left) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
