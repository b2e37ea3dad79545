#!/usr/bin/env node
/** The `codeact` executable. */
import { processIO } from "./cli/io.js";
import { main } from "./cli/main.js";

const code = await main(process.argv, processIO());
// Keep-alive sockets and the like must not hold the answer back.
process.exit(code);
