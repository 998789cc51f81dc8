import { describe, expect, it } from 'vitest';
import { publicHolidaysOf, UnknownHolidayRegionError } from '../../../src/app/calendar/holidays.ts';

describe('publicHolidaysOf', () => {
  it('moves Colombian holidays to Monday as the Ley Emiliani says (2026)', () => {
    const co2026 = publicHolidaysOf('CO')(2026);
    // Reyes (Tue 6 Jan), San José (Thu 19 Mar), Ascensión (Thu 14 May), Corpus (Thu 4 Jun), Sagrado Corazón
    // (Fri 12 Jun), Asunción (Sat 15 Aug), Todos los Santos (Sun 1 Nov), Cartagena (Wed 11 Nov) → next Monday.
    for (const date of [
      '2026-01-12',
      '2026-03-23',
      '2026-05-18',
      '2026-06-08',
      '2026-06-15',
      '2026-08-17',
      '2026-11-02',
      '2026-11-16',
    ]) {
      expect(co2026, date).toContain(date);
    }
    for (const date of ['2026-01-06', '2026-03-19', '2026-05-14', '2026-08-15', '2026-11-11']) {
      expect(co2026, date).not.toContain(date);
    }
    // Fixed holidays stay where they are; Holy Thursday and Good Friday follow Easter (5 April 2026).
    for (const date of ['2026-01-01', '2026-04-02', '2026-04-03', '2026-07-20', '2026-08-07', '2026-12-08']) {
      expect(co2026, date).toContain(date);
    }
  });

  it('moves them in other years too (2025)', () => {
    const co2025 = publicHolidaysOf('CO')(2025);
    // Reyes falls on Monday 6 Jan 2025 and stays; San José (Wed) → 24 Mar; Asunción (Fri) → 18 Aug.
    for (const date of ['2025-01-06', '2025-03-24', '2025-08-18', '2025-11-03', '2025-11-17']) {
      expect(co2025, date).toContain(date);
    }
    expect(co2025).not.toContain('2025-03-19');
  });

  it('leaves out observances such as Palm Sunday', () => {
    expect(publicHolidaysOf('CO')(2026)).not.toContain('2026-03-29');
  });

  it('adds a region’s own holidays (Comunidad de Madrid, 2 May)', () => {
    expect(publicHolidaysOf('ES', 'MD')(2026)).toContain('2026-05-02');
    expect(publicHolidaysOf('ES')(2026)).not.toContain('2026-05-02');
    expect(publicHolidaysOf('ES')(2026)).toContain('2026-12-25');
  });

  it('refuses a country or region it has no data for, naming it', () => {
    expect(() => publicHolidaysOf('QQ')).toThrow(UnknownHolidayRegionError);
    expect(() => publicHolidaysOf('ES', 'XX')).toThrow(/region "XX" of ES/);
  });
});
