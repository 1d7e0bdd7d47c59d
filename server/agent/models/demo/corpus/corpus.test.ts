// The labelled corpus (requests.yaml) through the real demo model, the AI SDK's loop and the real mock
// Slack and Linear tools. Fails on any wrong write, on a missed clarification, or below 97% exact actions.
import { describe, expect, it } from 'vitest';
import { CorpusCase, loadCorpus, runCorpus, score } from './run.js';

const cases = loadCorpus();

describe('demo model corpus', () => {
  it('has at least 300 labelled requests of every kind, the issue 12 regressions among them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const tags = new Set(cases.flatMap((c) => c.tags));
    for (const t of ['regression', 'negation', 'typo', 'emoji', 'contraction', 'politeness', 'curly'])
      expect(tags, t).toContain(t);
    expect(cases.filter((c) => c.asks).length).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.before.length > 0).length).toBeGreaterThanOrEqual(25);
    // Every example of the "Why" list, as typed there.
    const said = cases.map((c) => [...c.before, c.say]).flat();
    for (const example of [
      "don't post anything, just tell me what's in #engineering",
      "what's new in #general? open a linear ticket to follow up, it's important",
      "post 'hello team' to #random on slack",
      'done, slack is connected',
      'ok, linear is connected now too',
      'what linear issues are assigned to me?',
      'List my open Linear issues',
      'can you let #engineering know that standup moved to 10:30?',
      'summarize #general and file a ticket',
    ])
      expect(said, example).toContain(example);
  });

  it('scores a wrong write as wrong (the check can fail)', () => {
    const c = CorpusCase.parse({ id: 'x', say: 'post to #general', asks: true });
    const r = score(c, [{ name: 'slack.post_message', args: { channel: 'general', text: 'On slack' } }], 'Posted.', []);
    expect(r.wrongWrites).toHaveLength(1);
    expect(r.exact).toBe(false);
    expect(r.askedWhenExpected).toBe(false);
  });

  it('runs every request: no wrong write, every expected question asked, ≥ 97% exact actions', async () => {
    const f = await runCorpus(cases);
    const misses = f.results.filter((r) => !r.exact).map((r) => `${r.id}: ${r.problems.join('; ')}`);
    expect(
      f.results.filter((r) => r.wrongWrites.length > 0).map((r) => `${r.id}: ${JSON.stringify(r.wrongWrites)}`),
    ).toEqual([]);
    expect(f.clarificationsAsked).toBe(f.clarificationsExpected);
    expect(f.exactRate, misses.join('\n')).toBeGreaterThanOrEqual(0.97);
  });
});
