import { describe, expect, it } from 'vitest';
import { showDate } from '../../renderer/src/dates.js';

describe('showDate', () => {
  it('shows a moment in the given locale and zone, keeping the recorded value in the tooltip', () => {
    const us = showDate('2025-04-01T15:43:24Z', { locale: 'en-US', timeZone: 'America/New_York' });
    expect(us.text).toBe('Apr 1, 2025, 11:43 AM');
    expect(us.title).toBe('2025-04-01T15:43:24Z (shown in America/New_York time)');
    expect(us.dateTime).toBe('2025-04-01T15:43:24Z');
    const de = showDate('2025-04-01T15:43:24Z', { locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(de.text).toBe('01.04.2025, 17:43');
  });

  it('keeps the original offset in the tooltip while showing the local time', () => {
    const d = showDate('2025-02-03T10:12:45-05:00', { locale: 'en-GB', timeZone: 'UTC' });
    expect(d.text).toBe('3 Feb 2025, 15:12');
    expect(d.title).toContain('2025-02-03T10:12:45-05:00');
  });

  it('shows the day alone where asked, in the user\'s zone, the time and the recorded value in the tooltip', () => {
    const d = showDate('2025-04-01T02:43:24Z', { locale: 'en-US', timeZone: 'America/New_York', dayOnly: true });
    expect(d.text).toBe('Mar 31, 2025');
    expect(d.title).toBe('Mar 31, 2025, 10:43 PM · 2025-04-01T02:43:24Z (shown in America/New_York time)');
    expect(d.dateTime).toBe('2025-04-01T02:43:24Z');
  });

  it('shows a calendar day as that day in every zone', () => {
    for (const timeZone of ['Pacific/Honolulu', 'Asia/Tokyo']) {
      expect(showDate('2025-03-04', { locale: 'en-US', timeZone }).text).toBe('Mar 4, 2025');
    }
  });

  it('shows what is not a date as recorded', () => {
    expect(showDate('last Tuesday', { locale: 'en-US' })).toEqual({ text: 'last Tuesday', title: 'last Tuesday', dateTime: '' });
    expect(showDate('', { locale: 'en-US' }).text).toBe('');
  });
});
