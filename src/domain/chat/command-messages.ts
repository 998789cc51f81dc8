import type { Locale } from '../policy/localized-text.ts';
import type { ChatMessage } from './chat-message.ts';
import {
  COMMAND_STRINGS,
  commandDescription,
  commandHelp,
  commandTopicHelp,
  commandUsage,
  describeCommandError,
} from './command.i18n.ts';
import type { CommandError } from './command.types.ts';
import { COMMAND_NAMES, type CommandName, resolveSubcommand } from './command-catalog.ts';

// The help and the parse refusals as platform-neutral messages, only ever shown to the agent who typed the command.

const HELP_LABEL: Record<Locale, string> = { es: 'Ayuda', en: 'Help' };

/** `/case help` (every subcommand as a field) or `/case help <subcommand>`. */
export function commandHelpMessage(locale: Locale, prefix = '/case', topic?: CommandName): ChatMessage {
  if (topic) {
    return {
      title: commandUsage(topic, locale, prefix),
      text: commandTopicHelp(topic, locale, prefix),
      visibility: 'private',
    };
  }
  const strings = COMMAND_STRINGS[locale];
  return {
    title: strings.title,
    text: commandHelp(locale, prefix),
    fields: COMMAND_NAMES.map((name) => ({
      label: commandUsage(name, locale, prefix),
      value: commandDescription(name, locale),
    })),
    notes: [strings.refHint],
    visibility: 'private',
  };
}

/** The refusal, with a button to the help of the subcommand it concerns (or of the suggested one). */
export function commandErrorMessage(error: CommandError, locale: Locale, prefix = '/case'): ChatMessage {
  const about =
    (error.code === 'command.unknown' ? undefined : resolveSubcommand(error.subcommand ?? '')) ??
    resolveSubcommand(error.suggestion ?? '');
  return {
    text: describeCommandError(error, locale, prefix),
    actions: [{ kind: 'command', label: HELP_LABEL[locale], command: about ? `help ${about}` : 'help' }],
    visibility: 'private',
  };
}
