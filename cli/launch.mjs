// `npm run casebook -- …`: builds the command line when a source is newer than the build, then runs it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist-cli', 'casebook.mjs');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const stale =
  !existsSync(built) ||
  Math.max(
    newest(join(root, 'cli')),
    newest(join(root, 'src')),
    statSync(join(root, 'package.json')).mtimeMs,
  ) > statSync(built).mtimeMs;
if (stale) {
  process.stderr.write('Building the command line (dist-cli/)…\n');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'cli', 'vite.config.ts'), root });
}
await import(pathToFileURL(built).href);
