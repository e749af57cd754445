import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID Provider (panva's `oidc-provider`, the certified one) on loopback, for the tests and
 * `npm run oidc:dev`: discovery, authorization code + PKCE, ID tokens signed with its own RSA key.
 * Its login page is a minimal form listing the accounts it was given (no password): pick one and
 * sign in. Consent is implied. A test can make the token endpoint lie (`tamperIdTokens`): the ID
 * token it then hands out has another issuer, audience or signing key, to show the relying party
 * refuses it.
 */

export type StandinAccount = { sub: string; email: string; name: string; roles?: string[] };

export type IdTokenTamper = { iss?: string; aud?: string; foreignKey?: boolean };

export type OidcStandin = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Until called again with null, every ID token the token endpoint hands out is changed so. */
  tamperIdTokens: (tamper: IdTokenTamper | null) => void;
  close: () => Promise<void>;
};

export type OidcStandinOptions = {
  /** Port to listen on (0 or absent: any free one). */
  port?: number;
  redirectUris: string[];
  accounts: StandinAccount[];
  /** The ID-token claim carrying `roles` (e.g. an Auth0 Action's namespaced claim). */
  rolesClaim?: string;
  clientId?: string;
  clientSecret?: string;
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function base64url(value: Buffer | string) {
  return Buffer.from(value).toString("base64url");
}

/** Re-signs an ID token's claims with `key` (RS256), as a provider that lies about them would. */
function signIdToken(claims: Record<string, unknown>, key: crypto.KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${base64url(signature)}`;
}

function loginPage(uid: string, accounts: StandinAccount[]): string {
  const options = accounts
    .map((a) => `<option value="${escapeHtml(a.sub)}">${escapeHtml(a.name)} &lt;${escapeHtml(a.email)}&gt;</option>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stand-in OpenID Provider</title></head><body>
<main><h1>Stand-in OpenID Provider</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="account">Account</label> <select id="account" name="account">${options}</select>
<button type="submit">Continue</button>
</form></main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

export async function startOidcStandin(options: OidcStandinOptions): Promise<OidcStandin> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? "log-streams";
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString("base64url");
  const rolesClaim = options.rolesClaim;

  const kid = "standin-key";
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const foreignKey = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [{ ...(privateKey.export({ format: "jwk" }) as object), kid, alg: "RS256", use: "sig" }] },
    claims: {
      openid: ["sub", ...(rolesClaim ? [rolesClaim] : [])],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    // Every claim of the granted scopes goes into the ID token (the relying party reads only that).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          ...(rolesClaim && account.roles ? { [rolesClaim]: account.roles } : {}),
        }),
      };
    },
    // Consent is implied: the first sign-in grants what the dashboard asks for.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });

  let tamper: IdTokenTamper | null = null;
  const callback = provider.callback();

  /** Rewrites the token endpoint's answer when told to lie. */
  function lyingTokenAnswer(res: http.ServerResponse) {
    const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
    res.end = ((chunk?: unknown) => {
      if (!tamper || chunk === undefined || res.statusCode !== 200) return end(chunk);
      const answer = JSON.parse(String(chunk)) as { id_token?: string };
      if (answer.id_token) {
        const claims = JSON.parse(Buffer.from(answer.id_token.split(".")[1]!, "base64url").toString()) as Record<
          string,
          unknown
        >;
        answer.id_token = signIdToken(
          { ...claims, ...(tamper.iss ? { iss: tamper.iss } : {}), ...(tamper.aud ? { aud: tamper.aud } : {}) },
          tamper.foreignKey ? foreignKey : privateKey,
          kid,
        );
      }
      const body = JSON.stringify(answer);
      res.setHeader("content-length", Buffer.byteLength(body));
      return end(body);
    }) as typeof res.end;
  }

  server.on("request", async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    try {
      const login = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
      if (login) {
        const details = await provider.interactionDetails(req, res);
        if (login[2] && req.method === "POST") {
          const account = (await readForm(req)).get("account") ?? "";
          if (!accounts.has(account)) {
            res.writeHead(400, { "content-type": "text/plain" }).end("unknown account");
            return;
          }
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: account } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(loginPage(details.uid, options.accounts));
        return;
      }
      if (url.pathname === "/token") lyingTokenAnswer(res);
      callback(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" }).end(String((error as Error).message));
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    tamperIdTokens: (next) => {
      tamper = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
