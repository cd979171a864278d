import type { Table } from 'apache-arrow';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';

/**
 * Runs the profile's statements with its signal and keeps each one, in order, for replay; owns the
 * TEMP tables the profile makes (the sample, the distinct text values) and drops them at the end.
 */
export class Runner {
  readonly queries: string[] = [];
  private readonly temps: string[] = [];

  constructor(
    private readonly engine: SqlEngine,
    private readonly signal: AbortSignal | undefined,
  ) {}

  query(sql: string): Promise<Table> {
    this.queries.push(sql);
    return this.engine.query(sql, this.signal ? { signal: this.signal } : {});
  }

  /** `CREATE TEMP TABLE … AS select` under a fresh name, returned quoted. */
  async createTemp(kind: string, select: string): Promise<string> {
    const name = quoteIdent(`__casebook_profile_${kind}_${Math.random().toString(36).slice(2, 10)}`);
    // Listed first: a create that fails half-way is still dropped (IF EXISTS).
    this.temps.push(name);
    await this.query(`CREATE TEMP TABLE ${name} AS ${select}`);
    return name;
  }

  /** Drops the TEMP tables, newest first. Runs even after a cancel; the first failure is thrown. */
  async dropTemps(): Promise<void> {
    let failure: unknown = null;
    for (let name = this.temps.pop(); name !== undefined; name = this.temps.pop()) {
      await this.cleanup(`DROP TABLE IF EXISTS ${name}`).catch((e: unknown) => {
        failure ??= e;
      });
    }
    if (failure !== null) throw failure;
  }

  /** Clean-up runs even after a cancel, so it takes no signal. */
  async cleanup(sql: string): Promise<void> {
    this.queries.push(sql);
    await this.engine.exec(sql);
  }
}
