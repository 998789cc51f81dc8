import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { formatPolicyIssues } from '../../domain/policy/policy.errors.ts';
import { type Policy, policySchema } from '../../domain/policy/policy.schema.ts';

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; problems: string[] };

/** YAML text → validated policy, or one line per problem (`path: message`, or `line N: …` for YAML syntax). */
export function parsePolicyYaml(text: string): PolicyParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line;
        return `${line ? `line ${line}` : 'yaml'}: ${error.message.split('\n')[0]}`;
      }),
    };
  }
  const parsed = policySchema.safeParse(document.toJS());
  return parsed.success ? { ok: true, policy: parsed.data } : { ok: false, problems: formatPolicyIssues(parsed.error) };
}

export async function readPolicyFile(path: string): Promise<PolicyParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`] };
  }
  return parsePolicyYaml(text);
}
