// connectMcp as the conformance suite's client: `conformance client` starts it with the scenario's
// server URL as its argument and the scenario's name (and context) in the environment.
import { callTool } from "@codeact/core";
import { connectMcp } from "@codeact/mcp";
import {
  ClientCredentialsProvider,
  PrivateKeyJwtProvider,
} from "@modelcontextprotocol/sdk/client/auth-extensions.js";

const url = process.argv[2];
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}");

/** Whatever a scenario's server wants done with its tools, through the codeact tools connectMcp made. */
const calls = {
  tools_call: { add_numbers: { a: 2, b: 3 } },
  "sse-retry": { test_reconnection: {} },
};

/**
 * An OAuth client with the authorization-code flow: the suite's authorization server redirects at
 * once, so "the user's browser" is one fetch that reads the code from the redirect.
 */
class SignIn {
  redirectUrl = "http://localhost:3000/callback";
  clientMetadata = {
    client_name: "codeact-conformance",
    redirect_uris: [this.redirectUrl],
    grant_types: ["authorization_code", "refresh_token"],
  };
  clientMetadataUrl =
    scenario === "auth/basic-cimd" ? "https://conformance-test.local/client-metadata.json" : undefined;
  #code = deferred();
  #client;
  #tokens;
  #verifier;

  constructor(preRegistered) {
    this.#client = preRegistered;
  }
  clientInformation() {
    return this.#client;
  }
  saveClientInformation(client) {
    this.#client = client;
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens) {
    this.#tokens = tokens;
  }
  saveCodeVerifier(verifier) {
    this.#verifier = verifier;
  }
  codeVerifier() {
    return this.#verifier;
  }
  async redirectToAuthorization(url) {
    const response = await fetch(url, { redirect: "manual" });
    const code = new URL(response.headers.get("location") ?? "", url).searchParams.get("code");
    if (!code) throw new Error(`The authorization server sent no code (status ${response.status})`);
    this.#code.resolve(code);
  }
  /** What connectMcp's `authorizationCode` waits for; a new sign-in starts a new wait. */
  async authorizationCode() {
    const code = await this.#code.promise;
    this.#code = deferred();
    return code;
  }
}

function deferred() {
  let resolve;
  const promise = new Promise((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function authProvider() {
  if (scenario === "auth/client-credentials-basic") {
    return new ClientCredentialsProvider({
      clientId: context.client_id,
      clientSecret: context.client_secret,
    });
  }
  if (scenario === "auth/client-credentials-jwt") {
    return new PrivateKeyJwtProvider({
      clientId: context.client_id,
      privateKey: context.private_key_pem,
      algorithm: context.signing_algorithm ?? "ES256",
    });
  }
  if (scenario === "auth/pre-registration") {
    const { client_id, client_secret } = context;
    return new SignIn({ client_id, client_secret, redirect_uris: ["http://localhost:3000/callback"] });
  }
  if (scenario.startsWith("auth/")) return new SignIn();
  return undefined;
}

const provider = authProvider();
const signIn = provider instanceof SignIn ? { authorizationCode: () => provider.authorizationCode() } : {};
const mcp = await connectMcp(
  { url, ...(provider && { authProvider: provider }), ...signIn },
  { timeoutMs: 20_000 },
);
try {
  const tools = await mcp.tools();
  // The auth scenarios' servers check that an authorized client can call their tool.
  const wanted = scenario.startsWith("auth/") ? { test_tool: {} } : calls[scenario];
  for (const [name, input] of Object.entries(wanted ?? {})) {
    const found = tools.find((tool) => tool.name === name);
    if (!found)
      throw new Error(`The server has no tool ${name}: ${tools.map((tool) => tool.name).join(", ")}`);
    console.log(name, "returned", JSON.stringify(await callTool(found, input)));
  }
} finally {
  await mcp.close();
}
