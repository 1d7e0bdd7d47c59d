/**
 * Seed data of the mock Linear workspace "Acme": three teams and about thirty issues whose stories
 * line up with the mock Slack's channels (checkout incident, login timeouts, dark mode, export API).
 */

export const STATES = ['Backlog', 'Todo', 'In Progress', 'In Review', 'Done', 'Canceled'] as const;
export type IssueState = (typeof STATES)[number];

/** Linear's convention: 0 none, 1 urgent, 2 high, 3 medium, 4 low. */
export const PRIORITY_NAMES = ['No priority', 'Urgent', 'High', 'Medium', 'Low'] as const;

export interface Team {
  key: string;
  name: string;
  description: string;
}

export interface Issue {
  id: string;
  team: string;
  number: number;
  title: string;
  description: string;
  state: IssueState;
  priority: number;
  assignee: string | null;
  creator: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
}

export const PEOPLE: Record<string, string> = {
  alice: 'Alice Chen',
  bob: 'Bob Martinez',
  carol: 'Carol Okafor',
  dana: 'Dana Whitfield',
  evan: 'Evan Park',
  priya: 'Priya Nair',
  workspace: 'Navigator Bot',
};

export const TEAMS: Team[] = [
  { key: 'ENG', name: 'Engineering', description: 'Backend, web and mobile engineering' },
  { key: 'DES', name: 'Design', description: 'Product design and the design system' },
  { key: 'OPS', name: 'Operations', description: 'Infrastructure, reliability and on-call' },
];

type Row = [
  title: string,
  state: IssueState,
  priority: number,
  assignee: string | null,
  creator: string,
  labels: string[],
  day: number,
  description: string,
];

function issues(team: string, rows: Row[]): Issue[] {
  return rows.map(([title, state, priority, assignee, creator, labels, day, description], i) => {
    const createdAt = new Date(Date.UTC(2025, 10, day, 9 + (i % 8), (i * 7) % 60)).toISOString();
    return {
      id: `${team}-${i + 1}`,
      team,
      number: i + 1,
      title,
      description,
      state,
      priority,
      assignee,
      creator,
      labels,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

export const SEED_ISSUES: Issue[] = [
  ...issues('ENG', [
    [
      'Move session storage to Redis',
      'In Review',
      2,
      'evan',
      'alice',
      ['backend', 'auth'],
      10,
      'PR #482. Replace the in-process session map so API nodes can scale horizontally.',
    ],
    [
      'Quarantine flaky checkout.spec "applies coupon"',
      'Todo',
      3,
      'evan',
      'alice',
      ['tests'],
      19,
      'Fails 3 of the last 10 CI runs. Quarantine, then find the race.',
    ],
    [
      'Gift card in cart crashes coupon service (INC-231 follow-up)',
      'In Progress',
      1,
      'evan',
      'dana',
      ['bug', 'checkout', 'incident'],
      20,
      'Null pointer in coupon service when the cart holds a gift card. Must be fixed before re-enabling checkout_v2.',
    ],
    [
      'Retire legacy /v1/export endpoint',
      'Backlog',
      3,
      'alice',
      'alice',
      ['api'],
      18,
      'Two customers still call it (Globex, Initech). Announce deprecation, remove by end of January.',
    ],
    [
      'CSV export filters',
      'Todo',
      3,
      'alice',
      'carol',
      ['feature', 'export'],
      18,
      'Top customer ask: filter by date range and status. Build on the new export API.',
    ],
    [
      'Upgrade Node to 22 on API servers',
      'Backlog',
      4,
      null,
      'dana',
      ['infra'],
      12,
      'Node 20 support ends in April. Check native modules first.',
    ],
    [
      'Add load test for token refresh path',
      'Todo',
      2,
      'bob',
      'alice',
      ['auth', 'tests'],
      17,
      'Requested in review of PR #482.',
    ],
    [
      'SSO (SAML) for the Team plan',
      'Backlog',
      2,
      'carol',
      'carol',
      ['feature', 'auth'],
      5,
      'Third most requested feature. Needs a security review.',
    ],
    [
      'Checkout v2 behind feature flag',
      'Done',
      2,
      'alice',
      'carol',
      ['checkout'],
      3,
      'Ship the redesigned checkout behind `checkout_v2`.',
    ],
    [
      'Rate limiter rollout to 100% traffic',
      'In Progress',
      2,
      'dana',
      'dana',
      ['infra'],
      14,
      'At 50% with unchanged p99. Go to 100% on Monday.',
    ],
    [
      'Remove unused feature flags',
      'Canceled',
      4,
      null,
      'evan',
      ['cleanup'],
      6,
      'Superseded by the flag cleanup script.',
    ],
    [
      'Mobile: show offline banner',
      'Todo',
      3,
      'carol',
      'bob',
      ['mobile'],
      13,
      'Users do not notice when the app is offline.',
    ],
    ['Paginate /v2/orders response', 'Done', 3, 'evan', 'evan', ['api'], 4, 'Large accounts time out listing orders.'],
    [
      'Audit logging for admin actions',
      'Backlog',
      2,
      'bob',
      'carol',
      ['security'],
      11,
      'Enterprise customers ask who changed which setting.',
    ],
  ]),
  ...issues('DES', [
    ['Checkout v2 final mocks', 'Done', 2, 'bob', 'carol', ['checkout'], 10, 'Figma: "Checkout v2 / final".'],
    [
      'Coupon field error state',
      'In Review',
      3,
      'bob',
      'priya',
      ['checkout', 'design-system'],
      17,
      'Use Input/Error from the component library.',
    ],
    [
      'Dark mode token audit',
      'Todo',
      2,
      'priya',
      'carol',
      ['design-system'],
      19,
      'About 40 hard-coded colors remain in the dashboard.',
    ],
    [
      'Dark mode for the dashboard',
      'Backlog',
      2,
      'bob',
      'carol',
      ['feature'],
      19,
      'Scope for Q1 after the token audit.',
    ],
    [
      'Secondary button fails WCAG AA contrast',
      'In Progress',
      1,
      'priya',
      'priya',
      ['accessibility', 'bug'],
      21,
      'On the grey background the contrast ratio is 3.1:1.',
    ],
    [
      'Icon set v3 migration',
      'Done',
      4,
      'bob',
      'bob',
      ['design-system'],
      7,
      'Old icons remain until the end of the year.',
    ],
    [
      'Icon export script breaks on 24px variants',
      'Todo',
      3,
      'priya',
      'bob',
      ['tooling', 'bug'],
      20,
      'Export produces blank SVGs for the 24px size.',
    ],
    [
      'Onboarding checklist illustrations',
      'Backlog',
      4,
      null,
      'carol',
      ['onboarding'],
      8,
      'Four empty-state illustrations for the new onboarding checklist.',
    ],
  ]),
  ...issues('OPS', [
    [
      'Postgres primary disk at 85%',
      'Done',
      1,
      'dana',
      'dana',
      ['database'],
      18,
      'Added a volume; set an alert at 75%.',
    ],
    ['Rotate VPN certificates', 'Done', 2, 'dana', 'dana', ['security'], 20, 'Rotation at 22:00 UTC on Nov 20.'],
    [
      'INC-231 postmortem',
      'In Progress',
      2,
      'dana',
      'alice',
      ['incident'],
      21,
      'Checkout 500s after the 13:10 deploy. Timeline, root cause, action items.',
    ],
    [
      'Alert on checkout error rate above 2%',
      'Todo',
      1,
      'dana',
      'dana',
      ['monitoring', 'checkout'],
      21,
      'INC-231 was noticed by customers before the alert fired.',
    ],
    [
      'Backup restore drill',
      'Backlog',
      3,
      'carol',
      'dana',
      ['database'],
      9,
      'Quarterly restore test of the production backup.',
    ],
    [
      'On-call handbook refresh',
      'Todo',
      4,
      'carol',
      'carol',
      ['docs'],
      15,
      'Update escalation contacts and the SEV definitions.',
    ],
    [
      'Reduce CI runtime below 10 minutes',
      'In Progress',
      3,
      'evan',
      'alice',
      ['ci'],
      16,
      'Parallelize integration tests and cache dependencies.',
    ],
    [
      'Decommission old staging cluster',
      'Canceled',
      4,
      null,
      'dana',
      ['infra'],
      2,
      'Kept as a load-test environment instead.',
    ],
  ]),
];
