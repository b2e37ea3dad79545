/** Loads the QuickJS WebAssembly module: compiled once per process, instantiated once per session. */
import releaseSyncModule from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";

/**
 * The variant's published types describe its CommonJS build, where the variant sits under
 * `default`; imported as ESM (Node, bundlers) the default export is the variant itself.
 */
const releaseSyncVariant = ((releaseSyncModule as { default?: QuickJSSyncVariant }).default ??
  releaseSyncModule) as QuickJSSyncVariant;

/** Bytes in one WebAssembly page. */
const PAGE_BYTES = 65_536;

/**
 * The module declares 256 pages (16 MiB) as its minimum memory, so no session can be capped below
 * that. Untouched pages are not resident, so the minimum costs address space, not RAM.
 */
export const MIN_MEMORY_BYTES = 256 * PAGE_BYTES;

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * The compiled module, shared by every session of the process. Compiling costs several
 * milliseconds; instantiating a compiled module is much cheaper. Resolves to `undefined` where the
 * file cannot be located (for example a bundler that does not support `import.meta.resolve`); then
 * each instance loads the module the way Emscripten normally does, which is slower but works.
 */
export function compiledQuickJSModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= compile().catch(() => undefined);
  return compiled;
}

async function compile(): Promise<WebAssembly.Module> {
  const url = new URL(import.meta.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"));
  if (url.protocol === "file:") {
    // `fetch` cannot read file: URLs in Node 20. `getBuiltinModule` avoids a static `node:` import,
    // which would stop this module from bundling for browsers and edge runtimes.
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process?.getBuiltinModule;
    const fs = getBuiltinModule?.("node:fs/promises") as
      | { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> }
      | undefined;
    if (!fs) throw new Error("Cannot read the QuickJS WebAssembly file: node:fs is unavailable.");
    return WebAssembly.compile(await fs.readFile(url));
  }
  return WebAssembly.compileStreaming(fetch(url));
}

/**
 * A fresh QuickJS module instance with its own linear memory. The memory's `maximum` is the only
 * cap that also bounds typed arrays and other allocations QuickJS's own limit does not count;
 * when it is reached, `malloc` fails and QuickJS reports "out of memory".
 */
export async function instantiateQuickJS(memoryLimitBytes: number): Promise<QuickJSWASMModule> {
  const wasmModule = await compiledQuickJSModule();
  const wasmMemory = new WebAssembly.Memory({
    initial: MIN_MEMORY_BYTES / PAGE_BYTES,
    maximum: Math.floor(memoryLimitBytes / PAGE_BYTES),
  });
  const variant = newVariant(releaseSyncVariant, wasmModule ? { wasmModule, wasmMemory } : { wasmMemory });
  return newQuickJSWASMModuleFromVariant(variant);
}
