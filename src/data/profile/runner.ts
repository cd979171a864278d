import type { Table } from 'apache-arrow';
import type { SqlEngine } from '../engine';

/** Runs the profile's statements with its signal and keeps each one, in order, for replay. */
export class Runner {
  readonly queries: string[] = [];

  constructor(
    private readonly engine: SqlEngine,
    private readonly signal: AbortSignal | undefined,
  ) {}

  query(sql: string): Promise<Table> {
    this.queries.push(sql);
    return this.engine.query(sql, this.signal ? { signal: this.signal } : {});
  }

  /** Clean-up runs even after a cancel, so it takes no signal. */
  async cleanup(sql: string): Promise<void> {
    this.queries.push(sql);
    await this.engine.exec(sql);
  }
}
