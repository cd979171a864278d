import { describe, expect, it } from 'vitest';
import {
  isPlainIdentifier,
  isQuery,
  quoteDouble,
  quoteIdent,
  quoteLiteral,
  stripLeadingComments,
  stripTrailingSemicolons,
} from './sql';

describe('quoting', () => {
  it('quotes identifiers, doubling embedded double quotes', () => {
    expect(quoteIdent('orders')).toBe('"orders"');
    expect(quoteIdent('a "b"')).toBe('"a ""b"""');
    expect(quoteIdent('select')).toBe('"select"');
    expect(quoteIdent('名前')).toBe('"名前"');
    expect(quoteIdent('')).toBe('""');
  });

  it('quotes literals, doubling embedded single quotes', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("'; DROP TABLE t; --")).toBe("'''; DROP TABLE t; --'");
    expect(quoteLiteral('back\\slash')).toBe("'back\\slash'");
  });

  it('writes doubles as exact DOUBLE casts (round trips are checked on DuckDB in data/drift)', () => {
    expect(quoteDouble(0.1)).toBe("CAST('0.1' AS DOUBLE)");
    expect(quoteDouble(-2.5e-300)).toBe("CAST('-2.5e-300' AS DOUBLE)");
    expect(quoteDouble(Infinity)).toBe("CAST('inf' AS DOUBLE)");
    expect(quoteDouble(-Infinity)).toBe("CAST('-inf' AS DOUBLE)");
    expect(() => quoteDouble(NaN)).toThrow(/NaN/);
  });

  it('accepts plain identifiers only', () => {
    expect(isPlainIdentifier('orders_2024')).toBe(true);
    expect(isPlainIdentifier('_x')).toBe(true);
    expect(isPlainIdentifier('2024_orders')).toBe(false);
    expect(isPlainIdentifier('a b')).toBe(false);
    expect(isPlainIdentifier('')).toBe(false);
  });
});

describe('statement helpers', () => {
  it('strips leading comments and whitespace', () => {
    expect(stripLeadingComments('  -- note\n/* block */ SELECT 1')).toBe('SELECT 1');
    expect(stripLeadingComments('-- only a comment')).toBe('');
    expect(stripLeadingComments('/* unterminated')).toBe('');
  });

  it('tells queries from other statements', () => {
    for (const sql of [
      'select 1',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      'FROM t',
      '-- c\nsummarize t',
      '(select 1)',
    ]) {
      expect(isQuery(sql)).toBe(true);
    }
    for (const sql of ['CREATE TABLE t AS SELECT 1', 'insert into t values (1)', 'DROP VIEW v']) {
      expect(isQuery(sql)).toBe(false);
    }
  });

  it('drops trailing semicolons and whitespace', () => {
    expect(stripTrailingSemicolons('select 1; ;\n ')).toBe('select 1');
    expect(stripTrailingSemicolons("select ';'")).toBe("select ';'");
  });
});
