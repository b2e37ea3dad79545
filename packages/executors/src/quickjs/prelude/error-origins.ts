/**
 * Prelude fragment: which errors the engine raised, and which the guest made. Only the host may
 * decide that a limit was hit, and it decides on what this fragment reports (see
 * `guest-errors.ts`).
 *
 * - The error constructors (`Error`, `TypeError`, ... `InternalError`) are replaced by wrappers
 *   that note every instance the guest makes, however it makes one: `new`, a plain call,
 *   `Reflect.construct` with any `newTarget`, `super()` in a subclass, `new e.constructor()`.
 *   `Object.setPrototypeOf`, `Reflect.setPrototypeOf` and the `__proto__` setter note an error
 *   whose prototype the guest changes, so a caught `TypeError` cannot be dressed as another kind.
 * - An `InternalError` counts as the engine's if it is not noted, is a real error object
 *   (`Error.isError` reads the object's class: not a Proxy, not a plain object, whatever its
 *   `Symbol.toStringTag`), has the original prototype and an own data `message` of
 *   "stack overflow" or "out of memory".
 * - A `SyntaxError` "stack overflow" also comes from the engine's parsers, which guest code can
 *   make and rewrite one of at will (`JSON.parse("{")`), so it counts only if it was seen leaving
 *   a parser with nothing of the guest's running: the execute's own code (the host says so),
 *   `JSON.parse` of a string without a reviver, the Function constructors given strings, or
 *   `eval` of a string whose compilation as a function body overflows too.
 *
 * What is left: code can catch an `InternalError` the engine raised for another reason ("string
 * too long") and rewrite its message to "stack overflow". That buys it nothing a real overflow
 * does not: recursion raises a genuine one in microseconds.
 *
 * Uses the intrinsics fragment; defines `isErrorObject`, `engineLimit`, `noteOverflow` and
 * `noteParserOverflow`, and replaces the global error constructors.
 */
export const ERROR_ORIGINS = String.raw`
  const guestMade = new WeakSet();
  const parserOverflows = new WeakSet();
  const TO_STRING_TAG = Symbol.toStringTag;
  // Builds without Error.isError get the same from the class tag, with no toStringTag anywhere.
  const isErrorObject = typeof Error.isError === "function" ? Error.isError : (v) => {
    if (objectTag(v) !== "[object Error]") return false;
    for (let o = v; o !== null; o = getPrototypeOf(o)) if (getOwnPropertyDescriptor(o, TO_STRING_TAG)) return false;
    return true;
  };
  const INTERNAL_ERROR = G.InternalError.prototype;
  const SYNTAX_ERROR = G.SyntaxError.prototype;

  // The message of an engine error of the given prototype the guest did not make, else undefined.
  function engineMessage(e, proto) {
    if (typeof e !== "object" || e === null || weakHas(guestMade, e) || !isErrorObject(e)) return undefined;
    if (getPrototypeOf(e) !== proto) return undefined;
    const d = getOwnPropertyDescriptor(e, "message");
    return d && hasOwn(d, "value") ? d.value : undefined;
  }

  // "stack" or "memory" when e is an error QuickJS itself raised at that limit, else undefined.
  function engineLimit(e) {
    try {
      const internal = engineMessage(e, INTERNAL_ERROR);
      if (internal === "stack overflow") return "stack";
      if (internal === "out of memory") return "memory";
      if (weakHas(parserOverflows, e) && engineMessage(e, SYNTAX_ERROR) === "stack overflow") return "stack";
    } catch {}
    return undefined;
  }

  const isParserOverflow = (e) => engineMessage(e, SYNTAX_ERROR) === "stack overflow";
  function noteParserOverflow(e) {
    if (isParserOverflow(e)) weakAdd(parserOverflows, e);
  }

  // Called by a guarded builtin with what its original threw, before any code of the guest's can
  // touch it; notes a parser's stack overflow when nothing of the guest's ran inside the call.
  function noteOverflow(original, args, e) {
    if (!isParserOverflow(e)) return;
    for (let i = 0; i < args.length; i++) {
      // Anything but a string is converted by running the guest's own toString, or revived by its reviver.
      if (typeof args[i] !== "string") return;
    }
    if (original === evalOriginal) {
      // eval runs the code it parsed, and that code can throw anything: the same text must also
      // overflow when only compiled.
      try { construct(Function, [args[0]]); } catch (again) { if (isParserOverflow(again)) weakAdd(parserOverflows, e); }
      return;
    }
    weakAdd(parserOverflows, e);
  }
  const evalOriginal = G.eval;

  // Drops the frames a wrapper added at the top of a stack: Reflect's native frame, then its own.
  const dropWrapperFrames = (made) => {
    const d = getOwnPropertyDescriptor(made, "stack");
    if (!d || !hasOwn(d, "value") || typeof d.value !== "string") return;
    const stack = d.value;
    for (let start = 0, i = 0; i < 3; i++) {
      const end = stringIndexOf(stack, "\n", start);
      if (end < 0) return;
      const line = slice(stack, start, end);
      if (stringIncludes(line, "(<prelude>:")) {
        defineProperty(made, "stack", { value: slice(stack, end + 1), writable: true, configurable: true });
        return;
      }
      if (!stringIncludes(line, "(native)")) return;
      start = end + 1;
    }
  };

  const ERROR_NAMES = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError", "InternalError"];
  let errorWrapper;
  for (let i = 0; i < ERROR_NAMES.length; i++) {
    const original = G[ERROR_NAMES[i]];
    if (typeof original !== "function") continue;
    const wrapper = function (...args) {
      const made = new.target
        ? construct(original, args, new.target === wrapper ? original : new.target)
        : apply(original, undefined, args);
      weakAdd(guestMade, made);
      dropWrapperFrames(made);
      return made;
    };
    // The wrapper stands in for the original wherever code can find it: its statics
    // (Error.isError, name, length), its prototype (so instanceof and subclasses work), the
    // prototype's constructor, the global, and the chain TypeError -> Error.
    const statics = getOwnPropertyNames(original);
    for (let k = 0; k < statics.length; k++) defineProperty(wrapper, statics[k], getOwnPropertyDescriptor(original, statics[k]));
    if (errorWrapper) setPrototypeOf(wrapper, errorWrapper);
    else errorWrapper = wrapper;
    hidden(original.prototype, "constructor", wrapper);
    hidden(G, ERROR_NAMES[i], wrapper);
  }

  // A changed prototype makes an error the guest's: the engine never changes one.
  const disown = (o) => { if (typeof o === "object" && o !== null && isErrorObject(o)) weakAdd(guestMade, o); };
  const objectSetPrototypeOf = setPrototypeOf;
  const reflectSetPrototypeOf = Reflect.setPrototypeOf;
  hidden(Object, "setPrototypeOf", { setPrototypeOf(o, proto) { disown(o); return objectSetPrototypeOf(o, proto); } }.setPrototypeOf);
  hidden(Reflect, "setPrototypeOf", { setPrototypeOf(o, proto) { disown(o); return reflectSetPrototypeOf(o, proto); } }.setPrototypeOf);
  const protoAccessor = getOwnPropertyDescriptor(Object.prototype, "__proto__");
  const protoSetter = protoAccessor.set;
  const setProto = { set __proto__(proto) { disown(this); apply(protoSetter, this, [proto]); } };
  defineProperty(Object.prototype, "__proto__", {
    get: protoAccessor.get,
    set: getOwnPropertyDescriptor(setProto, "__proto__").set,
    enumerable: false,
    configurable: true,
  });
`;
