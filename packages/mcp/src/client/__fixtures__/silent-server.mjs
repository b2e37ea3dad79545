// A "server" that starts and never answers the handshake; it writes its pid to the file named by
// its first argument, so a test knows when it runs and can check that it was ended.
import { writeFileSync } from "node:fs";

writeFileSync(process.argv[2], String(process.pid));
setInterval(() => {}, 1 << 30);
