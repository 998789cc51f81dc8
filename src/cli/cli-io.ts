import type { Portero, StartOptions } from '../main.ts';

// What a CLI command needs from the process, so tests can run commands in-process and read what they print.
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  stdin: NodeJS.ReadableStream;
  /**
   * How a command that needs Portero opens it: `createPortero` from the environment when absent (the process does).
   * A test hands in one that reuses a database it already holds, and its own clock.
   */
  openPortero?: (options: StartOptions) => Promise<Portero>;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** What `portero help <name>` and `portero <name> --help` print: the subcommands, their options, an example. */
  usage: string;
  /** Returns the exit code: 0 done, 1 the input has problems, 2 the command was misused. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A misuse of the command line: printed as it is, exit 2. */
export class UsageError extends Error {}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
};
