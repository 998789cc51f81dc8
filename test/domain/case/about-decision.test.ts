import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../src/app/policy/policy-catalog.ts';
import { decideAbout, warrantyEnd } from '../../../src/domain/case/intake-rules.ts';

// Issue 19, point 4: a new request about an earlier case is judged by the reopen rule (decideReopen), not by a copy.

const presets = await loadPresets();
const policy = (id: string) => presets.find((preset) => preset.id === id)!;
const CLOSED = new Date('2026-11-03T15:00:00Z'); // 10:00 in Bogotá
const DAY = 86_400_000;
const after = (days: number) => new Date(CLOSED.getTime() + days * DAY);

describe('decideAbout', () => {
  it.each([
    // Seed 003: "El usuario tendrá 8 días de garantía … pasados los 8 días serán descontadas … o facturables".
    ['arcoirisapp', false, 8, 'reopen-instead'],
    ['arcoirisapp', false, 8.01, 'billable'],
    ['arcoirisapp', true, 30, 'related'], // still open: nothing to reopen
    ['itbx', false, 90, 'related'], // reopens at any time: a new case is only linked
    ['jd-services', false, 1, 'related'], // never reopens: a new case is what it asks for
  ] as const)('%s, open %s, %s days after closing → %s', (id, isOpen, days, kind) => {
    expect(decideAbout(policy(id), { isOpen, closedAt: CLOSED }, after(days))).toEqual({ kind });
  });

  it('names the warranty’s last day in the policy’s zone', () => {
    expect(warrantyEnd(policy('arcoirisapp'), CLOSED)).toEqual({ days: 8, until: '2026-11-11' });
  });
});
