/**
 * `Promise.withResolvers`, which `@restatedev/restate-sdk` 1.17 calls while it serves a request
 * and Node 20 lacks (it arrived in Node 22). Installed only where it is missing, so this package
 * keeps working on Node 20.19.
 */
type Resolvers<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void };

export function installWithResolvers(): void {
  const PromiseConstructor = Promise as PromiseConstructor & { withResolvers?: <T>() => Resolvers<T> };
  if (typeof PromiseConstructor.withResolvers === "function") return;
  Object.defineProperty(PromiseConstructor, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: (value: T) => void;
      let reject!: (reason: unknown) => void;
      const promise = new this<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    },
  });
}
