/**
 * One cold start, run in a fresh child process by quickjs.ts: loads the sandbox and runs one
 * snippet, then prints the milliseconds it took as JSON. `quickjs` loads `@codeact/executors`
 * (importing it, compiling the WebAssembly module, instantiating it, starting the worker threads
 * unless the third argument is `inline`); `vm` loads `node:vm`.
 */
const started = performance.now();
if (process.argv[2] === "quickjs") {
  const { QuickJSExecutor } = await import("@codeact/executors");
  const thread = process.argv[3] === "inline" ? "inline" : "pool";
  const session = await new QuickJSExecutor({ thread }).createSession({ functions: {} });
  await session.execute("1 + 1");
  await session.dispose();
} else {
  const vm = await import("node:vm");
  vm.runInContext("1 + 1", vm.createContext({}));
}
console.log(JSON.stringify({ ms: performance.now() - started }));
