/** The Inference Providers `huggingface()` can route to, named here so its types need no SDK. */

/**
 * The providers and the `"auto"` policy of @huggingface/inference 4.13 (a test keeps this list
 * equal to the installed library's). Written out rather than imported: the library's types need
 * the DOM lib, which would make every app that imports `@codeact/models` need it too.
 */
export type KnownHuggingFaceProvider =
  | "auto"
  | "baseten"
  | "cerebras"
  | "cohere"
  | "deepinfra"
  | "fal-ai"
  | "featherless-ai"
  | "fireworks-ai"
  | "groq"
  | "hf-inference"
  | "novita"
  | "nscale"
  | "openai"
  | "ovhcloud"
  | "publicai"
  | "replicate"
  | "scaleway"
  | "together"
  | "wavespeed"
  | "zai-org";

/**
 * An Inference Provider's name, or `"auto"` for Hugging Face's router to pick. Any string is
 * accepted so a provider added by a newer @huggingface/inference works before this list knows
 * it; a name the installed library lacks fails with an `invalid_request` ModelError listing the
 * ones it has.
 */
export type HuggingFaceProvider = KnownHuggingFaceProvider | (string & {});
