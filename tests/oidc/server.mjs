// A real OpenID Connect provider on loopback (oidc-provider, with its
// development login and consent pages), for the connect flow's interop test.
// Prints one line of JSON with its endpoints, then serves until killed.
import { createServer } from 'node:http';
import { Provider } from 'oidc-provider';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cloudpick',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  // A refresh token for every code this client trades, as desktop sign-ins need.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, name: 'OIDC User', email: `${id}@example.test` }),
  }),
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
server.on('request', provider.callback());

console.log(
  JSON.stringify({
    issuer,
    authorize_url: `${issuer}/auth`,
    token_url: `${issuer}/token`,
    client_id: 'cloudpick',
  }),
);
