/** The sandbox's linear memory: a hard cap, a record of when the cap was hit, and safe host allocations. */

/** Bytes in one WebAssembly page. */
export const PAGE_BYTES = 65_536;

/**
 * The module declares 256 pages (16 MiB) as its minimum memory, so no session can be capped below
 * that. Untouched pages are not resident, so the minimum costs address space, not RAM.
 */
export const MIN_MEMORY_BYTES = 256 * PAGE_BYTES;

/**
 * A WebAssembly memory with a `maximum`: the only cap that also bounds typed arrays and every
 * allocation QuickJS's own accounting misses (this build cannot measure allocation sizes, so
 * `setMemoryLimit` counts little more than the number of allocations).
 */
export class SandboxMemory {
  readonly memory: WebAssembly.Memory;
  /** How often Emscripten asked for more memory and was refused: each time, an allocation failed at the cap. */
  growFailures = 0;

  constructor(readonly limitBytes: number) {
    this.memory = new WebAssembly.Memory({
      initial: MIN_MEMORY_BYTES / PAGE_BYTES,
      maximum: Math.floor(limitBytes / PAGE_BYTES),
    });
    // Emscripten's heap growth calls `grow` on this object and turns a RangeError into a failed
    // malloc; counting the failures tells an out-of-memory from a guest that throws `null`.
    const grow = this.memory.grow.bind(this.memory);
    this.memory.grow = (delta: number): number => {
      try {
        return grow(delta);
      } catch (error) {
        this.growFailures++;
        throw error;
      }
    };
  }
}

/** An allocation the host made in the sandbox's memory failed: the sandbox is full. */
export class HostAllocationError extends Error {
  override name = "HostAllocationError";
}

type EmscriptenHeap = { _malloc(size: number): number };

/**
 * Makes the host's own allocations in the sandbox (code text, strings handed in, argument
 * arrays) throw when the memory is full. quickjs-emscripten does not check `malloc`'s result and
 * would copy the data to address 0, over the module's static data.
 */
export function guardHostAllocations(heap: EmscriptenHeap): void {
  const malloc = heap._malloc.bind(heap);
  heap._malloc = (size: number): number => {
    const pointer = malloc(size);
    if (pointer === 0 && size > 0) {
      throw new HostAllocationError(`The sandbox has no room for ${size} more bytes.`);
    }
    return pointer;
  };
}
