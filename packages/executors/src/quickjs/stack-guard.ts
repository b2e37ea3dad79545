/**
 * Keeps QuickJS inside the host's native stack. QuickJS limits recursion by measuring its own C
 * stack in the sandbox's memory, but every C frame also occupies the host's native stack, where
 * V8 allows about 1 MB; exhausting that first throws a RangeError in the host and leaves the
 * instance unusable. How much native stack each byte of QuickJS's stack costs depends on what
 * recurses, so each kind of recursion gets a budget measured for it:
 *
 * - calls (functions, getters, `valueOf`, proxies, `Array#flat`, regular expressions): the
 *   session's `stackSizeBytes`, whose default keeps the worst case measured here well inside V8's
 *   stack;
 * - the parser (the code of each execute, `eval`, `new Function`), `JSON.parse` and
 *   `JSON.stringify`, which nest far more native frames per byte: the prelude brackets those
 *   builtins with `narrow`/`release`, which lower the limit to what the native stack still holds.
 */
import type { RuntimeFields } from "./runtime-fields.js";

/** Recursion whose native stack cost is measured separately from plain calls. */
export type NestingKind = "parse" | "jsonParse" | "jsonStringify";

/**
 * QuickJS stack bytes each kind of recursion could use before V8's native stack overflowed,
 * measured with cold (baseline-compiled) WebAssembly on Node 20, x64, for the worst shape of
 * each: `valueOf` and `Array#flat` recursion for calls, nested parentheses for the parser,
 * nested arrays for the JSON functions.
 */
const CAPACITY: Record<"call" | NestingKind, number> = {
  call: 256 * 1024,
  parse: 36 * 1024,
  jsonParse: 128 * 1024,
  jsonStringify: 84 * 1024,
};

/** The share of the native stack the sandbox may use; the rest is margin for the host's own frames. */
const SAFE_SHARE = 0.625;

/** The default `stackSizeBytes`: the safe share of the call capacity, 160 KiB (about 850 plain calls deep). */
export const DEFAULT_STACK_BYTES = SAFE_SHARE * CAPACITY.call;

/** The stack the parser may use for the code of an execute, parsed from the top of the stack. */
export const PARSE_STACK_BYTES = Math.floor(SAFE_SHARE * CAPACITY.parse);

type Region = { kind: "call" | NestingKind; sp: number; share: number; savedLimit: number };

/** Narrows and restores the runtime's stack limit around nesting-heavy builtins. */
export class StackGuard {
  private readonly regions: Region[] = [];

  constructor(
    private readonly fields: RuntimeFields,
    private readonly stackPointer: () => number,
    private readonly stackSizeBytes: number,
  ) {}

  /**
   * Lowers the limit for one call of a nesting-heavy builtin. The native stack already used is
   * estimated from the QuickJS stack used so far, region by region; the builtin gets what is left
   * of the safe share, converted at its own rate, and never more than the current limit allows.
   */
  narrow(kind: NestingKind): void {
    const sp = this.stackPointer();
    const outer = this.regions.at(-1) ?? {
      kind: "call",
      sp: this.fields.stackTop,
      share: 0,
      savedLimit: 0,
    };
    const share = outer.share + Math.max(0, outer.sp - sp) / CAPACITY[outer.kind];
    const budget = Math.max(0, Math.floor((SAFE_SHARE - share) * CAPACITY[kind]));
    const savedLimit = this.fields.stackLimit;
    this.regions.push({ kind, sp, share, savedLimit });
    // The stack grows down: a higher limit is a tighter one.
    this.fields.stackLimit = Math.max(savedLimit, sp - budget);
  }

  /** Restores the limit `narrow` replaced. Does nothing outside a narrowed region. */
  release(): void {
    const region = this.regions.pop();
    if (region) this.fields.stackLimit = region.savedLimit;
  }

  /**
   * Back to the session's own limit. Called whenever the guest returns to the host: an
   * uncatchable interrupt unwinds through the prelude without running its `release`.
   */
  reset(): void {
    if (this.regions.length === 0) return;
    this.regions.length = 0;
    this.fields.stackLimit = this.fields.stackTop - this.stackSizeBytes;
  }

  /** Whether `stackPointer` reads the stack QuickJS measures: checked once, from the host's top level. */
  static check(fields: RuntimeFields, stackPointer: () => number): boolean {
    const distance = stackPointer() - fields.stackTop;
    return Number.isInteger(distance) && distance >= 0 && distance < 1024;
  }
}
