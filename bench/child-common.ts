/**
 * Commands every bench child answers: its memory after a full GC, and a CPU profile started and
 * stopped on request (written as a .cpuprofile file the bench summarizes).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Two passes: the first frees objects whose finalizers release more objects.
  gc?.();
  gc?.();
}

/**
 * tsx serves TypeScript compiled to one line, so profile positions point nowhere useful; with
 * --enable-source-maps Node keeps each module's inline map and we rewrite positions to the .ts source.
 */
function mapToSource(frame: { url: string; lineNumber: number; columnNumber: number }): void {
  if (!frame.url.startsWith('file://') || frame.url.includes('/node_modules/') || frame.lineNumber < 0) return;
  const map = findSourceMap(frame.url);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalLine' in entry) {
    frame.lineNumber = entry.originalLine;
    frame.columnNumber = entry.originalColumn;
  }
}

export function processHandlers(): Record<string, (arg: unknown) => unknown> {
  let session: Session | undefined;
  return {
    memory: (): MemorySample => {
      collect();
      const m = process.memoryUsage();
      return {
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      };
    },
    /** CPU time used so far (user + system, µs): unlike wall time, it does not grow when other work shares the machine. */
    cpu: () => {
      const c = process.cpuUsage();
      return c.user + c.system;
    },
    profileStart: async () => {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      return true;
    },
    profileStop: async (arg: unknown) => {
      if (!session) throw new Error('no profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      for (const node of profile.nodes) mapToSource(node.callFrame);
      writeFileSync(String(arg), JSON.stringify(profile));
      return String(arg);
    },
  };
}
