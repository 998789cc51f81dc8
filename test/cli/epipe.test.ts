import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `portero … | head`: the reader closes the pipe before Portero has written everything. The real executable must end
// quietly (exit 0, nothing on stderr) rather than die of an unhandled EPIPE with a stack trace.

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

describe('portero when its reader goes away', () => {
  it('ends quietly with exit 0 on EPIPE', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'help', 'case'], { stdio: ['ignore', 'pipe', 'pipe'] });
      // Closed before the process has started (tsx takes a moment): its first write finds no reader.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
