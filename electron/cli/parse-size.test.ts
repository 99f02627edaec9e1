import { describe, expect, it } from 'vitest';
import { parseSize } from './commands/remote.js';

describe('parseSize (remote cache-size, evict --to)', () => {
  it('reads decimal and binary units', () => {
    expect(parseSize('20GB')).toBe(20e9);
    expect(parseSize('500 MiB')).toBe(500 * 1024 ** 2);
    expect(parseSize('1.5t')).toBe(1.5e12);
    expect(parseSize('123456')).toBe(123456);
    expect(parseSize('default')).toBeNull();
  });
  it.each(['10constructor', '5toString', '1__proto__', '3valueOf', 'ten GB'])('%s is not a size (INVALID_INPUT), never NaN', (v) => {
    expect(() => parseSize(v)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
