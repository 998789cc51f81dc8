import { publicHolidaysOf } from '../src/app/calendar/holidays.ts';
import { type BusinessCalendar, createBusinessCalendar } from '../src/domain/calendar/business-calendar.ts';
import { type CalendarDefinition, calendarSchema } from '../src/domain/policy/policy.schema.ts';
import type { BenchReport } from './bench.types.ts';

// due() runs for every open case on every SLA sweep. Goal: 1,000,000 computations a second on one core (Node runs
// this on one thread), for 0–4-day targets from random starts across a year, over calendars shaped like the presets.

const GOAL = 1_000_000;
const REQUESTS = 200_000;
const MIN_SECONDS = 1;

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });
const calendars: Record<string, { definition: CalendarDefinition; timezone: string }> = {
  'split shift + CO holidays (arcoirisapp)': {
    definition: calendarSchema.parse({ week: weekdays(['08:00-12:00', '14:00-17:00']), holidays: { country: 'CO' } }),
    timezone: 'America/Bogota',
  },
  'Saturday + CO holidays (itbx)': {
    definition: calendarSchema.parse({
      week: { ...weekdays(['08:00-17:00']), sat: ['09:00-12:00'] },
      holidays: { country: 'CO' },
    }),
    timezone: 'America/Bogota',
  },
  'short Friday + Madrid holidays (crosspoint365)': {
    definition: calendarSchema.parse({
      week: { ...weekdays(['09:00-17:00']), fri: ['09:00-15:00'] },
      holidays: { country: 'ES', region: 'MD' },
    }),
    timezone: 'Europe/Madrid',
  },
  'Santiago office hours (oys)': {
    definition: calendarSchema.parse({ week: weekdays(['09:00-18:00']) }),
    timezone: 'America/Santiago',
  },
  '24x7 (jd-services A)': { definition: calendarSchema.parse({ alwaysOn: true }), timezone: 'Europe/Madrid' },
};

function build(name: string): BusinessCalendar {
  const { definition, timezone } = calendars[name]!;
  const country = definition.holidays?.country;
  return createBusinessCalendar({
    definition,
    timezone,
    ...(country && { holidaysOf: publicHolidaysOf(country, definition.holidays?.region) }),
  });
}

/** A fixed pseudo-random sequence, so every run measures the same work. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Calls per second of due() over the requests, repeated for at least MIN_SECONDS after one warm-up pass. */
function measure(cals: BusinessCalendar[], which: Uint8Array, starts: Float64Array, minutes: Float64Array): number {
  let sink = 0;
  const pass = () => {
    for (let i = 0; i < starts.length; i++) sink += cals[which[i]!]!.due(starts[i]!, minutes[i]!) - starts[i]!;
  };
  pass();
  let calls = 0;
  const began = performance.now();
  while (performance.now() - began < MIN_SECONDS * 1000) {
    pass();
    calls += starts.length;
  }
  const rate = calls / ((performance.now() - began) / 1000);
  if (Number.isNaN(sink)) throw new Error('due() returned NaN');
  return rate;
}

export default async function slaBench(): Promise<BenchReport> {
  const names = Object.keys(calendars);
  const built = names.map(build);
  const next = random(2026);
  const yearStart = Date.parse('2026-01-01T00:00:00Z');
  const year = Date.parse('2027-01-01T00:00:00Z') - yearStart;
  const starts = new Float64Array(REQUESTS);
  const minutes = new Float64Array(REQUESTS);
  const which = new Uint8Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) {
    starts[i] = yearStart + Math.floor(next() * year);
    minutes[i] = Math.floor(next() * (4 * 24 * 60 + 1));
    which[i] = Math.floor(next() * names.length);
  }
  const format = (rate: number) => Math.round(rate).toLocaleString('en-US').padStart(12);
  const lines: string[] = [];
  names.forEach((name, index) => {
    lines.push(`${format(measure([built[index]!], new Uint8Array(REQUESTS), starts, minutes))} due()/s  ${name}`);
  });
  const mixed = measure(built, which, starts, minutes);
  lines.push(`${format(mixed)} due()/s  mixed: all calendars interleaved, 0–4-day targets, starts across 2026`);
  const goalMet = mixed >= GOAL;
  lines.push(`goal: ≥ ${GOAL.toLocaleString('en-US')} due()/s on one core: ${goalMet ? 'met' : 'NOT met'}`);
  return { name: 'SLA due() throughput', lines, goalMet };
}
