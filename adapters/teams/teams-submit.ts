import { PROMPT_INPUT } from './cards.ts';

// What a card button sends back, read defensively: the data comes from the client, so anything that is not the
// shape cards.ts wrote is not a command.

const MAX_COMMAND = 200;
const MAX_TEXT = 4000;

/** Action.Submit: the message's `value` is the button's data plus the card's inputs. */
export function cardCommand(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { portero, [PROMPT_INPUT]: typed } = value as Record<string, unknown>;
  if (typeof portero !== 'string' || portero.trim() === '' || portero.length > MAX_COMMAND) return undefined;
  const text = typeof typed === 'string' ? typed.trim().slice(0, MAX_TEXT) : '';
  return text === '' ? portero : `${portero} ${text}`;
}

/** Action.Execute: an `adaptiveCard/action` invoke carries the data under `action.data`. */
export function executeCommand(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const action = (value as { action?: { data?: unknown } }).action;
  return cardCommand(action?.data);
}
