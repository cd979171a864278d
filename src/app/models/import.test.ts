import { beforeAll, describe, expect, it } from 'vitest';
import { contentsOf, modelOf } from '../../notebook/bundle/test-bundle';
import { buildBundle } from '../../notebook/bundle/write';
import { LIMITS } from '../../notebook/bundle/schema';
import { asCaseId } from '../../notebook/ids';
import { ModelRegistry } from '../../storage/registry';
import { freshFactory, openDb } from '../../storage/test-db';
import { importBundleFile, type PickedFile } from './import';

/* Importing a bundle file from the Models view: a refused file names itself and changes nothing. */

const CASE = asCaseId('case-1');
const WORDS = { by: 'Ana', why: 'From the staging workspace.' };
let text = '';

beforeAll(async () => {
  text = (
    await buildBundle({
      ...contentsOf(await modelOf('logistic')),
      model: { ...contentsOf(await modelOf('logistic')).model, version: 4 },
    })
  ).text;
});

function picked(name: string, content: string, size = new TextEncoder().encode(content).length): PickedFile {
  return { name, size, arrayBuffer: () => Promise.resolve(new TextEncoder().encode(content).buffer) };
}

describe('importBundleFile', () => {
  it('registers a good file as the next version, a candidate, keeping its own number', async () => {
    const registry = new ModelRegistry(openDb(freshFactory()));
    const version = await importBundleFile(registry, CASE, picked('model.json', text), WORDS);
    expect(version).toMatchObject({ version: 1, source: 'imported', importedFrom: { version: 4 } });
    expect((await registry.listCase(CASE)).versions.map((v) => v.stage)).toEqual(['candidate']);
  });

  it('refuses a hostile or broken file by name, and stores nothing', async () => {
    const registry = new ModelRegistry(openDb(freshFactory()));
    const tampered = text.replace('"name":"', '"name":"Renamed ');
    const polluting = text.replace('{', '{"__proto__":{"polluted":true},');
    await expect(importBundleFile(registry, CASE, picked('tampered.json', tampered), WORDS)).rejects.toThrow(
      /^tampered\.json was not imported: .*SHA-256/,
    );
    await expect(importBundleFile(registry, CASE, picked('evil.json', polluting), WORDS)).rejects.toThrow(
      /^evil\.json was not imported: /,
    );
    await expect(importBundleFile(registry, CASE, picked('notes.txt', 'hello'), WORDS)).rejects.toThrow(
      /^notes\.txt was not imported: /,
    );
    await expect(
      importBundleFile(registry, CASE, picked('huge.json', '', LIMITS.bytes + 1), WORDS),
    ).rejects.toThrow(/^huge\.json is 134,217,729 bytes, larger than any model bundle: it was not read\.$/);
    expect((await registry.listCase(CASE)).versions).toEqual([]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
