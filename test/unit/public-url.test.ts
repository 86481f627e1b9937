import { describe, expect, it } from 'vitest';
import { isEveryInterface, resolvePublicUrl } from '../../server/public-url.ts';

// The printed links and the QR code point where the server listens (issue 18, item 1).
const lan = () => '192.168.1.20';

describe('resolvePublicUrl', () => {
  it.each([
    [{}, 'http://192.168.1.20:3000'],
    [{ HOST: '0.0.0.0' }, 'http://192.168.1.20:3000'],
    [{ HOST: '::' }, 'http://192.168.1.20:3000'],
    [{ HOST: '' }, 'http://192.168.1.20:3000'],
    [{ HOST: '127.0.0.1' }, 'http://127.0.0.1:3000'],
    [{ HOST: '10.0.0.7' }, 'http://10.0.0.7:3000'],
    [{ HOST: 'localhost' }, 'http://localhost:3000'],
    [{ HOST: '::1' }, 'http://[::1]:3000'],
    [{ HOST: '127.0.0.1', PUBLIC_URL: 'https://convention.example.org/' }, 'https://convention.example.org'],
    [{ HOST: '0.0.0.0', PUBLIC_URL: 'https://convention.example.org' }, 'https://convention.example.org'],
  ])('%j gives %s', (env, expected) => {
    expect(resolvePublicUrl(env, 3000, lan)).toBe(expected);
  });

  it('knows the wildcard addresses', () => {
    expect(['0.0.0.0', '::', '[::]'].map(isEveryInterface)).toEqual([true, true, true]);
    expect(['127.0.0.1', '::1', '192.168.1.20'].map(isEveryInterface)).toEqual([false, false, false]);
  });
});
