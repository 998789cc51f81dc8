import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/app/policy/policy-catalog.ts';
import {
  hoursStanding,
  isPlaceholder,
  knownTarget,
  policyAssumptions,
} from '../../../src/domain/policy/policy.assumptions.ts';
import { calendarSchema } from '../../../src/domain/policy/policy.schema.ts';

// Issue 19, point 8: facts the seeds do not give are marked, reported, and never shown to a customer as real.

describe('policy assumptions', () => {
  it('a placeholder is an address or URL under .invalid, nothing else', () => {
    expect(isPlaceholder('https://soporte.itbx.invalid')).toBe(true);
    expect(isPlaceholder('https://dev.azure.com/crosspoint365.invalid')).toBe(true);
    expect(isPlaceholder('soporte@oys.invalid')).toBe(true);
    expect(isPlaceholder('https://soporte.arcoirisapp.invalid/tiquetes/nuevo')).toBe(true);
    expect(isPlaceholder('soporte@itbx.co')).toBe(false);
    expect(isPlaceholder('https://invalid.example.com')).toBe(false);
    expect(isPlaceholder(undefined)).toBe(false);
  });

  it('a channel is shown by its target only when it is neither a placeholder nor an unconfirmed guess', () => {
    const portal = { kind: 'portal', label: 'Portal', url: 'https://portal.acme.example' } as const;
    expect(knownTarget(portal)).toBe('https://portal.acme.example');
    expect(knownTarget({ ...portal, assumption: 'unconfirmed' })).toBeUndefined();
    expect(knownTarget({ ...portal, assumption: 'confirmed' })).toBe('https://portal.acme.example');
    expect(knownTarget({ ...portal, url: 'https://portal.acme.invalid' })).toBeUndefined();
  });

  it('hours are stated, "usual" once an assumption is confirmed, or unknown while it is not', () => {
    const week = { mon: ['09:00-18:00'] };
    const parse = (extra: object) => calendarSchema.parse({ week, ...extra });
    expect(hoursStanding(parse({}))).toBe('stated');
    expect(hoursStanding(parse({ assumption: 'confirmed' }))).toBe('usual');
    expect(hoursStanding(parse({ assumption: 'unconfirmed' }))).toBe('unknown');
    expect(calendarSchema.safeParse({ week, assumption: 'maybe' }).success).toBe(false);
  });

  it('jd-services: the office hours the seed never states are an assumption; priority A stays 24x7', async () => {
    const policy = await loadPolicy('jd-services');
    expect(policyAssumptions(policy)).toEqual([
      { path: 'calendars.laboral', kind: 'assumption', value: 'business hours' },
    ]);
    // "Se requiere tramitación inmediata" (A) against "Se puede esperar al horario comercial" (B).
    expect(policy.priorities.map((p) => [p.id, p.calendar ?? policy.defaultCalendar])).toEqual([
      ['A', '24x7'],
      ['B', 'laboral'],
      ['C', 'laboral'],
    ]);
  });

  it('every preset: what it reports is what the seeds leave out', async () => {
    const paths = async (id: string) => policyAssumptions(await loadPolicy(id)).map((a) => a.path);
    expect(await paths('itbx')).toEqual(['channels.accepted[0].url']);
    expect(await paths('oys')).toEqual([
      'calendars.laboral',
      'channels.accepted[0].address',
      'channels.accepted[1].url',
    ]);
    expect(await paths('crosspoint365')).toEqual(['channels.accepted[0].url', 'channels.accepted[2].url']);
    expect(await paths('arcoirisapp')).toEqual(['channels.accepted[0].url']);
  });

  it('a placeholder website is reported like any other address', async () => {
    const itbx = await loadPolicy('itbx');
    expect(policyAssumptions({ ...itbx, website: 'https://www.itbx.invalid' })[0]).toEqual({
      path: 'website',
      kind: 'placeholder',
      value: 'https://www.itbx.invalid',
    });
  });
});
