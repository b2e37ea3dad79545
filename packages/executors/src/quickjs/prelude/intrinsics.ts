/**
 * Prelude fragment: the built-ins the boundary code uses, captured before any user code runs.
 * Methods are "uncurried" (`slice(text, 0, 3)` instead of `text.slice(0, 3)`), so user code that
 * later replaces `Array.prototype.push` or `Map.prototype.forEach` changes its own behaviour, not
 * the boundary's. Arrays the prelude builds are filled with `defineProperty`, which setters user
 * code adds to `Array.prototype` cannot intercept.
 */
export const INTRINSICS = `
  const G = globalThis;
  const { Error, TypeError, RangeError, String, Map, Set, WeakSet, WeakMap, Date, RegExp, Promise, Object, Array, ArrayBuffer, JSON, Reflect, Symbol, Function, Uint8Array } = G;
  const { isNaN, isFinite, parseInt, parseFloat, Number } = G;
  const { stringify, parse } = JSON;
  const { keys, getPrototypeOf, setPrototypeOf, getOwnPropertyDescriptor, getOwnPropertyNames, defineProperty, is, freeze } = Object;
  const { apply, construct } = Reflect;
  const { isArray } = Array;
  const { isView } = ArrayBuffer;
  const originalBind = Function.prototype.bind;
  const uncurry = (method) => apply(originalBind, Function.prototype.call, [method]);
  const getter = (proto, key) => uncurry(getOwnPropertyDescriptor(proto, key).get);
  const objectTag = uncurry(Object.prototype.toString);
  const functionSource = uncurry(Function.prototype.toString);
  const join = uncurry(Array.prototype.join);
  const includes = uncurry(Array.prototype.includes);
  const slice = uncurry(String.prototype.slice);
  const startsWith = uncurry(String.prototype.startsWith);
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const { ceil } = Math;
  const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff;
  const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff;
  const stringIncludes = uncurry(String.prototype.includes);
  const stringIndexOf = uncurry(String.prototype.indexOf);
  const hasOwn = uncurry(Object.prototype.hasOwnProperty);
  const trimEnd = uncurry(String.prototype.trimEnd);
  const repeat = uncurry(String.prototype.repeat);
  const replace = uncurry(String.prototype.replace);
  const regexpTest = uncurry(RegExp.prototype.test);
  const dateTime = uncurry(Date.prototype.getTime);
  const dateISO = uncurry(Date.prototype.toISOString);
  const symbolString = uncurry(Symbol.prototype.toString);
  const mapForEach = uncurry(Map.prototype.forEach);
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const mapHas = uncurry(Map.prototype.has);
  const mapDelete = uncurry(Map.prototype.delete);
  const mapClear = uncurry(Map.prototype.clear);
  const mapSize = getter(Map.prototype, "size");
  const setForEach = uncurry(Set.prototype.forEach);
  const setSize = getter(Set.prototype, "size");
  const weakAdd = uncurry(WeakSet.prototype.add);
  const weakHas = uncurry(WeakSet.prototype.has);
  const weakMapGet = uncurry(WeakMap.prototype.get);
  const weakMapSet = uncurry(WeakMap.prototype.set);
  const promiseThen = uncurry(Promise.prototype.then);
  const TypedArray = getPrototypeOf(Uint8Array);
  const typedLength = getter(TypedArray.prototype, "length");

  // Appends without running setters user code may have put on Array.prototype.
  const append = (list, item) => {
    defineProperty(list, list.length, { value: item, writable: true, enumerable: true, configurable: true });
  };
  const setKey = (object, key, value) => {
    defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  };
  const hidden = (object, key, value) => {
    defineProperty(object, key, { value, writable: true, configurable: true, enumerable: false });
  };
  // Brand checks. The tag is only a cheap first filter (a failed check throws, and building the
  // error costs microseconds); the getter that throws for anything else confirms it.
  const hasBrand = (read, v) => { try { read(v); return true; } catch { return false; } };
  const isMap = (v) => objectTag(v) === "[object Map]" && hasBrand(mapSize, v);
  const isSet = (v) => objectTag(v) === "[object Set]" && hasBrand(setSize, v);
  const isTyped = (v) => isView(v) && hasBrand(typedLength, v);
`;
