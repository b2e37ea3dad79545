/** A response body the test writes piece by piece, knowing when the reader waits for more. */

/**
 * A fetch whose one answer is a stream of server-sent events that the test pushes itself. The
 * body has no buffer (`highWaterMark: 0`), so `read()` resolves exactly when the reader asks for
 * bytes that are not there: the moment to move fake time forward.
 */
export function scriptedStream() {
  const encoder = new TextEncoder();
  let writer!: ReadableStreamDefaultController<Uint8Array>;
  let asked = deferred();
  let given = deferred();
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        writer = controller;
      },
      async pull() {
        const wait = given.promise;
        asked.resolve();
        await wait;
      },
    },
    { highWaterMark: 0 },
  );
  const fetch: typeof globalThis.fetch = async () =>
    new Response(body, { headers: { "content-type": "text/event-stream" } });
  return {
    fetch,
    /** Resolves once the reader is waiting for the next bytes. */
    read: () => asked.promise,
    /** Sends `text` to the waiting reader. */
    push(text: string) {
      asked = deferred();
      writer.enqueue(encoder.encode(text));
      const sent = given;
      given = deferred();
      sent.resolve();
    },
    /** Ends the body. */
    end() {
      writer.close();
      given.resolve();
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
