import type { Locale } from '../../domain/policy/localized-text.ts';
import { CommitOutcomeUnknownError } from '../store-retry.ts';

// What a person is told when their command could not be carried out for a reason of Portero's own (the database went
// away and stayed away): never silence, never a stack trace. Without a known language, both.

const words = {
  es: {
    notDone: 'No se hizo: Portero no pudo guardarlo ahora. Inténtalo de nuevo en un momento.',
    unknown: 'Portero no pudo confirmar si se guardó: compruébalo (por ejemplo con /case show) antes de repetirlo.',
  },
  en: {
    notDone: 'Not done: Portero could not save it just now. Try again in a moment.',
    unknown: 'Portero could not confirm whether it was saved: check (with /case show, say) before trying again.',
  },
} satisfies Record<Locale, Record<string, string>>;

export function failureText(error: unknown, locale: Locale | undefined): string {
  const key = error instanceof CommitOutcomeUnknownError ? 'unknown' : 'notDone';
  return locale ? words[locale][key] : [words.es[key], words.en[key]].join('\n');
}
