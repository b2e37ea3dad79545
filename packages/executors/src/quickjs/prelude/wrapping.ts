/**
 * Prelude fragment: a limit on how deep proxies and bound functions may wrap one another.
 *
 * QuickJS follows a Proxy to its target and handler, and a bound function to its target, by
 * native recursion. Its stack check counts the bytes of its own stack, and some of these paths
 * use almost none of it per level while each level costs the host's native stack a few hundred
 * bytes: `new` through 3,000 bound functions, or `instanceof`, `Object.getPrototypeOf` and
 * `new` through 5,000 to 10,000 proxies, exhausted Node's stack and lost the session, with no
 * `StackOverflowError` first. So `Proxy`, `Proxy.revocable` and `Function.prototype.bind` note
 * how deep each object they make wraps (one more than the deepest of its target and handler),
 * and refuse to wrap deeper than `MAX_WRAPPING` with a RangeError the code can catch.
 *
 * Uses the intrinsics fragment.
 */
import { MAX_WRAPPING } from "../limits.js";

export const WRAPPING = `
  const MAX_WRAPPING = ${MAX_WRAPPING};
  const TOO_DEEP =
    "Proxies and bound functions can wrap one another at most ${MAX_WRAPPING.toLocaleString("en-US")} levels deep in this sandbox " +
    "(a proxy of a proxy of ..., or a bound function of a bound function of ...). Wrap the original object instead.";
  const wrapDepth = new WeakMap();
  const depthOf = (v) =>
    (typeof v === "object" && v !== null) || typeof v === "function" ? weakMapGet(wrapDepth, v) || 0 : 0;
  const deeper = (...wrapped) => {
    let depth = 0;
    for (let i = 0; i < wrapped.length; i++) { const d = depthOf(wrapped[i]); if (d > depth) depth = d; }
    if (depth >= MAX_WRAPPING) throw new RangeError(TOO_DEEP);
    return depth + 1;
  };

  const OriginalProxy = G.Proxy;
  const originalRevocable = OriginalProxy.revocable;
  const proxyConstructor = function Proxy(target, handler) {
    if (!new.target) throw new TypeError("Proxy must be called with new");
    const depth = deeper(target, handler);
    const proxy = construct(OriginalProxy, [target, handler]);
    weakMapSet(wrapDepth, proxy, depth);
    return proxy;
  };
  // Bound, so that like the original it has no prototype property; new reaches the function.
  const ProxyWrapper = apply(originalBind, proxyConstructor, [undefined]);
  defineProperty(ProxyWrapper, "name", { value: "Proxy", configurable: true });
  hidden(ProxyWrapper, "revocable", {
    revocable(target, handler) {
      const depth = deeper(target, handler);
      const made = originalRevocable(target, handler);
      weakMapSet(wrapDepth, made.proxy, depth);
      return made;
    },
  }.revocable);
  hidden(G, "Proxy", ProxyWrapper);

  hidden(Function.prototype, "bind", {
    bind(thisArg, ...args) {
      const depth = deeper(this);
      const all = [thisArg];
      for (let i = 0; i < args.length; i++) append(all, args[i]);
      const bound = apply(originalBind, this, all);
      weakMapSet(wrapDepth, bound, depth);
      return bound;
    },
  }.bind);
`;
