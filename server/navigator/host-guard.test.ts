import { describe, expect, it } from 'vitest';
import { hostNameOf, originAllowed } from '../shared/http.js';
import { allowedHostNames } from './host-guard.js';

describe('navigator host guard', () => {
  it('allows loopback and the public URL host, computed once per URL', () => {
    expect(allowedHostNames('http://localhost:3100')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostNames('https://Nav.Example.com/base')).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'nav.example.com',
    ]);
  });
  it('takes the host name out of a Host header without the port', () => {
    expect(hostNameOf('127.0.0.1:3100')).toBe('127.0.0.1');
    expect(hostNameOf('LOCALHOST')).toBe('localhost');
    expect(hostNameOf('[::1]:3100')).toBe('[::1]');
    expect(hostNameOf('[::1')).toBe('');
    expect(hostNameOf('')).toBe('');
    // userinfo tricks do not turn into an allowed name
    expect(allowedHostNames('http://localhost').includes(hostNameOf('localhost@evil.example'))).toBe(false);
  });
  it('checks Origin like hostOriginGuard: foreign origins refused, null only on safe methods', () => {
    const allowed = allowedHostNames('http://localhost:3100');
    expect(originAllowed(undefined, 'POST', allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5173', 'POST', allowed)).toBe(true);
    expect(originAllowed('http://rebind.evil.example', 'GET', allowed)).toBe(false);
    expect(originAllowed('null', 'GET', allowed)).toBe(true);
    expect(originAllowed('null', 'POST', allowed)).toBe(false);
    expect(originAllowed('not a url', 'POST', allowed)).toBe(false);
  });
});
