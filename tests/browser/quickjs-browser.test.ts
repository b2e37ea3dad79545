/**
 * The QuickJS executor in a real browser: `entry.ts` bundled by esbuild for the browser, served
 * with the QuickJS `.wasm` file beside it, run by headless Chromium (Debian's `chromium` package,
 * or `CHROMIUM_PATH`).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Chromium, findChromium } from "./chromium.js";
import type { BrowserReport } from "./entry.js";

const executable = findChromium();
if (!executable) {
  console.warn(
    "browser test skipped: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH",
  );
}

/** The `.wasm` file the executor's QuickJS build loads, resolved the way a bundler would find it. */
function quickJSWasmPath(): string {
  const executors = createRequire(import.meta.url).resolve("@codeact/executors/package.json");
  return createRequire(executors).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  // `WebAssembly.instantiateStreaming` refuses a response of any other type.
  ".wasm": "application/wasm",
};

/** Serves the files of `root` on 127.0.0.1 and records every path asked for. */
async function serve(root: string, requested: string[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    requested.push(path);
    readFile(join(root, path === "/" ? "index.html" : path.slice(1))).then(
      (body) => {
        response.writeHead(200, {
          "content-type": CONTENT_TYPES[extname(path)] ?? "text/html; charset=utf-8",
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Opens `url` in a new page, waits for its load event and resolves to `window.codeactReport`. */
async function runPage(browser: Chromium, url: string, pageLog: string[]): Promise<BrowserReport> {
  const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = (await browser.send("Target.attachToTarget", { targetId, flatten: true })) as {
    sessionId: string;
  };
  let loaded!: () => void;
  const load = new Promise<void>((resolve) => {
    loaded = resolve;
  });
  const stop = browser.onEvent(({ method, params, sessionId: from }) => {
    if (from !== sessionId) return;
    if (method === "Page.loadEventFired") loaded();
    if (method === "Runtime.consoleAPICalled") {
      const args = (params?.args ?? []) as { value?: unknown; description?: string }[];
      pageLog.push(`console.${params?.type}: ${args.map((arg) => arg.value ?? arg.description).join(" ")}`);
    }
    if (method === "Runtime.exceptionThrown") pageLog.push(`exception: ${JSON.stringify(params)}`);
  });
  try {
    await browser.send("Runtime.enable", {}, sessionId);
    await browser.send("Page.enable", {}, sessionId);
    await browser.send("Page.navigate", { url }, sessionId);
    // Module scripts run before the load event, so the report's promise exists by then.
    await load;
    const { result, exceptionDetails } = (await browser.send(
      "Runtime.evaluate",
      { expression: "window.codeactReport", awaitPromise: true, returnByValue: true },
      sessionId,
    )) as { result: { value?: BrowserReport }; exceptionDetails?: unknown };
    if (exceptionDetails || !result.value) {
      throw new Error(`The page gave no report: ${JSON.stringify(exceptionDetails)}\n${pageLog.join("\n")}`);
    }
    return result.value;
  } finally {
    stop();
  }
}

describe.skipIf(!executable)("the QuickJS executor in headless Chromium, bundled by esbuild", () => {
  const requested: string[] = [];
  const pageLog: string[] = [];
  let site: string;
  let server: Server | undefined;
  let browser: Chromium | undefined;
  let report: BrowserReport;

  beforeAll(async () => {
    site = await mkdtemp(join(tmpdir(), "codeact-browser-"));
    await build({
      entryPoints: [fileURLToPath(new URL("entry.ts", import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      // The workspace's sources, as every other test here uses; a user's bundler picks dist/.
      conditions: ["@codeact/source"],
      outfile: join(site, "entry.js"),
      logLevel: "silent",
    });
    // The one asset beside the bundle: Emscripten looks for it next to the script that loads it.
    await copyFile(quickJSWasmPath(), join(site, "emscripten-module.wasm"));
    await writeFile(
      join(site, "index.html"),
      '<!doctype html><script type="module" src="entry.js"></script>\n',
    );
    const served = await serve(site, requested);
    server = served.server;
    browser = await Chromium.launch(executable!);
    console.info(`browser test: ${await browser.version()}`);
    report = await runPage(browser, `${served.origin}/`, pageLog);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (site) await rm(site, { recursive: true, force: true });
  });

  it("runs the bundle in the page without a harness failure, fetching the .wasm beside it", () => {
    expect(report.failure, pageLog.join("\n")).toBeUndefined();
    expect(requested).toEqual(expect.arrayContaining(["/", "/entry.js"]));
    // Compiled once for the page and instantiated per session, as in Node.
    expect(requested.filter((path) => path === "/emscripten-module.wasm")).toHaveLength(1);
  });

  it("calls a host function and keeps declarations across executes", () => {
    expect(report.steps.declare).toEqual({ logs: "sum is 5 { cities: [ 'Paris', 'Oslo' ] }", value: 50 });
    expect(report.steps.reuse).toEqual({ logs: "", value: 7 });
    expect(report.hostCalls).toEqual([
      { a: 2, b: 3 },
      { a: "x", b: 1 },
    ]);
  });

  it("hands a host error to the guest and reports a guest error as a result", () => {
    expect(report.steps.hostError).toEqual({ logs: "", value: "TypeError: a and b must be numbers" });
    expect(report.steps.guestError).toMatchObject({
      logs: "",
      error: { name: "TypeError", line: 2, message: expect.stringMatching(/null/) },
    });
  });

  it("runs the host function on the page but keeps the page's globals out of the sandbox", () => {
    expect(report.steps.isolation).toEqual({
      logs: "",
      value: ["undefined", "undefined", "undefined", "undefined", "object"],
    });
  });

  it("turns too deep nesting into a StackOverflowError result, and the session goes on", () => {
    expect(report.failure, pageLog.join("\n")).toBeUndefined();
    expect(report.steps.deepNesting).toMatchObject({ error: { name: "StackOverflowError" } });
    expect(report.steps.answer).toBeDefined();
  });

  it("records final_answer and stops a busy loop at the deadline", () => {
    expect(report.steps.answer).toMatchObject({ finalAnswer: { value: { total: 7, ok: 1 } } });
    expect(report.steps.timeout).toMatchObject({ error: { name: "TimeoutError" } });
  });
});
