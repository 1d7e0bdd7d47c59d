/**
 * Mock Linear's read-only page: every team with its issues (id, title, state, assignee, priority,
 * creator), each issue with its id as anchor (`#ENG-12`, see `issueUrl`).
 */
import { escapeHtml } from '../../server/shared/text.js';
import { anchorId, type DataPage } from '../shared/data-page.js';
import { priorityName } from './tools/format.js';
import type { LinearStore } from './store.js';

/** Where an issue is shown on the mock's page (a link the chat can open). */
export function issueUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#${anchorId(id)}`;
}

export function linearPage(store: LinearStore): DataPage {
  const sections = store.teams.map((t) => {
    const issues = store.list({ team: t.key });
    const rows = issues
      .map(
        (i) =>
          `<tr class="issue" id="${anchorId(i.id)}"><td class="id">${escapeHtml(i.id)}</td><td>${escapeHtml(i.title)}</td><td><span class="state state-${anchorId(i.state)}">${escapeHtml(i.state)}</span></td><td>${escapeHtml(store.personName(i.assignee))}</td><td>${escapeHtml(priorityName(i.priority))}</td><td>${escapeHtml(store.personName(i.creator))}</td></tr>`,
      )
      .join('');
    return `<section id="${anchorId(`team-${t.key}`)}" aria-labelledby="${anchorId(`h-${t.key}`)}"><h2 id="${anchorId(`h-${t.key}`)}">${escapeHtml(t.name)} <span class="id">${escapeHtml(t.key)}</span></h2><p class="sub">${escapeHtml(t.description)} · ${issues.length} issues</p><table><thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">State</th><th scope="col">Assignee</th><th scope="col">Priority</th><th scope="col">Created by</th></tr></thead><tbody>${rows || '<tr><td colspan="6" class="empty">No issues.</td></tr>'}</tbody></table></section>`;
  });
  return {
    title: 'Teams',
    nav: store.teams.map((t) => ({
      href: `#${anchorId(`team-${t.key}`)}`,
      label: t.name,
      hint: String(store.list({ team: t.key }).length),
    })),
    body: sections.join(''),
  };
}
