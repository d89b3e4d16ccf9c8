// A real OpenID Connect provider (oidc-provider, a certified implementation) for Treffpunkt's tests.
//
// Usage: node provider.mjs <port> <client id> <client secret> <redirect uri> <post-logout redirect uri>
// Its development login accepts any user name; the account's e-mail is `<name>@city-a.test`
// and is verified unless the name starts with "unverified". With EXTRA_CLAIMS_FILE set, the
// JSON object there (read at every request, so a test can change it between sign-ins) adds
// claims per user name: {"alice": {"idp_alias": "stadt-b"}}. Prints "ready" once it listens.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const extraClaimsFile = process.env.EXTRA_CLAIMS_FILE;
const extraClaims = (id) =>
  extraClaimsFile ? (JSON.parse(readFileSync(extraClaimsFile, 'utf8'))[id] ?? {}) : {};

const [port, clientId, clientSecret, redirectUri, postLogoutRedirectUri] = process.argv.slice(2);
if (!postLogoutRedirectUri) {
  console.error('usage: node provider.mjs <port> <client id> <client secret> <redirect uri> <post-logout redirect uri>');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutRedirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  // Like Keycloak's defaults: the ID token names the subject, the userinfo endpoint the person.
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    // Like a Keycloak mapper that names the identity provider a person came through.
    profile: ['name', 'idp_alias'],
  },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@city-a.test`,
          email_verified: !id.startsWith('unverified'),
          name: `${id[0].toUpperCase()}${id.slice(1)} Example`,
          ...extraClaims(id),
        };
      },
    };
  },
  pkce: { required: () => true },
  cookies: { keys: ['treffpunkt-test-cookie-key'] },
});
// Quiet: the test reads only the "ready" line.
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

provider.listen(Number(port), '127.0.0.1', () => {
  console.log('ready');
});
