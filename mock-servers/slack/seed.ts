/**
 * Seed data of the mock Slack workspace "Acme": channels, people and a few dozen messages, plus direct
 * messages that differ per account (alice's DMs are not bob's; the workspace bot has none).
 */

export interface SlackUser {
  handle: string;
  name: string;
  title: string;
}

export interface SlackChannel {
  id: string;
  name: string;
  topic: string;
  members: number;
}

export interface SlackMessage {
  ts: string;
  /** ISO time, UTC. */
  at: string;
  user: string;
  text: string;
}

export interface DirectConversation {
  /** The two handles, sorted. */
  between: [string, string];
  messages: SlackMessage[];
}

export const USERS: SlackUser[] = [
  { handle: 'alice', name: 'Alice Chen', title: 'Engineering Lead' },
  { handle: 'bob', name: 'Bob Martinez', title: 'Product Designer' },
  { handle: 'carol', name: 'Carol Okafor', title: 'Product Manager' },
  { handle: 'dana', name: 'Dana Whitfield', title: 'Site Reliability Engineer' },
  { handle: 'evan', name: 'Evan Park', title: 'Backend Engineer' },
  { handle: 'priya', name: 'Priya Nair', title: 'Design Systems' },
  { handle: 'workspace', name: 'Navigator Bot', title: 'Workspace bot' },
  { handle: 'deploybot', name: 'Deploy Bot', title: 'CI/CD' },
];

export const CHANNELS: SlackChannel[] = [
  { id: 'C01GENERAL', name: 'general', topic: 'Company-wide announcements', members: 42 },
  { id: 'C02ENGINEER', name: 'engineering', topic: 'Deploys, code review, architecture', members: 18 },
  { id: 'C03DESIGN', name: 'design', topic: 'Design reviews and the component library', members: 9 },
  { id: 'C04INCIDENT', name: 'incidents', topic: 'Production incidents. Post status updates in thread.', members: 23 },
  { id: 'C05RANDOM', name: 'random', topic: 'Non-work banter', members: 40 },
  { id: 'C06PRODUCT', name: 'product', topic: 'Roadmap, launches and customer feedback', members: 15 },
];

/** Slack-style `ts` from an ISO time, with a sequence to keep it unique. */
export function toTs(iso: string, seq = 0): string {
  return `${Math.floor(Date.parse(iso) / 1000)}.${String(100 + seq).padStart(6, '0')}`;
}

type Row = [string, string, string];
const rows = (list: Row[]): SlackMessage[] => list.map(([at, user, text], i) => ({ ts: toTs(at, i), at, user, text }));

export const CHANNEL_MESSAGES: Record<string, SlackMessage[]> = {
  general: rows([
    [
      '2025-11-17T09:00:00Z',
      'carol',
      'Good morning all! Reminder: Q4 planning review is Thursday at 15:00 in the big room.',
    ],
    ['2025-11-17T09:04:00Z', 'alice', 'Thanks Carol. Engineering will bring the updated capacity sheet.'],
    ['2025-11-18T12:30:00Z', 'priya', 'Lunch & learn today: "Accessible color tokens" at 13:00, snacks provided 🍪'],
    [
      '2025-11-19T16:45:00Z',
      'carol',
      'Office will close early on Friday for the building maintenance. Plan remote work accordingly.',
    ],
    [
      '2025-11-20T08:15:00Z',
      'dana',
      'Heads up: VPN certificates rotate tonight at 22:00 UTC. Reconnect if you get kicked out.',
    ],
    ['2025-11-21T10:00:00Z', 'carol', 'Welcome Evan to the backend team! 🎉 He joins from the payments group.'],
    ['2025-11-21T10:02:00Z', 'evan', 'Thanks everyone, happy to be here. Ping me about anything billing-related.'],
    ['2025-11-24T09:05:00Z', 'alice', 'Reminder: code freeze for the December release starts next Monday.'],
  ]),
  engineering: rows([
    [
      '2025-11-17T10:12:00Z',
      'evan',
      'PR #482 moves session storage to Redis. Could use a second reviewer, it touches the auth middleware.',
    ],
    [
      '2025-11-17T10:40:00Z',
      'alice',
      'I will take #482 after standup. Please add a load test for the token refresh path.',
    ],
    ['2025-11-17T14:03:00Z', 'deploybot', 'Deployed api@2025.11.17-3 to production (12 commits, 4 authors).'],
    [
      '2025-11-18T09:20:00Z',
      'dana',
      'Postgres primary hit 85% disk. I am adding a volume now; no action needed from app teams.',
    ],
    [
      '2025-11-18T11:05:00Z',
      'alice',
      'Proposal: retire the legacy /v1/export endpoint by end of January. Objections in thread please.',
    ],
    ['2025-11-18T11:30:00Z', 'evan', '+1 from backend. Only two customers still call it; Carol has the list.'],
    [
      '2025-11-19T15:22:00Z',
      'evan',
      'Flaky test alert: checkout.spec "applies coupon" failed 3 of the last 10 CI runs.',
    ],
    ['2025-11-19T15:40:00Z', 'alice', 'Let us quarantine it and file an issue. Evan, can you own the fix this sprint?'],
    [
      '2025-11-20T13:10:00Z',
      'deploybot',
      'Deployed web@2025.11.20-1 to production (checkout redesign behind flag `checkout_v2`).',
    ],
    [
      '2025-11-21T09:55:00Z',
      'dana',
      'Rate limiter rollout is at 50% of traffic; p99 latency unchanged. Going to 100% Monday.',
    ],
    [
      '2025-11-24T08:45:00Z',
      'alice',
      'The mobile login timeout from the incident channel needs an owner: it is likely the token refresh race in #482.',
    ],
  ]),
  design: rows([
    [
      '2025-11-17T13:00:00Z',
      'bob',
      'New checkout flow mocks are up in Figma: "Checkout v2 / final". Feedback by Wednesday please.',
    ],
    [
      '2025-11-17T13:25:00Z',
      'priya',
      'Looks great. The coupon field needs the new error state from the component library.',
    ],
    [
      '2025-11-18T10:10:00Z',
      'bob',
      'Updated: coupon field uses `Input/Error`, and the order summary collapses on mobile.',
    ],
    ['2025-11-19T09:30:00Z', 'carol', 'Customers keep asking for dark mode in the dashboard. Can we scope it for Q1?'],
    [
      '2025-11-19T09:50:00Z',
      'priya',
      'Dark mode needs a token audit first: about 40 hard-coded colors left in the dashboard.',
    ],
    ['2025-11-20T14:15:00Z', 'bob', 'Icon set v3 is published. Old icons stay available until the end of the year.'],
    [
      '2025-11-21T11:40:00Z',
      'priya',
      'Contrast check: the secondary button fails WCAG AA on the grey background. Fix coming.',
    ],
  ]),
  incidents: rows([
    [
      '2025-11-20T19:02:00Z',
      'dana',
      ':rotating_light: INC-231 SEV2: checkout returns HTTP 500 for ~8% of requests since the 13:10 deploy.',
    ],
    [
      '2025-11-20T19:06:00Z',
      'evan',
      'Looking. Errors come from the coupon service: null pointer when the cart has a gift card.',
    ],
    ['2025-11-20T19:20:00Z', 'alice', 'Disabling `checkout_v2` flag as mitigation. Error rate is dropping.'],
    [
      '2025-11-20T19:35:00Z',
      'dana',
      'INC-231 mitigated. Error rate back to baseline. Follow-up: fix gift card handling before re-enabling the flag.',
    ],
    [
      '2025-11-23T22:14:00Z',
      'dana',
      ':warning: INC-232 SEV3: mobile users report login timeouts after ~1 hour. Token refresh requests take 30s+.',
    ],
    [
      '2025-11-23T22:30:00Z',
      'evan',
      'Refresh endpoint shows lock contention on the sessions table. Possibly two refreshes racing.',
    ],
    [
      '2025-11-24T07:50:00Z',
      'dana',
      'INC-232 still open, workaround: users can sign out and back in. Needs a tracked issue and an owner.',
    ],
  ]),
  random: rows([
    ['2025-11-17T12:00:00Z', 'evan', 'Anyone up for climbing on Thursday evening?'],
    ['2025-11-17T12:05:00Z', 'bob', 'In! The new bouldering gym near the station has a student night.'],
    ['2025-11-19T17:30:00Z', 'priya', 'Sourdough update: loaf number 7 finally has an open crumb 🍞'],
    ['2025-11-20T08:00:00Z', 'dana', 'The coffee machine on floor 3 is fixed. Rejoice.'],
    ['2025-11-21T16:20:00Z', 'carol', 'Friday playlist thread, go 🎶'],
    ['2025-11-21T16:24:00Z', 'alice', 'Adding some Khruangbin, as is tradition.'],
  ]),
  product: rows([
    [
      '2025-11-18T15:00:00Z',
      'carol',
      'Customer feedback digest: top asks are CSV export filters, dark mode, and SSO for the Team plan.',
    ],
    [
      '2025-11-18T15:12:00Z',
      'alice',
      'CSV export filters are small if we build them on the new export API. I can estimate this week.',
    ],
    [
      '2025-11-20T10:30:00Z',
      'carol',
      'Launch checklist for checkout v2 is in the wiki. Marketing wants a date by Dec 1.',
    ],
    [
      '2025-11-24T09:40:00Z',
      'carol',
      'Given INC-231 let us move the checkout v2 launch by one week. Bob, does that work for design?',
    ],
    ['2025-11-24T09:48:00Z', 'bob', 'Works for me, gives us time for the contrast fixes too.'],
  ]),
};

const dm = (a: string, b: string, list: Row[]): DirectConversation => ({
  between: [a, b].sort() as [string, string],
  messages: rows(list),
});

export const DIRECT_MESSAGES: DirectConversation[] = [
  dm('alice', 'bob', [
    ['2025-11-18T16:00:00Z', 'bob', 'Hey Alice, do you have 10 minutes to look at the checkout error states with me?'],
    ['2025-11-18T16:03:00Z', 'alice', 'Sure, after 17:00 works. Send me the Figma link.'],
    [
      '2025-11-24T08:20:00Z',
      'bob',
      'Can you review my performance self-assessment draft before Friday? Keep it between us for now 🙏',
    ],
  ]),
  dm('alice', 'dana', [
    [
      '2025-11-23T22:40:00Z',
      'dana',
      'Paging you quietly: INC-232 looks like the refresh race from PR #482. Can you take it tomorrow?',
    ],
    ['2025-11-24T07:30:00Z', 'alice', 'Yes. I will file a Linear issue for the login timeout and assign it to myself.'],
  ]),
  dm('alice', 'carol', [
    [
      '2025-11-19T11:00:00Z',
      'carol',
      'Alice, confidential: we are planning a reorg of the platform team in January. Let us talk Thursday.',
    ],
    ['2025-11-19T11:10:00Z', 'alice', 'Understood. Thursday after the planning review works.'],
  ]),
  dm('bob', 'priya', [
    ['2025-11-20T09:00:00Z', 'priya', 'Bob, the icon export script broke again on the 24px variants.'],
    ['2025-11-20T09:12:00Z', 'bob', 'Ugh. I will pair with you after lunch. Coffee on me.'],
  ]),
  dm('carol', 'evan', [
    ['2025-11-21T14:00:00Z', 'carol', 'Evan, can you send me the list of customers still calling /v1/export?'],
    ['2025-11-21T14:20:00Z', 'evan', 'Sent by email: Globex and Initech. Initech promised to migrate by December.'],
  ]),
];
