import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../src/domain/calendar/business-calendar.ts';
import {
  arcoirisLike,
  BOGOTA,
  CO_HOLIDAYS,
  crosspointLike,
  itbxLike,
  MADRID,
  oysLike,
  SANTIAGO,
} from './calendar-fixtures.ts';

// The fast tables checked against the definition read naively: a real minute is business time when its local
// wall-clock minute falls in that weekday's hours on a day that is not a holiday.

const MINUTE = 60_000;
type Hours = Record<number, [number, number][]>; // luxon weekday (1 = Monday) → [from, to) minutes of day

// Offsets change on whole hours in these zones, so one lookup per hour is enough.
const offsets = new Map<string, number>();
function offsetAt(zone: string, ms: number): number {
  const key = `${zone} ${Math.floor(ms / 3_600_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ms);
    offsets.set(key, offset);
  }
  return offset;
}

function naiveOpen(ms: number, zone: string, hours: Hours, holidays: (year: number) => readonly string[]) {
  // The zone's offset at that instant turns it into wall-clock fields read off a UTC date.
  const wall = new Date(ms + offsetAt(zone, ms) * MINUTE);
  if (holidays(wall.getUTCFullYear()).includes(wall.toISOString().slice(0, 10))) return false;
  const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const weekday = wall.getUTCDay() === 0 ? 7 : wall.getUTCDay();
  return (hours[weekday] ?? []).some(([from, to]) => minute >= from && minute < to);
}

/** Whole minutes from start until `target` business minutes have passed, walking minute by minute. */
function naiveDue(start: number, target: number, open: (ms: number) => boolean): number {
  let t = start;
  for (let done = 0; done < target; t += MINUTE) if (open(t)) done++;
  return t;
}

function* randomMinutes(seed: number, count: number, from: number, spanDays: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = 0; i < count; i++) yield from + Math.floor(next() * spanDays * 1440) * MINUTE;
}

const range = (days: number[], from: number, to: number): Hours =>
  Object.fromEntries(days.map((day) => [day, [[from * 60, to * 60]]]));
const cases: { name: string; cal: BusinessCalendar; zone: string; hours: Hours; holidays?: typeof CO_HOLIDAYS }[] = [
  {
    name: 'crosspoint365',
    cal: crosspointLike(),
    zone: MADRID,
    hours: { ...range([1, 2, 3, 4], 9, 17), 5: [[540, 900]] },
  },
  {
    name: 'itbx',
    cal: itbxLike(),
    zone: BOGOTA,
    hours: { ...range([1, 2, 3, 4, 5], 8, 17), 6: [[540, 720]] },
    holidays: CO_HOLIDAYS,
  },
  {
    name: 'arcoirisapp',
    cal: arcoirisLike(),
    zone: BOGOTA,
    hours: Object.fromEntries(
      [1, 2, 3, 4, 5].map((d) => [
        d,
        [
          [480, 720],
          [840, 1020],
        ],
      ]),
    ),
  },
  { name: 'oys', cal: oysLike(), zone: SANTIAGO, hours: range([1, 2, 3, 4, 5], 9, 18) },
];

describe.each(cases)(
  '$name calendar against a minute-by-minute reading of its hours',
  ({ cal, zone, hours, holidays }) => {
    const open = (ms: number) => naiveOpen(ms, zone, hours, holidays ?? (() => []));
    // Starts across the DST changes of both hemispheres and the Easter holidays of 2026.
    const starts = [
      ...randomMinutes(7, 12, Date.parse('2026-03-20T00:00Z'), 20),
      ...randomMinutes(11, 8, Date.parse('2026-09-01T00:00Z'), 60),
    ];

    it('agrees on due instants', () => {
      for (const [i, start] of starts.entries()) {
        const target = (i * 397) % 1500;
        expect(cal.due(start, target), `start ${new Date(start).toISOString()} +${target}`).toBe(
          naiveDue(start, target, open),
        );
      }
    });

    it('agrees on elapsed minutes, and due() is the earliest instant reaching the target', () => {
      for (const [i, start] of starts.entries()) {
        const end = start + ((i * 7919) % (5 * 1440)) * MINUTE;
        let naive = 0;
        for (let t = start; t < end; t += MINUTE) if (open(t)) naive++;
        expect(cal.elapsedMinutes(start, end)).toBe(naive);
        const due = cal.due(start, 95);
        expect(cal.elapsedMinutes(start, due)).toBe(95);
        expect(cal.elapsedMinutes(start, due - 1)).toBeLessThan(95);
      }
    });
  },
);
