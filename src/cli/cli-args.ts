import { type ParseArgsConfig, parseArgs } from 'node:util';
import { describeCaseError } from '../domain/case/case-error.i18n.ts';
import type { Outcome } from '../domain/case/case-error.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into usage errors that name the option. */
export function parseCliArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

export function required(value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${option}\n${usage}`);
  return value;
}

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Prints a refusal in the operator's words (English) and gives exit 1; the value otherwise. */
export function unwrap<T>(io: CliIo, outcome: Outcome<T>): T | undefined {
  if (outcome.ok) return outcome.value;
  io.err(`refused (${outcome.error.code}): ${describeCaseError(outcome.error, 'en')}`);
  return undefined;
}
