/**
 * Starts the bench's processes: the mocks (once) and any number of navigators, each in its own child,
 * and connects a navigator user to Slack through the real guided OAuth flow.
 */
import { AuthBrowser } from '../kit/auth-browser.js';
import { startChild } from '../kit/stack/ipc.js';
import type { Child } from '../kit/stack/ipc.js';
import type { Target } from './mcp-load.js';

export interface Mocks {
  child: Child;
  slackUrl: string;
  linearUrl: string;
}

export interface NavigatorInfo {
  url: string;
  apiKey: string;
  adminKey: string;
  linkUrl: string;
}

export interface BenchNavigator {
  child: Child;
  info: NavigatorInfo;
  /** MCP target on instance `demo` for `user`. */
  target(user: string): Target;
}

export async function startMocks(): Promise<Mocks> {
  const child = await startChild('bench/mock-process.ts');
  const urls = await child.call<{ slack: string; linear: string }>('urls');
  return { child, slackUrl: urls.slack, linearUrl: urls.linear };
}

export async function startBenchNavigator(
  mocks: Mocks,
  opts: { dbPath?: string; experiments?: string[] } = {},
): Promise<BenchNavigator> {
  const child = await startChild(
    'bench/navigator-process.ts',
    [JSON.stringify({ slackUrl: mocks.slackUrl, linearUrl: mocks.linearUrl, dbPath: opts.dbPath })],
    {
      env: { BENCH_NAV_EXPERIMENTS: (opts.experiments ?? []).join(',') },
    },
  );
  const info = await child.call<NavigatorInfo>('info');
  return {
    child,
    info,
    target: (user) => ({
      url: `${info.url}/mcp/demo`,
      headers: { authorization: `Bearer ${info.apiKey}`, 'x-navigator-user': user },
    }),
  };
}

/** Signs `user` in on the navigator and connects Slack (consent on the mock as the same account). */
export function connectSlack(nav: BenchNavigator, user: string): Promise<void> {
  return new AuthBrowser(nav.info.url).signInAndConnect(nav.info.linkUrl, user, ['slack']);
}
