/**
 * One cold start, run in a fresh child process by quickjs.ts: loads the sandbox and runs one
 * snippet, then prints the milliseconds it took as JSON. `quickjs` loads `@codeact/executors`
 * (importing it, compiling the WebAssembly module, instantiating it); `vm` loads `node:vm`.
 */
const started = performance.now();
if (process.argv[2] === "quickjs") {
  const { QuickJSExecutor } = await import("@codeact/executors");
  const session = await new QuickJSExecutor().createSession({ functions: {} });
  await session.execute("1 + 1");
  await session.dispose();
} else {
  const vm = await import("node:vm");
  vm.runInContext("1 + 1", vm.createContext({}));
}
console.log(JSON.stringify({ ms: performance.now() - started }));
