/**
 * Bench child: the mock Slack and Linear servers on free ports, in their own process. Mints access
 * tokens straight from the mock's authorization-server state so the direct path needs no browser flow.
 */
import { startStack } from '../kit/stack.js';
import { ACCOUNTS, Account } from '../mock-servers/shared/types.js';
import { processHandlers } from './child-common.js';
import { serveParent } from '../kit/stack/ipc.js';

const stack = await startStack({ parts: 'mocks' });
const { slack, linear } = stack;

let clients = 0;
serveParent({
  ...processHandlers(),
  urls: () => ({ slack: slack.url, linear: linear.url }),
  /** A fresh Slack access token for `account`, issued like the token endpoint would. */
  slackToken: (arg: unknown) => {
    const account = Account.parse(arg ?? ACCOUNTS[0]);
    const clientId = `bench-${++clients}`;
    const redirectUri = 'http://localhost/bench/callback';
    const client = slack.oauth.registerClient({
      client_id: clientId,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
    });
    const pending = slack.oauth.createPending({
      client,
      redirectUri,
      scopes: ['channels:read', 'search:read', 'im:read', 'chat:write'],
      codeChallenge: 'bench',
    });
    const code = slack.oauth.issueCode(pending, account);
    return slack.oauth.exchangeCode(clientId, code).access_token;
  },
});
