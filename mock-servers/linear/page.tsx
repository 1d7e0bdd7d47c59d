/**
 * Mock Linear's read-only page: every team with its issues (id, title, state, assignee, priority,
 * creator), each issue with its id as anchor (`#ENG-12`, see `issueUrl`).
 */
import { anchorId, type DataPage, type DataSection } from '../shared/data-page.js';
import { priorityName } from './tools/format.js';
import type { Issue } from './seed.js';
import type { LinearStore } from './store.js';

/** Where an issue is shown on the mock's page (a link the chat can open). */
export function issueUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#${anchorId(id)}`;
}

const COLUMNS = ['ID', 'Title', 'State', 'Assignee', 'Priority', 'Created by'];

function IssueRow({ store, issue }: { store: LinearStore; issue: Issue }) {
  return (
    <tr className="issue" id={anchorId(issue.id)}>
      <td className="id">{issue.id}</td>
      <td>{issue.title}</td>
      <td>
        <span className={`state state-${anchorId(issue.state)}`}>{issue.state}</span>
      </td>
      <td>{store.personName(issue.assignee)}</td>
      <td>{priorityName(issue.priority)}</td>
      <td>{store.personName(issue.creator)}</td>
    </tr>
  );
}

function IssueTable({ store, issues }: { store: LinearStore; issues: Issue[] }) {
  return (
    <table>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {issues.length > 0 ? (
          issues.map((i) => <IssueRow key={i.id} store={store} issue={i} />)
        ) : (
          <tr>
            <td colSpan={COLUMNS.length} className="empty">
              No issues.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function linearPage(store: LinearStore): DataPage {
  const sections = store.teams.map((team): DataSection => {
    const issues = store.list({ team: team.key });
    const heading = (
      <>
        {team.name} <span className="id">{team.key}</span>
      </>
    );
    const content = <IssueTable store={store} issues={issues} />;
    return {
      id: anchorId(`team-${team.key}`),
      label: team.name,
      heading,
      count: issues.length,
      sub: `${team.description} · ${issues.length} issues`,
      content,
    };
  });
  return { title: 'Teams', sections };
}
