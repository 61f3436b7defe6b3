// A real OpenID Connect provider (oidc-provider) on 127.0.0.1, started by breachdesk's single
// sign-on tests. It prints its issuer URL as its first line of output and serves until killed.
//
// One confidential client: BREACHDESK_OIDC_CLIENT_ID / _SECRET with the redirect URI
// BREACHDESK_OIDC_REDIRECT_URI. Any account exists: its id is its e-mail address, verified.
// There is no login form: the test, acting as the browser, names the account by adding
// ?login=<e-mail address> to the interaction URL the provider redirects to, and consent is
// granted for the scopes asked.
import http from "node:http";
import Provider from "oidc-provider";

const clientId = process.env.BREACHDESK_OIDC_CLIENT_ID;
const clientSecret = process.env.BREACHDESK_OIDC_CLIENT_SECRET;
const redirectUri = process.env.BREACHDESK_OIDC_REDIRECT_URI;
if (!clientId || !clientSecret || !redirectUri) {
  throw new Error("set BREACHDESK_OIDC_CLIENT_ID, BREACHDESK_OIDC_CLIENT_SECRET and BREACHDESK_OIDC_REDIRECT_URI");
}

let provider;
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, provider.issuer);
    if (url.pathname.startsWith("/interaction/")) {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        const accountId = url.searchParams.get("login");
        if (!accountId) {
          res.writeHead(400).end("name the account with ?login=");
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      } else {
        const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      return;
    }
    provider.callback()(req, res);
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id };
      },
    }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["breachdesk-test-only"] },
  });
  provider.proxy = false;
  console.log(issuer);
});
