/** Loads the QuickJS WebAssembly module: compiled once per process, instantiated once per session. */
import releaseSyncModule from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";
import { guardHostAllocations, SandboxMemory } from "./sandbox-memory.js";

export { MIN_MEMORY_BYTES } from "./sandbox-memory.js";

/**
 * The variant's published types describe its CommonJS build, where the variant sits under
 * `default`; imported as ESM (Node, bundlers) the default export is the variant itself.
 */
const releaseSyncVariant = ((releaseSyncModule as { default?: QuickJSSyncVariant }).default ??
  releaseSyncModule) as QuickJSSyncVariant;

/**
 * The export the Emscripten glue of `@jitl/quickjs-wasmfile-release-sync@0.32.0` binds as
 * `emscripten_stack_get_current` (its minified `ta = b.Oa`). The realm checks what it returns
 * against the stack top QuickJS recorded before relying on it; the dependency is pinned exactly.
 */
const STACK_POINTER_EXPORT = "Oa";

/** One module instance: QuickJS, its memory, and what the host can observe of it. */
export type SandboxInstance = {
  module: QuickJSWASMModule;
  memory: SandboxMemory;
  /** The current position of the C stack QuickJS measures its depth on, when it can be read. */
  stackPointer: (() => number) | undefined;
  /** What Emscripten reported when it aborted (an assertion inside QuickJS), if it did. */
  abortReason(): string | undefined;
};

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * The compiled module, shared by every session of the process. Compiling costs several
 * milliseconds; instantiating a compiled module is much cheaper. Resolves to `undefined` where the
 * file cannot be located or read (see {@link wasmLocation}); then each instance loads the module
 * the way Emscripten normally does, which is slower and leaves the stack guard out.
 */
export function compiledQuickJSModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= compile().catch(() => undefined);
  return compiled;
}

/** Uses a module compiled elsewhere (a worker thread gets its host's), so it is never compiled twice. */
export function useCompiledQuickJSModule(module: WebAssembly.Module): void {
  compiled = Promise.resolve(module);
}

/** The file name the variant's Emscripten glue fetches, beside its own script, when left to itself. */
const WASM_FILE = "emscripten-module.wasm";

/**
 * Where the `.wasm` file is: the package export where the runtime resolves one (Node, Deno, a
 * browser page with an import map), else where the Emscripten glue would look for it, beside this
 * script. A browser bundle holds this script and the glue in one file, and a bare specifier does
 * not resolve there, so without this fallback each instance would load the file itself and QuickJS
 * would run without the host's stack guard (deep nesting in `JSON.parse` then loses the session).
 */
function wasmLocation(): URL {
  try {
    return new URL(import.meta.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"));
  } catch {
    return new URL(WASM_FILE, import.meta.url);
  }
}

async function compile(): Promise<WebAssembly.Module> {
  const url = wasmLocation();
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

type Imports = WebAssembly.Imports;
type OnInstance = (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void;

/**
 * A fresh QuickJS module instance with its own capped memory. Emscripten's console output is
 * silenced (an abort would otherwise print `Aborted(...)` to the host's stderr) and kept as the
 * abort reason instead.
 */
export async function instantiateQuickJS(memoryLimitBytes: number): Promise<SandboxInstance> {
  const wasmModule = await compiledQuickJSModule();
  const memory = new SandboxMemory(memoryLimitBytes);
  let exports: WebAssembly.Exports | undefined;
  let aborted: string | undefined;
  const emscriptenModule: Record<string, unknown> = {
    print: () => {},
    printErr: () => {},
    onAbort: (what: unknown) => {
      aborted = String(what);
    },
  };
  // Emscripten waits for `onInstance` forever, so a failed instantiation must reject on its own.
  let failed: Promise<never> = new Promise(() => {});
  if (wasmModule) {
    // Instantiating here, rather than through `newVariant({ wasmModule })`, hands the host the
    // instance's exports, where the stack pointer lives.
    failed = new Promise((_, reject) => {
      emscriptenModule.instantiateWasm = (imports: Imports, onInstance: OnInstance) => {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => {
          exports = instance.exports;
          onInstance(instance, wasmModule);
        }, reject);
        return {};
      };
    });
  }
  const variant = newVariant(releaseSyncVariant, { wasmMemory: memory.memory, emscriptenModule });
  const module = await Promise.race([newQuickJSWASMModuleFromVariant(variant), failed]);
  guardHostAllocations((module as unknown as { module: Parameters<typeof guardHostAllocations>[0] }).module);
  const stackPointer = exports?.[STACK_POINTER_EXPORT];
  return {
    module,
    memory,
    stackPointer:
      typeof stackPointer === "function" && stackPointer.length === 0
        ? (stackPointer as () => number)
        : undefined,
    abortReason: () => aborted,
  };
}
