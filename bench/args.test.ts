import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs } from './args.js';

describe('bench command line', () => {
  it('reads a subset, the profile switch and experiments', () => {
    expect(parseBenchArgs(['--only=store,bundle', '--profile', '--experiment=isolate-signals'])).toEqual({
      only: ['store', 'bundle'],
      profile: true,
      experiments: ['isolate-signals'],
      help: false,
    });
    expect(parseBenchArgs([])).toEqual({ only: undefined, profile: false, experiments: [], help: false });
  });

  it('refuses an unknown flag, section or experiment instead of running everything', () => {
    expect(() => parseBenchArgs(['--hlep'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--only=stores'])).toThrow(/--only: unknown value stores/);
    expect(() => parseBenchArgs(['--only='])).toThrow(/empty list/);
    expect(() => parseBenchArgs(['--experiment=faster'])).toThrow(/--experiment: unknown value faster/);
    expect(() => parseBenchArgs(['extra'])).toThrow(BenchUsageError);
  });

  it('knows --help', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
  });
});
