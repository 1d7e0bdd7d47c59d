/**
 * Reads a V8 .cpuprofile and ranks where the time went: self time per function (file:line), and
 * per area (our code by folder, the MCP SDK, express, undici, node internals, GC, idle).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const CpuProfile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface HotSpot {
  where: string;
  fn: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  functions: HotSpot[];
  /** Our own code (not node_modules, not node:) by inclusive time: what a fix in this repo can reach. */
  ownInclusive: HotSpot[];
  areas: { area: string; selfMs: number; share: number }[];
}

/** Groups a script URL into an area a reader can act on. */
export function areaOf(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(program)') return 'V8/native (program)';
  if (url === '') return 'native';
  if (url.startsWith('node:')) return url.includes('undici') ? 'node fetch (undici)' : `node internals`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `package ${pkg}`;
  }
  const path = url.replace(/^file:\/\//, '');
  const rel = relative(process.cwd(), path);
  return rel.split('/').slice(0, 2).join('/');
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = CpuProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    totalUs += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const fns = new Map<string, HotSpot>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    if (fn === '(idle)') idleUs += us;
    const file = url.startsWith('file://') ? relative(process.cwd(), url.slice(7)) : url || '(native)';
    const where = `${file}:${lineNumber + 1}`;
    const key = `${where} ${fn}`;
    const h = fns.get(key) ?? { where, fn, selfMs: 0, share: 0 };
    h.selfMs += us / 1000;
    fns.set(key, h);
    const a = areaOf(url, fn);
    areas.set(a, (areas.get(a) ?? 0) + us / 1000);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<string, HotSpot>();
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !f.url.startsWith('file://') || f.url.includes('/node_modules/')) continue;
      const where = `${relative(process.cwd(), f.url.slice(7))}:${f.lineNumber + 1}`;
      const key = `${where} ${f.functionName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const h = own.get(key) ?? { where, fn: f.functionName || '(anonymous)', selfMs: 0, share: 0 };
      h.selfMs += dt;
      own.set(key, h);
    }
  });
  const functions = [...fns.values()]
    .filter((h) => h.fn !== '(idle)')
    .map((h) => ({ ...h, share: h.selfMs / busyMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return {
    totalMs: totalUs / 1000,
    busyMs,
    functions,
    ownInclusive: [...own.values()]
      .map((h) => ({ ...h, share: h.selfMs / busyMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    areas: [...areas]
      .filter(([a]) => a !== 'idle')
      .map(([area, ms]) => ({ area, selfMs: ms, share: ms / busyMs }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function renderProfile(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms sampled`,
    'by area (self time):',
    ...s.areas.slice(0, 15).map((a) => `  ${pct(a.share).padStart(6)}  ${a.area}`),
    'hottest functions (self time):',
    ...s.functions.map((f) => `  ${pct(f.share).padStart(6)}  ${f.fn}  ${f.where}`),
    'our code, inclusive time:',
    ...s.ownInclusive.map((f) => `  ${pct(f.share).padStart(6)}  ${f.fn}  ${f.where}`),
  ].join('\n');
}
