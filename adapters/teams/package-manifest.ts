import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

// `npm run teams:package`: the Teams app package to upload (manifest.json with the bot's app id, and the two
// committed icons) as adapters/teams/manifest/portero-teams.zip.

const MANIFEST_DIR = new URL('./manifest/', import.meta.url);
export const DEFAULT_OUTPUT = fileURLToPath(new URL('portero-teams.zip', MANIFEST_DIR));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PackageResult = { ok: true; path: string; notes: string[] } | { ok: false; problem: string };

export function packageManifest(options: {
  appId: string | undefined;
  version: string;
  output?: string;
}): PackageResult {
  const appId = options.appId?.trim();
  if (!appId)
    return {
      ok: false,
      problem:
        "MicrosoftAppId must be set: the Azure Bot's Microsoft App ID (Azure portal → your bot → Configuration), e.g. MicrosoftAppId=… npm run teams:package",
    };
  if (!GUID.test(appId))
    return {
      ok: false,
      problem: `MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000, got "${appId}"`,
    };
  const template = readFileSync(new URL('manifest.json', MANIFEST_DIR), 'utf8');
  const manifest = template.replaceAll('{{MicrosoftAppId}}', appId).replaceAll('{{version}}', options.version);
  const parsed = JSON.parse(manifest) as {
    developer: Record<string, string>;
    icons: { color: string; outline: string };
  };
  const notes = Object.entries(parsed.developer)
    .filter(([, value]) => value.includes('example.invalid'))
    .map(([key]) => `developer.${key} is still a placeholder: set your own in adapters/teams/manifest/manifest.json`);
  const output = options.output ?? DEFAULT_OUTPUT;
  const icon = (name: string) => readFileSync(new URL(name, MANIFEST_DIR));
  // A fixed date, so that the same manifest and icons give the same bytes.
  const archive = zipSync(
    {
      'manifest.json': Buffer.from(manifest, 'utf8'),
      [parsed.icons.color]: icon(parsed.icons.color),
      [parsed.icons.outline]: icon(parsed.icons.outline),
    },
    { level: 9, mtime: new Date(1980, 0, 1) },
  );
  writeFileSync(output, archive);
  return { ok: true, path: output, notes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  const result = packageManifest({ appId: process.env.MicrosoftAppId, version, output: process.argv[2] });
  if (!result.ok) {
    console.error(`teams:package: ${result.problem}`);
    process.exit(2);
  }
  for (const note of result.notes) console.error(`teams:package: note: ${note}`);
  console.log(
    `Teams app package written: ${result.path} (upload it in Teams → Apps → Manage your apps → Upload an app)`,
  );
}
