/** Durable codeact runs: journals that survive the process. */
export { fileJournal } from "./file-journal.js";
