import { describe, expect, it } from 'vitest';
import { describeHours, describePolicyHours } from '../../../src/domain/chat/support-hours.ts';
import { type CalendarDefinition, calendarSchema } from '../../../src/domain/policy/policy.schema.ts';
import { buildPolicy } from './policy-builder.ts';

const calendar = (input: unknown): CalendarDefinition => calendarSchema.parse(input);
const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

describe('describeHours', () => {
  const crosspoint = calendar({
    week: { ...weekdays(['09:00-17:00']), fri: ['09:00-15:00'] },
  });

  it('groups consecutive days with the same hours', () => {
    expect(describeHours(crosspoint, 'es', 'Europe/Madrid')).toBe(
      'lunes a jueves de 09:00 a 17:00; viernes de 09:00 a 15:00 (hora de Europe/Madrid)',
    );
    expect(describeHours(crosspoint, 'en', 'Europe/Madrid')).toBe(
      'Monday to Thursday 09:00–17:00; Friday 09:00–15:00 (Europe/Madrid time)',
    );
  });

  it('lists split shifts and notes public holidays', () => {
    const arcoiris = calendar({ week: weekdays(['08:00-12:00', '14:00-17:00']), holidays: { country: 'CO' } });
    expect(describeHours(arcoiris, 'es', 'America/Bogota')).toBe(
      'lunes a viernes de 08:00 a 12:00 y de 14:00 a 17:00, excepto festivos de Colombia (hora de America/Bogota)',
    );
    expect(describeHours(arcoiris, 'en', 'America/Bogota')).toBe(
      'Monday to Friday 08:00–12:00 and 14:00–17:00, except public holidays in Colombia (America/Bogota time)',
    );
  });

  it('adds Saturday hours as their own phrase', () => {
    const itbx = calendar({
      week: { ...weekdays(['08:00-17:00']), sat: ['09:00-12:00'] },
      holidays: { country: 'CO' },
    });
    expect(describeHours(itbx, 'es', 'America/Bogota')).toBe(
      'lunes a viernes de 08:00 a 17:00; sábado de 09:00 a 12:00, excepto festivos de Colombia (hora de America/Bogota)',
    );
  });

  it('names non-consecutive days with the same hours together, and pairs of days with "y"/"and"', () => {
    const odd = calendar({
      week: {
        mon: ['09:00-13:00'],
        wed: ['09:00-13:00'],
        fri: ['09:00-13:00'],
        sat: ['10:00-12:00'],
        sun: ['10:00-12:00'],
      },
    });
    expect(describeHours(odd, 'es', 'UTC')).toBe(
      'lunes, miércoles y viernes de 09:00 a 13:00; sábado y domingo de 10:00 a 12:00 (hora de UTC)',
    );
    expect(describeHours(odd, 'en', 'UTC')).toBe(
      'Monday, Wednesday and Friday 09:00–13:00; Saturday and Sunday 10:00–12:00 (UTC time)',
    );
  });

  it('says "24 hours, 7 days" for always-on calendars and full weeks of full days', () => {
    expect(describeHours(calendar({ alwaysOn: true }), 'es', 'UTC')).toBe('24 horas, 7 días');
    const full = ['00:00-24:00'];
    const week = calendar({ week: { ...weekdays(full), sat: full, sun: full } });
    expect(describeHours(week, 'en', 'UTC')).toBe('24 hours, 7 days');
  });

  it('notes listed holidays and regions', () => {
    const madrid = calendar({ week: weekdays(['09:00-18:00']), holidays: { country: 'ES', region: 'MD' } });
    expect(describeHours(madrid, 'es', 'Europe/Madrid')).toContain('excepto festivos de España (MD)');
    const dates = calendar({ week: weekdays(['09:00-18:00']), holidays: { dates: ['2026-12-24'] } });
    expect(describeHours(dates, 'en', 'Europe/Madrid')).toBe(
      'Monday to Friday 09:00–18:00, except holidays (Europe/Madrid time)',
    );
  });

  it('says when a calendar has no hours at all', () => {
    expect(describeHours(calendar({ week: {} }), 'es', 'UTC')).toBe('sin horario de atención');
  });
});

describe('describePolicyHours', () => {
  it("uses the policy's default calendar, zone and locale", () => {
    expect(describePolicyHours(buildPolicy())).toBe('lunes a jueves de 09:00 a 17:00 (hora de Europe/Madrid)');
    expect(describePolicyHours(buildPolicy(), 'en')).toBe('Monday to Thursday 09:00–17:00 (Europe/Madrid time)');
  });

  it('understands the built-in 24x7 calendar', () => {
    expect(describePolicyHours(buildPolicy({ defaultCalendar: '24x7' }))).toBe('24 horas, 7 días');
  });
});
