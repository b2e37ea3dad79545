/**
 * Prelude fragment: the builtins that recurse on nesting rather than on calls (the parser behind
 * `eval` and the Function constructors, `JSON.parse`, `JSON.stringify`) run between
 * `hostGuard(kind)` and `hostRelease()`, which give them the stack the host's native stack can
 * still hold (see stack-guard.ts), and report a parser's stack overflow to `noteOverflow` (see
 * error-origins.ts). Without a guard (`GUARDS` false, when the host cannot read the stack), they
 * are left as they are, and only the execute's own code reports one. Defines `guardedStringify`.
 *
 * A replaced `eval` is always an indirect eval: code it runs sees global variables, not the
 * caller's local ones.
 */
export const GUARDED_BUILTINS = `
  const guard = (original, kind) => {
    if (!GUARDS) return original;
    const wrapper = function (...args) {
      hostGuard(kind);
      try {
        return new.target ? construct(original, args, new.target === wrapper ? original : new.target) : apply(original, this, args);
      } catch (e) {
        // Still inside the narrowed region: only here can a parser's overflow be seen untouched.
        noteOverflow(original, args, e);
        throw e;
      } finally {
        hostRelease();
      }
    };
    defineProperty(wrapper, "name", { value: original.name, configurable: true });
    defineProperty(wrapper, "length", { value: original.length, configurable: true });
    return wrapper;
  };

  const guardedStringify = guard(stringify, "jsonStringify");
  if (GUARDS) {
    hidden(JSON, "parse", guard(parse, "jsonParse"));
    hidden(JSON, "stringify", guardedStringify);
    hidden(G, "eval", guard(G.eval, "parse"));
    // The Function constructors are reachable as globals and through every function's
    // prototype chain: (async function () {}).constructor is AsyncFunction.
    const constructors = [
      Function,
      getPrototypeOf(async function () {}).constructor,
      getPrototypeOf(function* () {}).constructor,
      getPrototypeOf(async function* () {}).constructor,
    ];
    for (let i = 0; i < constructors.length; i++) {
      const original = constructors[i];
      const wrapper = guard(original, "parse");
      defineProperty(wrapper, "prototype", { value: original.prototype });
      hidden(original.prototype, "constructor", wrapper);
    }
    hidden(G, "Function", Function.prototype.constructor);
  }
`;
