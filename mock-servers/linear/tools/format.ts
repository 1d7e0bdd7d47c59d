/** Text and structured rendering of Linear issues shared by the tools. */
import { shortTime } from '../../shared/tool-helpers.js';
import { PRIORITY_NAMES, type Issue } from '../seed.js';
import type { LinearStore } from '../store.js';

export const priorityName = (p: number): string => PRIORITY_NAMES[p] ?? 'No priority';

export function issueLine(store: LinearStore, i: Issue): string {
  return `${i.id} [${i.state}] ${i.title} - ${priorityName(i.priority)}, ${store.personName(i.assignee)}`;
}

export function issueDetails(store: LinearStore, i: Issue): string {
  return [
    `${i.id}: ${i.title}`,
    `State: ${i.state} | Priority: ${priorityName(i.priority)} | Team: ${i.team}`,
    `Assignee: ${store.personName(i.assignee)} | Created by: ${store.personName(i.creator)} on ${shortTime(i.createdAt)}`,
    i.labels.length ? `Labels: ${i.labels.join(', ')}` : undefined,
    '',
    i.description || '(no description)',
  ]
    .filter((l) => l !== undefined)
    .join('\n');
}

export function issueData(store: LinearStore, i: Issue): Record<string, unknown> {
  return {
    ...i,
    labels: [...i.labels],
    priority_name: priorityName(i.priority),
    assignee_name: i.assignee === null ? null : store.personName(i.assignee),
    creator_name: store.personName(i.creator),
  };
}
