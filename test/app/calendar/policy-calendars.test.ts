import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarFor, calendarNameFor } from '../../../src/app/calendar/policy-calendars.ts';
import { loadPolicy } from '../../../src/app/policy/policy-catalog.ts';
import { alwaysOnCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import type { Policy } from '../../../src/domain/policy/policy.schema.ts';

// The presets' own calendars (policies/*.yaml), with real holiday data.

const presets: Record<string, Policy> = {};
beforeAll(async () => {
  for (const id of ['crosspoint365', 'itbx', 'arcoirisapp', 'jd-services', 'oys']) presets[id] = await loadPolicy(id);
});
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const dueIn = (id: string, start: string, minutes: number, priority?: string) => {
  const policy = presets[id]!;
  const ms = calendarFor(policy, priority).due(at(start), minutes);
  return DateTime.fromMillis(ms, { zone: policy.timezone }).toISO({ suppressMilliseconds: true });
};

describe('calendarFor on the presets', () => {
  it('crosspoint365: 17:00 stays 17:00; Friday closes at 15:00', () => {
    expect(dueIn('crosspoint365', '2026-03-26T16:00+01:00', 60)).toBe('2026-03-26T17:00:00+01:00');
    expect(dueIn('crosspoint365', '2026-03-27T14:00+01:00', 120)).toBe('2026-03-30T10:00:00+02:00');
  });

  it('itbx: Saturday mornings, and the real Colombian holidays', () => {
    expect(dueIn('itbx', '2026-03-20T16:00-05:00', 120)).toBe('2026-03-21T10:00:00-05:00');
    // Sat 12:00 closes; Monday 23 March is San José (moved); Tuesday opens at 08:00.
    expect(dueIn('itbx', '2026-03-21T11:30-05:00', 60)).toBe('2026-03-24T08:30:00-05:00');
    // Friday 14 August 16:00: Sat 15 counts 3 h; Monday 17 August is the Asunción holiday.
    expect(dueIn('itbx', '2026-08-14T16:00-05:00', 300)).toBe('2026-08-18T09:00:00-05:00');
  });

  it('arcoirisapp: the lunch gap and the Reyes Monday', () => {
    expect(dueIn('arcoirisapp', '2026-03-02T11:00-05:00', 90)).toBe('2026-03-02T14:30:00-05:00');
    // Friday 9 January 16:00 + 2 h: one hour on Friday, Monday 12 January is a holiday, Tuesday 08:00–09:00.
    expect(dueIn('arcoirisapp', '2026-01-09T16:00-05:00', 120)).toBe('2026-01-13T09:00:00-05:00');
    const policy = presets.arcoirisapp!;
    const monday = calendarFor(policy).elapsedMinutes(at('2026-01-12T00:00-05:00'), at('2026-01-13T00:00-05:00'));
    expect(monday).toBe(0);
  });

  it('jd-services: priority A runs 24x7 (25 wall-clock hours across the spring-forward), B the office hours', () => {
    expect(calendarFor(presets['jd-services']!, 'A')).toBe(alwaysOnCalendar);
    expect(dueIn('jd-services', '2026-03-28T12:00+01:00', 24 * 60, 'A')).toBe('2026-03-29T13:00:00+02:00');
    expect(dueIn('jd-services', '2026-03-27T17:00+01:00', 120, 'B')).toBe('2026-03-30T10:00:00+02:00');
  });

  it('oys: Santiago hours across the April change of offset', () => {
    expect(dueIn('oys', '2026-04-03T17:00-03:00', 120)).toBe('2026-04-06T10:00:00-04:00');
  });

  it('uses the default calendar without a priority, for one that names none, and for an unknown one', () => {
    const jd = presets['jd-services']!;
    expect(calendarNameFor(jd)).toBe(jd.defaultCalendar);
    expect(calendarNameFor(jd, 'nope')).toBe(jd.defaultCalendar);
    expect(calendarFor(jd, 'nope')).toBe(calendarFor(jd));
  });

  it('builds a calendar once per policy and name, and again when the policy’s hours change', () => {
    const itbx = presets.itbx!;
    expect(calendarFor(itbx)).toBe(calendarFor(structuredClone(itbx)));
    const changed = structuredClone(itbx);
    changed.calendars.laboral!.week!.sat = [];
    const calendar = calendarFor(changed);
    expect(calendar).not.toBe(calendarFor(itbx));
    expect(calendar.isOpenAt(at('2026-03-21T10:00-05:00'))).toBe(false);
  });
});
