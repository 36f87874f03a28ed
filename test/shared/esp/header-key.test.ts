import { describe, expect, it } from 'vitest';
import { headerKey } from '../../../shared/esp/header-key.js';

describe('headerKey', () => {
  it('is the same for the same header, whatever the case, spacing or BOM', () => {
    const k = headerKey(['Email', 'Bounce Code', 'Reason']);
    expect(k).toMatch(/^h1:3:[0-9a-f]{16}$/);
    expect(headerKey(['\uFEFFemail', ' bounce  code ', 'REASON'])).toBe(k);
  });

  it('differs when the columns, their order or their number differ', () => {
    const k = headerKey(['Email', 'Bounce Code', 'Reason']);
    expect(headerKey(['Bounce Code', 'Email', 'Reason'])).not.toBe(k);
    expect(headerKey(['Email', 'Bounce Code', 'Reasons'])).not.toBe(k);
    expect(headerKey(['Email', 'Bounce Code', 'Reason', ''])).not.toBe(k);
    expect(headerKey(['a,b', 'c'])).not.toBe(headerKey(['a', 'b,c']));
  });
});
