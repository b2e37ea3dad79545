/** Any Vercel AI SDK language model as a codeact `Model`. */
export * from "@codeact/models/ai-sdk";
