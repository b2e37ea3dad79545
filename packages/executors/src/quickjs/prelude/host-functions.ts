/**
 * Prelude fragment: host functions as guest async functions, globals, timers (when enabled), and
 * the record of rejections nobody looked at. Uses the intrinsics,
 * inspect and copy fragments; defines `bind`, `define` and `takeLost`.
 *
 * A host call returns a `HostPromise`, a Promise subclass whose `then` notes that the code is
 * handling it: `await`, `.then`, `.catch` and `Promise.all` all go through `then` for a subclass.
 * A call that rejects before anything did so is "lost" until something does; what is still lost
 * when the execute ends is reported, so `tool(x)` without `await` cannot fail unseen.
 */
export const HOST_FUNCTIONS = `
  const observed = new WeakSet();
  const lost = new Map();
  const loseError = (key, error) => { mapSet(lost, key, error); };

  class HostPromise extends Promise {
    static get [Symbol.species]() { return Promise; }
    then(onFulfilled, onRejected) {
      weakAdd(observed, this);
      mapDelete(lost, this);
      return promiseThen(this, onFulfilled, onRejected);
    }
  }

  // The Error made at the call site gives a host error a stack pointing at the caller's line.
  const atSite = (error, site) => {
    if (typeof error === "object" && error !== null) {
      try { hidden(error, "stack", site.stack); } catch {}
    }
    return error;
  };

  function callHost(name, input) {
    const site = new Error();
    let text;
    try { text = copyText(input); } catch (e) { text = stringify("[unserializable: " + errorHead(errorInfo(e)) + "]"); }
    const size = text === undefined ? 0 : text.length;
    let pending;
    try {
      pending = hostCall(name, size > MAX_VALUE_CHARS ? undefined : text, size);
    } catch (error) {
      // Refused at once (say, called while the value is read out): rejected, and lost until handled.
      const refused = new HostPromise((_, reject) => reject(atSite(error, site)));
      loseError(refused, error);
      return refused;
    }
    // No promise means the host stopped the execution (a limit was reached): wait here for the
    // interrupt, which comes within a few thousand steps and cannot be caught.
    if (pending === undefined) for (;;) {}
    let settle;
    const promise = new HostPromise((resolve, reject) => { settle = { resolve, reject }; });
    promiseThen(pending, (result) => {
      settle.resolve(result === undefined ? undefined : parse(result));
    }, (error) => {
      if (!weakHas(observed, promise)) loseError(promise, error);
      settle.reject(atSite(error, site));
    });
    return promise;
  }

  function bind(name) {
    const fn = { [name](input) { return callHost(name, input); } }[name];
    hidden(G, name, fn);
  }

  function define(name, text) {
    const value = text === undefined ? undefined : parse(text);
    defineProperty(G, name, { value, writable: true, configurable: true, enumerable: true });
  }

  // The first error nobody handled during this execute, as describeError text; forgets the rest.
  function takeLost() {
    let first;
    let found = false;
    mapForEach(lost, (error) => { if (!found) { found = true; first = error; } });
    mapClear(lost);
    return found ? describeError(first) : undefined;
  }

  if (TIMERS) {
    let nextId = 1;
    const active = new Map();
    const arm = (id, ms) => {
      const pending = hostTimer(ms);
      if (pending === undefined) for (;;) {}
      promiseThen(pending, () => {
        const timer = mapGet(active, id);
        if (!timer) return;
        if (!timer.repeat) mapDelete(active, id);
        try { apply(timer.fn, undefined, timer.args); } catch (e) { loseError({}, e); }
        if (timer.repeat && mapHas(active, id)) arm(id, ms);
      }, () => {});
    };
    const schedule = (repeat) => function (fn, ms, ...args) {
      if (typeof fn !== "function") throw new TypeError("The callback must be a function.");
      const id = nextId++;
      const delay = Number(ms);
      mapSet(active, id, { fn, args, repeat });
      arm(id, isFinite(delay) && delay > 0 ? delay : 0);
      return id;
    };
    const cancel = function (id) { mapDelete(active, id); };
    hidden(G, "setTimeout", schedule(false));
    hidden(G, "setInterval", schedule(true));
    hidden(G, "clearTimeout", cancel);
    hidden(G, "clearInterval", cancel);
  }
`;
