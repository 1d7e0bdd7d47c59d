/** Turns as one readable line each, for the pretty reporter and JUnit system-out. */
import type { Turn } from '../report-schema.js';

const clip = (s: string, n = 300) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

export function turnLine(t: Turn): string {
  const at = `${String(Math.round(t.at_ms)).padStart(5)}ms`;
  switch (t.kind) {
    case 'user':
      return `${at} user(${t.user}${t.conversation === 'main' ? '' : `/${t.conversation}`}): ${clip(t.text)}`;
    case 'assistant':
      return `${at} assistant: ${clip(t.text)}`;
    case 'tool-call':
      return `${at} → ${t.name} ${clip(JSON.stringify(t.args ?? {}), 200)}`;
    case 'tool-result':
      return `${at} ← ${t.name}${t.is_error ? ' (error)' : ''}: ${clip(t.text, 200)}`;
    case 'action':
      return `${at} [action] ${t.action}${t.user ? ` as ${t.user}` : ''} ${t.detail}${t.ok ? '' : ` FAILED: ${t.error ?? ''}`} (${Math.round(t.duration_ms)}ms)`;
    case 'expectation': {
      const why = t.reason ? ` (${clip(t.reason, 200)})` : '';
      if (t.status === 'scripted')
        return `${at} ~ ${t.id}: ${t.expected} (scripted: echoes the scenario's own script, not counted)`;
      if (t.status === 'not_run') return `${at} ? ${t.id}: not run${why}`;
      return `${at} ${t.passed ? '✓' : '✗'} ${t.id}: ${t.passed ? `${t.expected}${why}` : `expected ${t.expected}; actual ${clip(t.actual)}${why}`}`;
    }
    case 'error':
      return `${at} [error] ${t.message}`;
  }
}

export function transcriptLines(turns: readonly Turn[]): string[] {
  return turns.map(turnLine);
}
