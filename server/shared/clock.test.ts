import { describe, expect, it } from 'vitest';
import { manualClock, systemClock } from './clock.js';

describe('manualClock', () => {
  it('stands still until advanced, then runs due timers in time order', () => {
    const clock = manualClock(1_000);
    const ran: string[] = [];
    clock.after(300, () => ran.push(`b@${clock.now()}`));
    clock.after(100, () => ran.push(`a@${clock.now()}`));
    const cancelled = clock.after(200, () => ran.push('never'));
    cancelled.cancel();
    expect(clock.now()).toBe(1_000);
    expect(clock.pending()).toBe(2);
    clock.advance(299);
    expect(ran).toEqual(['a@1100']);
    clock.advance(1);
    expect(ran).toEqual(['a@1100', 'b@1300']);
    expect(clock.now()).toBe(1_300);
    expect(clock.pending()).toBe(0);
  });

  it('repeats `every` timers for each period passed', () => {
    const clock = manualClock(0);
    const at: number[] = [];
    const t = clock.every(100, () => at.push(clock.now()));
    clock.advance(350);
    expect(at).toEqual([100, 200, 300]);
    t.cancel();
    clock.advance(1_000);
    expect(at).toEqual([100, 200, 300]);
  });

  it('whenPending resolves once enough timers are scheduled', async () => {
    const clock = manualClock(0);
    let resolved = false;
    const waiting = clock.whenPending(2).then(() => (resolved = true));
    clock.after(10, () => {});
    await Promise.resolve();
    expect(resolved).toBe(false);
    clock.after(10, () => {});
    await waiting;
    expect(resolved).toBe(true);
  });
});

describe('systemClock', () => {
  it('reads the real time and runs cancellable timers', async () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    await new Promise<void>((resolve) => systemClock.after(1, resolve));
    let ran = false;
    systemClock.after(1, () => (ran = true)).cancel();
    await new Promise<void>((resolve) => systemClock.after(5, resolve));
    expect(ran).toBe(false);
  });
});
