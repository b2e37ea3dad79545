/** Handle hygiene: every guest handle the host creates is freed before the call that made it returns. */
import type { QuickJSHandle } from "quickjs-emscripten-core";

/**
 * Calls `fn` with a handle and frees the handle afterwards, also when `fn` throws (the library's
 * `consume` does not): a leaked handle makes QuickJS abort when the runtime is freed.
 */
export function withHandle<T>(handle: QuickJSHandle, fn: (handle: QuickJSHandle) => T): T {
  try {
    return fn(handle);
  } finally {
    if (handle.alive) handle.dispose();
  }
}
