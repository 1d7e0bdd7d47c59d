import { describe, expect, it } from 'vitest';
import { routeFor } from './routes.js';

describe('routeFor', () => {
  it('maps each page path, with or without a trailing slash', () => {
    expect(routeFor('/')).toBe('chat');
    expect(routeFor('/index.html')).toBe('chat');
    expect(routeFor('/settings')).toBe('settings');
    expect(routeFor('/settings/')).toBe('settings');
    expect(routeFor('/viewer')).toBe('viewer');
  });
  it('reports unknown paths as not found', () => {
    expect(routeFor('/nope')).toBe('not-found');
    expect(routeFor('/settings/extra')).toBe('not-found');
  });
});
