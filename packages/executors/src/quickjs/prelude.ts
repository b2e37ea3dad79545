/**
 * The guest side of the sandbox boundary, as JavaScript source evaluated once per context before
 * any user code. It is a function expression called with the host's functions (`hostLog`,
 * `hostCall`, `hostTimer`, `hostGuard`, `hostRelease`) and a JSON configuration. It keeps the
 * host functions in closures, so user code reaches them only through `console`, the bound
 * functions and the guarded builtins, and returns the helpers the host calls.
 *
 * Why in the guest: formatting and copying need the real guest values (functions, Maps, cycles),
 * and one JSON string crossing the boundary is about 3x faster than walking handles from the host.
 * Nothing here is trusted by the host: it checks every value and call that comes out.
 */
import { COPY } from "./prelude/copy.js";
import { ERROR_ORIGINS } from "./prelude/error-origins.js";
import { ERRORS } from "./prelude/errors.js";
import { GUARDED_BUILTINS } from "./prelude/guards.js";
import { HOST_FUNCTIONS } from "./prelude/host-functions.js";
import { INSPECT } from "./prelude/inspect.js";
import { INTRINSICS } from "./prelude/intrinsics.js";
import { WRAPPING } from "./prelude/wrapping.js";

/** The file name guest stack traces give the prelude's frames, so errors never point into it. */
export const PRELUDE_FILENAME = "<prelude>";

/** What the prelude is configured with. */
export type PreludeConfig = {
  maxValueChars: number;
  maxLogChars: number;
  /** Define `setTimeout`, `setInterval`, `clearTimeout` and `clearInterval`. */
  timers: boolean;
  /** Guard the nesting-heavy builtins (needs a readable stack pointer). */
  guards: boolean;
};

/** The helpers the prelude returns, by name. */
export const PRELUDE_HELPERS = ["toJSONText", "describeError", "bind", "define", "takeLost"] as const;

/** The prelude: a function expression the host evaluates and calls once per context. */
export const PRELUDE_SOURCE = `(function (hostLog, hostCall, hostTimer, hostGuard, hostRelease, configText) {
  "use strict";
${INTRINSICS}
  const { maxValueChars: MAX_VALUE_CHARS, maxLogChars: MAX_LOG_CHARS, timers: TIMERS, guards: GUARDS } =
    parse(configText);
${ERROR_ORIGINS}
${WRAPPING}
${GUARDED_BUILTINS}
${INSPECT}
${ERRORS}
${COPY}
${HOST_FUNCTIONS}
  return { ${PRELUDE_HELPERS.join(", ")} };
})`;
