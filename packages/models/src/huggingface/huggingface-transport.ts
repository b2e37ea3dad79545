/** Chat Completions sent with @huggingface/inference, and what its errors mean. */
import type { InferenceClient } from "@huggingface/inference";
import type { ChatTransport } from "../chat-completions/chat-transport.js";
import { type ChatRequestBody, isRecord } from "../chat-completions/wire.js";
import { describeError } from "../errors/describe-error.js";
import { type Failure, TransportFailure } from "../errors/failure.js";
import { retryAfterMs } from "../retry/retry-after.js";
import type { HuggingFaceProvider } from "./huggingface-provider.js";

/** Where requests go: a provider route on Hugging Face's router, or a dedicated endpoint. */
export type HuggingFaceRoute = { provider?: HuggingFaceProvider; endpointUrl?: string };

/** What the transport needs. */
export type HuggingFaceTransportOptions = {
  accessToken: string | undefined;
  route: HuggingFaceRoute;
  fetch: typeof globalThis.fetch | undefined;
  billTo: string | undefined;
};

type ChatArgs = Parameters<InferenceClient["chatCompletion"]>[0];
type Sdk = typeof import("@huggingface/inference");

/**
 * A transport over `InferenceClient.chatCompletion` / `chatCompletionStream`. The library's own
 * retry (it repeats 503s without limit) is off. Each call goes through a fetch that remembers the
 * response, because the library's errors keep the status but drop the `Retry-After` header.
 */
export function huggingFaceTransport(options: HuggingFaceTransportOptions): ChatTransport {
  const { route, billTo } = options;
  // The library takes about 50 ms to import: load it on the first call, not with the package,
  // so programs (and the CLI) that use only openai() never pay for it.
  let loading: Promise<{ sdk: Sdk; client: InferenceClient }> | undefined;
  const load = () => {
    loading ??= import("@huggingface/inference").then((sdk) => ({
      sdk,
      client: new sdk.InferenceClient(options.accessToken),
    }));
    return loading;
  };
  const call = (body: ChatRequestBody, signal: AbortSignal, keepBody = false) => {
    const recorder = recordingFetch(options.fetch, keepBody);
    const args = { ...body, ...route } as ChatArgs;
    const callOptions = { signal, retry_on_error: false, fetch: recorder.fetch, ...(billTo && { billTo }) };
    return { args, callOptions, recorder };
  };
  return {
    async complete(body, signal) {
      const { sdk, client } = await load();
      const { args, callOptions, recorder } = call(body, signal, true);
      try {
        return await client.chatCompletion(args, callOptions);
      } catch (error) {
        // The library wants `usage`, `created`, `id` and `model`, which not every server behind an
        // endpoint sends; the answer is still usable when it has choices.
        const answer = error instanceof sdk.InferenceClientProviderOutputError && (await recorder.json());
        if (isRecord(answer) && Array.isArray(answer.choices)) return answer;
        throw new TransportFailure(describeHuggingFaceError(sdk, error, recorder.headers()), error);
      }
    },
    async *stream(body, signal) {
      const { sdk, client } = await load();
      const { args, callOptions, recorder } = call(body, signal);
      try {
        for await (const chunk of client.chatCompletionStream(args, callOptions)) yield chunk;
      } catch (error) {
        throw new TransportFailure(describeHuggingFaceError(sdk, error, recorder.headers()), error);
      }
    },
  };
}

/**
 * A fetch that keeps the headers of the last response it got and, with `keepBody` (whole
 * answers only: a stream is not worth copying), a copy of its body.
 */
function recordingFetch(base: typeof globalThis.fetch | undefined, keepBody: boolean) {
  let last: Response | undefined;
  let copy: Response | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    last = response;
    copy = keepBody ? response.clone() : undefined;
    return response;
  };
  const json = async (): Promise<unknown> => {
    try {
      return await copy?.json();
    } catch {
      return undefined;
    }
  };
  return { fetch, headers: () => last?.headers, json };
}

/**
 * Reads an error of @huggingface/inference. HTTP errors keep the status and the parsed body,
 * whose shape depends on who answered: `{ error: "..." }` (router, TGI), `{ error: { message,
 * code } }` (OpenAI-style providers), `{ message }` or `{ detail }`.
 */
export function describeHuggingFaceError(sdk: Sdk, error: unknown, headers?: Headers): Failure {
  if (
    error instanceof sdk.InferenceClientProviderApiError ||
    error instanceof sdk.InferenceClientHubApiError
  ) {
    const { status, body } = error.httpResponse;
    const said = bodyError(body);
    const wait = retryAfterMs(headers);
    return {
      kind: "http",
      // An error inside a stream comes with the stream's 200; it has no status of its own.
      ...(status >= 400 && { status }),
      message: said.message ?? error.message,
      ...(said.code !== undefined && { code: said.code }),
      ...(said.type !== undefined && { type: said.type }),
      ...(wait !== undefined && { retryAfterMs: wait }),
    };
  }
  if (error instanceof sdk.InferenceClientInputError || error instanceof sdk.InferenceClientRoutingError) {
    return { kind: "invalid-request", message: error.message };
  }
  if (error instanceof sdk.InferenceClientProviderOutputError) {
    return { kind: "invalid-response", message: error.message };
  }
  return describeError(error);
}

function bodyError(body: unknown): { message?: string; code?: string; type?: string } {
  if (typeof body === "string") return body ? { message: body } : {};
  if (!isRecord(body)) return {};
  const inner = isRecord(body.error) ? body.error : undefined;
  const message = [inner?.message, body.error, body.message, body.detail].find(
    (value) => typeof value === "string",
  );
  const code = [inner?.code, body.code].find((value) => typeof value === "string");
  const type = [inner?.type, body.error_type, body.type].find((value) => typeof value === "string");
  return {
    ...(typeof message === "string" && { message }),
    ...(typeof code === "string" && { code }),
    ...(typeof type === "string" && { type }),
  };
}
