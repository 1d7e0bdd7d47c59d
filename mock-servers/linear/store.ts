/**
 * In-memory Linear workspace: seeded teams and issues, resettable, recording created issues and state
 * changes (with who made them) for test assertions.
 */
import type { Account, MockStore } from '../shared/types.js';
import { PEOPLE, SEED_ISSUES, STATES, TEAMS, type Issue, type IssueState, type Team } from './seed.js';

export interface IssueFilter {
  query?: string;
  team?: string;
  state?: string;
  /** A handle, `me` (resolved by the caller), or `unassigned`. */
  assignee?: string;
}

export interface NewIssue {
  team: Team;
  title: string;
  description?: string;
  priority: number;
  assignee: string | null;
  creator: Account;
}

export interface StateChange {
  id: string;
  from: IssueState;
  to: IssueState;
  by: Account;
  at: string;
}

export class LinearStore implements MockStore {
  readonly teams: readonly Team[] = TEAMS;
  private issues: Issue[] = [];
  private created: string[] = [];
  private changes: StateChange[] = [];

  constructor() {
    this.reset();
  }

  reset(): void {
    this.issues = SEED_ISSUES.map((i) => ({ ...i, labels: [...i.labels] }));
    this.created = [];
    this.changes = [];
  }

  state(): Record<string, unknown> {
    return {
      createdIssues: this.created.map((id) => ({ ...this.getIssue(id) })),
      updatedIssues: this.changes.map((c) => ({ ...c })),
    };
  }

  isPerson(handle: string): boolean {
    return handle in PEOPLE;
  }

  personName(handle: string | null): string {
    return handle === null ? 'Unassigned' : (PEOPLE[handle] ?? handle);
  }

  /** Accepts a team key (`ENG`) or name (`Engineering`), any case. */
  findTeam(ref: string): Team | undefined {
    const key = ref.trim().toLowerCase();
    return this.teams.find((t) => t.key.toLowerCase() === key || t.name.toLowerCase() === key);
  }

  findState(ref: string): IssueState | undefined {
    const key = ref.trim().toLowerCase();
    return STATES.find((s) => s.toLowerCase() === key);
  }

  getIssue(id: string): Issue | undefined {
    const key = id.trim().toUpperCase();
    return this.issues.find((i) => i.id === key);
  }

  /** Filters are ANDed; results sorted by priority (urgent first, none last) then most recently updated. */
  list(f: IssueFilter): Issue[] {
    const words = (f.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const team = f.team === undefined ? undefined : this.findTeam(f.team)?.key;
    const state = f.state?.trim().toLowerCase();
    const assignee = f.assignee?.trim().replace(/^@/, '').toLowerCase();
    const rank = (p: number) => (p === 0 ? 5 : p);
    return this.issues
      .filter((i) => team === undefined || i.team === team)
      .filter((i) => state === undefined || i.state.toLowerCase() === state)
      .filter(
        (i) => assignee === undefined || (assignee === 'unassigned' ? i.assignee === null : i.assignee === assignee),
      )
      .filter((i) =>
        words.every((w) => `${i.id} ${i.title} ${i.description} ${i.labels.join(' ')}`.toLowerCase().includes(w)),
      )
      .sort((a, b) => rank(a.priority) - rank(b.priority) || b.updatedAt.localeCompare(a.updatedAt));
  }

  create(n: NewIssue): Issue {
    const number = Math.max(0, ...this.issues.filter((i) => i.team === n.team.key).map((i) => i.number)) + 1;
    const now = new Date().toISOString();
    const issue: Issue = {
      id: `${n.team.key}-${number}`,
      team: n.team.key,
      number,
      title: n.title,
      description: n.description ?? '',
      state: 'Todo',
      priority: n.priority,
      assignee: n.assignee,
      creator: n.creator,
      labels: [],
      createdAt: now,
      updatedAt: now,
    };
    this.issues.push(issue);
    this.created.push(issue.id);
    return issue;
  }

  setState(issue: Issue, to: IssueState, by: Account): StateChange {
    const change: StateChange = { id: issue.id, from: issue.state, to, by, at: new Date().toISOString() };
    issue.state = to;
    issue.updatedAt = change.at;
    this.changes.push(change);
    return change;
  }
}
