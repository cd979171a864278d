import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsTable, utf8Column } from './arrow-columns';

// Reference: Arrow's own builder path (tableFromArrays), which the app cannot use under its CSP.
describe('arrow columns without builders', () => {
  it('a Utf8 column reads back as the strings, multi-byte and empty ones included', () => {
    const values = ['run-1', '', 'Größe', '日本', 'run-1'];
    expect(utf8Column(values).toArray()).toEqual(values);
  });

  it('a table matches tableFromArrays on the same columns, through IPC', () => {
    const columns = {
      run_id: ['a', 'a', 'b'],
      row_id: Int32Array.from([3, 1, 2]),
      score: Float64Array.from([0.25, 0.5, 0.125]),
    };
    const ours = tableFromIPC(tableToIPC(columnsTable(columns), 'stream'));
    const reference = tableFromArrays(columns);
    // tableFromArrays dictionary-encodes strings; plain Utf8 holds the same values (VARCHAR in DuckDB either way).
    expect(ours.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['run_id', 'Utf8'],
      ['row_id', 'Int32'],
      ['score', 'Float64'],
    ]);
    expect(reference.schema.fields.map((f) => f.name)).toEqual(['run_id', 'row_id', 'score']);
    expect(ours.toArray().map((r) => r.toJSON())).toEqual(reference.toArray().map((r) => r.toJSON()));
  });

  it('never compiles code: Function is not called', () => {
    const original = globalThis.Function;
    let calls = 0;
    globalThis.Function = new Proxy(original, {
      apply(target, self, args) {
        calls++;
        return Reflect.apply(target, self, args);
      },
      construct(target, args) {
        calls++;
        return Reflect.construct(target, args);
      },
    });
    try {
      tableToIPC(columnsTable({ s: ['x', 'y'], n: Float64Array.from([1, 2]) }), 'stream');
    } finally {
      globalThis.Function = original;
    }
    expect(calls).toBe(0);
  });
});
