// A real OpenID Connect provider on loopback for the tests (panva/node-oidc-provider, pinned in
// package-lock.json), standing in for the federal authentication service (FAS/CSAM: eID, itsme).
// Its development interactions log in whoever types an account id; the account's claims are the
// ones FAS releases: the national number in `egovNRN`, the names under `profile`.
//
// Environment: OIDC_PORT, OIDC_CLIENTS (JSON list of {client_id, client_secret, redirect_uris}),
// OIDC_ACCOUNTS (JSON object: account id -> claims). Prints "ready <issuer>" once listening.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");
const clients = JSON.parse(process.env.OIDC_CLIENTS || "[]").map((c) => ({
  ...c,
  grant_types: ["authorization_code"],
  response_types: ["code"],
  token_endpoint_auth_method: "client_secret_basic",
}));

const provider = new Provider(issuer, {
  clients,
  scopes: ["openid", "profile", "egovNRN"],
  claims: {
    openid: ["sub"],
    profile: ["given_name", "family_name"],
    egovNRN: ["egovNRN"],
  },
  pkce: { required: () => true },
  cookies: { keys: ["affilio-test-oidc-provider-cookie-key"] },
  async findAccount(_ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
