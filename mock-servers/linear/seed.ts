/**
 * Seed data of the mock Linear workspace "Acme" (`seed.yaml`): three teams and about thirty issues
 * whose stories line up with the mock Slack's channels (checkout incident, login timeouts, dark mode,
 * export API). Validated at load; each issue gets its id, number and creation time from its position.
 */
import { z } from 'zod';
import { loadDataFile } from '../shared/data-file.js';

export const STATES = ['Backlog', 'Todo', 'In Progress', 'In Review', 'Done', 'Canceled'] as const;
export type IssueState = (typeof STATES)[number];

/** Linear's convention: 0 none, 1 urgent, 2 high, 3 medium, 4 low. */
export const PRIORITY_NAMES = ['No priority', 'Urgent', 'High', 'Medium', 'Low'] as const;

const Team = z.object({ key: z.string(), name: z.string(), description: z.string() });
const SeedIssue = z.object({
  title: z.string(),
  state: z.enum(STATES),
  priority: z
    .number()
    .int()
    .min(0)
    .max(PRIORITY_NAMES.length - 1),
  assignee: z.string().nullable(),
  creator: z.string(),
  labels: z.array(z.string()),
  /** Day of November 2025 the issue was created. */
  day: z.number().int().min(1).max(30),
  description: z.string(),
});
const LinearSeed = z.object({
  people: z.record(z.string(), z.string()),
  teams: z.array(Team),
  /** Team key → its issues, in id order. */
  issues: z.record(z.string(), z.array(SeedIssue)),
});

export type Team = z.infer<typeof Team>;

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

function issues(team: string, rows: z.infer<typeof SeedIssue>[]): Issue[] {
  return rows.map((r, i) => {
    const createdAt = new Date(Date.UTC(2025, 10, r.day, 9 + (i % 8), (i * 7) % 60)).toISOString();
    const { title, description, state, priority, assignee, creator, labels } = r;
    const id = `${team}-${i + 1}`;
    return {
      id,
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

const seed = loadDataFile(new URL('./seed.yaml', import.meta.url), LinearSeed);

export const PEOPLE: Record<string, string> = seed.people;
export const TEAMS: Team[] = seed.teams;
export const SEED_ISSUES: Issue[] = Object.entries(seed.issues).flatMap(([team, rows]) => issues(team, rows));
