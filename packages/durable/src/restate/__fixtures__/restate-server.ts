/**
 * A real Restate server for tests: the binary from `@restatedev/restate-server`, on 127.0.0.1
 * ports of its own, with its data in a fresh folder. Ready once it says its admin API and
 * ingress are listening and its health check answers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export type TestRestate = AsyncDisposable & {
  ingress: string;
  admin: string;
  /** Registers the deployment at `uri`, spoken to over HTTP/1.1 (one request per attempt). */
  register(uri: string): Promise<void>;
  close(): Promise<void>;
};

/** The path of the server binary inside the npm package. */
function binary(): string {
  const require = createRequire(import.meta.url);
  const server = require.resolve("@restatedev/restate-server/package.json");
  const platform = createRequire(server);
  return platform.resolve(
    `@restatedev/restate-server-${process.platform}-${process.arch}/bin/restate-server`,
  );
}

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startRestate(): Promise<TestRestate> {
  const [ingressPort, adminPort, fabricPort] = [await freePort(), await freePort(), await freePort()];
  const base = await mkdtemp(path.join(tmpdir(), "codeact-restate-"));
  const child: ChildProcess = spawn(binary(), ["--no-logo"], {
    env: {
      PATH: process.env.PATH ?? "",
      RESTATE_BASE_DIR: base,
      RESTATE_LISTEN_MODE: "tcp",
      RESTATE_BIND_IP: "127.0.0.1",
      RESTATE_BIND_PORT: String(fabricPort),
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingressPort}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${adminPort}`,
      RESTATE_LOG_FORMAT: "json",
      RESTATE_LOG_FILTER: "warn,restate_core::network::net_util=info,restate_ingress_http=info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`restate-server exited (${code}):\n${log.join("\n")}`))),
  );
  exited.catch(() => undefined);
  const listening = new Set<string>();
  const ready = new Promise<void>((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on("line", (line) => {
        log.push(line);
        const name = /"server_name":"([\w-]+)"/.exec(line)?.[1];
        if (name && /listening/i.test(line)) listening.add(name);
        if (listening.has("admin-api-server") && listening.has("http-ingress-server")) resolve();
      });
    }
  });
  await Promise.race([ready, exited]);
  const admin = `http://127.0.0.1:${adminPort}`;
  const close = async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
  };
  return {
    ingress: `http://127.0.0.1:${ingressPort}`,
    admin,
    async register(uri) {
      // The admin API listens before the cluster is up: it answers 503 until then.
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(`${admin}/deployments`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ uri, use_http_11: true }),
        });
        if (response.ok) return;
        const text = await response.text();
        if (response.status !== 503 || attempt > 200)
          throw new Error(`Registering ${uri}: ${response.status} ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
