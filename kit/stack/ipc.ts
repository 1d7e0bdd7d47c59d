/**
 * Request/reply over Node's IPC channel between a parent and its child processes (the bench's mocks and
 * navigators, a stack started with `isolation: 'child-process'`),
 * so each server runs on its own event loop: its memory and CPU can be read in isolation, and msw in the
 * parent cannot reach it.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

interface Request {
  id: number;
  cmd: string;
  arg?: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

function isReply(m: unknown): m is Reply {
  return (
    typeof m === 'object' && m !== null && typeof (m as Reply).id === 'number' && typeof (m as Reply).ok === 'boolean'
  );
}

export interface Child {
  pid: number;
  /** MaxListenersExceededWarning lines the child printed (kept out of the bench output, counted here). */
  listenerWarnings(): number;
  call<T>(cmd: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks `script` (TypeScript, through tsx) with `--expose-gc` and waits for its `ready` message. */
export async function startChild(
  script: string,
  args: string[] = [],
  opts: { execArgv?: string[]; env?: Record<string, string> } = {},
): Promise<Child> {
  const proc: ChildProcess = fork(resolve(script), args, {
    execArgv: ['--import', 'tsx', '--expose-gc', '--enable-source-maps', ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let warnings = 0;
  if (proc.stderr) {
    createInterface({ input: proc.stderr }).on('line', (line) => {
      if (line.includes('MaxListenersExceededWarning')) warnings++;
      else if (!line.includes('node --trace-warnings')) process.stderr.write(`${line}\n`);
    });
  }
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited = false;
  const exitPromise = new Promise<void>((res) => proc.once('exit', () => res()));
  void exitPromise.then(() => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${script} exited`));
    pending.clear();
  });
  const ready = new Promise<void>((res, rej) => {
    proc.once('exit', (code) => rej(new Error(`${script} exited with code ${code} before it was ready`)));
    proc.on('message', (m) => {
      if (m === 'ready') return res();
      if (!isReply(m)) return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.error ?? 'child error'));
    });
  });
  await ready;
  return {
    pid: proc.pid ?? -1,
    listenerWarnings: () => warnings,
    call: <T>(cmd: string, arg?: unknown, timeoutMs = 120_000) =>
      new Promise<T>((res, rej) => {
        if (exited) return rej(new Error(`${script} is not running`));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          rej(new Error(`${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            res(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            rej(e);
          },
        });
        proc.send({ id, cmd, arg } satisfies Request);
      }),
    stop: async () => {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

export type Handlers = Record<string, (arg: unknown) => unknown>;

/** Child side: answers requests with `handlers`, then tells the parent it is ready. */
export function serveParent(handlers: Handlers): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this script must be started through startChild (no IPC channel)');
  process.on('message', (m: unknown) => {
    const req = m as Request;
    if (typeof req?.id !== 'number' || typeof req.cmd !== 'string') return;
    const handler = handlers[req.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${req.cmd}`);
        return handler(req.arg);
      })
      .then(
        (value: unknown) => send({ id: req.id, ok: true, value } satisfies Reply),
        (err: unknown) =>
          send({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
  send('ready');
}
