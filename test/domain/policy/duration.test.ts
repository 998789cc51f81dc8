import { describe, expect, it } from 'vitest';
import { formatDurationMinutes, parseDurationMinutes } from '../../../src/domain/policy/duration.ts';

describe('policy durations', () => {
  it.each([
    ['4h', 240],
    ['90m', 90],
    ['1h30m', 90],
    ['48h', 2880],
    ['0m', 0],
  ])('reads %s as %i minutes', (text, minutes) => {
    expect(parseDurationMinutes(text)).toBe(minutes);
    expect(parseDurationMinutes(formatDurationMinutes(minutes))).toBe(minutes);
  });

  it.each(['', '4', 'h', '4x', '1.5h', '30m1h', '-2h'])('rejects %j', (text) => {
    expect(parseDurationMinutes(text)).toBeUndefined();
  });
});
