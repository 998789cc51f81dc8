import { z } from 'zod';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

/** Text a person reads: one string (in the policy's locale) or one per locale. */
export const localizedTextSchema = z.union([
  z.string().min(1),
  z
    .object({ es: z.string().min(1).optional(), en: z.string().min(1).optional() })
    .strict()
    .refine((t) => t.es !== undefined || t.en !== undefined, 'expected at least one of "es" or "en"'),
]);
export type LocalizedText = z.output<typeof localizedTextSchema>;

/** The text in `locale`, else in the policy's own locale, else whichever exists. */
export function textIn(text: LocalizedText, locale: Locale, policyLocale: Locale): string {
  if (typeof text === 'string') return text;
  return (text[locale] ?? text[policyLocale] ?? text.es ?? text.en)!;
}
