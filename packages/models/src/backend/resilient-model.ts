/** Timeouts, retries, aborts, field fallbacks and stop sequences, once for every backend. */
import {
  AbortError,
  type Model,
  type ModelCallOptions,
  ModelError,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamPart,
} from "@codeact/core";
import { abortError, neverAborts, raceAbort, sleep } from "../async/abort.js";
import { Attempt } from "../async/attempt.js";
import type { ClassifiedError } from "../errors/to-model-error.js";
import type { ResilienceSettings } from "../resilience-options.js";
import { afterFailure } from "../retry/retry-notice.js";
import { applyStop, StopCutter } from "../text/stop-sequences.js";
import type { Backend } from "./backend.js";
import { rejectsField } from "./unsupported-field.js";

/** A `Model` whose `stream` is always there: every codeact adapter streams. */
export type StreamingModel = Model & Required<Pick<Model, "stream">>;

/**
 * Makes a {@link Backend} a `Model`:
 * - each attempt gets `timeoutMs` (per chunk when streaming) and is cancelled the moment the
 *   caller's signal aborts, also during a backoff sleep;
 * - retryable failures are retried with backoff and jitter, honouring `Retry-After`; a stream is
 *   retried only while nothing has been emitted, so text is never repeated; `onRetry` hears of
 *   each wait before it starts, and the last error says how many attempts were made;
 * - a model that rejects `stop` (or an unsupported `temperature`) gets the request again without
 *   it, and the model remembers; stop sequences are always applied on our side as well.
 */
export function resilientModel(backend: Backend, settings: ResilienceSettings): StreamingModel {
  const dropped = new Set<"stop" | "temperature">();

  const prepare = (request: ModelRequest): ModelRequest => {
    const sent = { ...request };
    if (dropped.has("stop") || !request.stop?.length) delete sent.stop;
    if (dropped.has("temperature")) delete sent.temperature;
    return sent;
  };

  const classify = (caught: unknown, outer: AbortSignal, attempt: Attempt): ClassifiedError => {
    if (outer.aborted) throw abortError(outer);
    if (attempt.timedOut) {
      const message = `${backend.modelId} gave no answer within ${settings.timeoutMs} ms.`;
      return { error: new ModelError({ code: "timeout", message, retryable: true, cause: caught }) };
    }
    if (AbortError.isInstance(caught)) throw caught;
    if (ModelError.isInstance(caught)) return { error: caught };
    return backend.classify(caught);
  };

  // True when the request was changed so that trying again at once may succeed.
  const adapt = (error: ModelError, sent: ModelRequest): boolean => {
    if (sent.stop && !dropped.has("stop") && rejectsField(error, "stop")) {
      dropped.add("stop");
      return true;
    }
    if (sent.temperature !== undefined && rejectsField(error, "temperature", true)) {
      dropped.add("temperature");
      return true;
    }
    return backend.adapt?.(error) ?? false;
  };

  // Waits before the next attempt, or throws when there is none; `attempts` have failed so far.
  const backOff = async (failure: ClassifiedError, attempts: number, outer: AbortSignal) => {
    const step = afterFailure(failure, attempts, settings);
    if ("error" in step) throw step.error;
    settings.onRetry?.(step.notice);
    await sleep(step.notice.delayMs, outer);
  };

  async function generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
    const outer = options?.signal ?? neverAborts;
    for (let failed = 0; ; ) {
      if (outer.aborted) throw abortError(outer);
      const sent = prepare(request);
      const attempt = new Attempt(outer, settings.timeoutMs);
      try {
        const response = await raceAbort(backend.generate(sent, attempt.signal), attempt.signal);
        return applyStop(response, request.stop);
      } catch (caught) {
        const failure = classify(caught, outer, attempt);
        if (adapt(failure.error, sent)) continue;
        await backOff(failure, ++failed, outer);
      } finally {
        attempt.dispose();
      }
    }
  }

  async function* stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart> {
    const outer = options?.signal ?? neverAborts;
    for (let failed = 0; ; ) {
      if (outer.aborted) throw abortError(outer);
      const sent = prepare(request);
      const attempt = new Attempt(outer, settings.timeoutMs);
      const cutter = new StopCutter(request.stop);
      let emitted = false;
      let finished = false;
      try {
        for await (const part of timed(backend.stream(sent, attempt.signal), attempt)) {
          for (const out of cutter.push(part)) {
            emitted = true;
            yield out;
          }
          if (part.type === "finish") {
            finished = true;
            break;
          }
        }
      } catch (caught) {
        const failure = classify(caught, outer, attempt);
        // Once text has gone out, a retry would repeat it: the failure is the caller's.
        if (emitted) throw failure.error;
        if (adapt(failure.error, sent)) continue;
        await backOff(failure, ++failed, outer);
        continue;
      } finally {
        attempt.dispose();
      }
      if (finished) return;
      throw new ModelError({
        code: "invalid_response",
        message: `${backend.modelId}'s stream ended without a finish part.`,
      });
    }
  }

  return { modelId: backend.modelId, generate, stream };
}

/**
 * Reads `source` with the attempt's timer as an idle timeout: re-armed when a part arrives,
 * paused while the consumer holds it. A source that ignores its signal cannot hold us: each wait
 * also ends when the attempt's signal aborts.
 */
async function* timed<T>(source: AsyncIterable<T>, attempt: Attempt): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      attempt.start();
      const next = await raceAbort(iterator.next(), attempt.signal);
      attempt.pause();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}
