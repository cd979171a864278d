import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { CasebookDb } from './db';

/*
 * Test helpers: each test gets its own in-memory IndexedDB (fake-indexeddb 6, no globals), so that
 * tests never see each other's data. Two `CasebookDb` on one factory behave like two tabs.
 */

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

export function openDb(factory: IDBFactory, name = 'test'): CasebookDb {
  return new CasebookDb(name, { indexedDB: factory, IDBKeyRange });
}

export function caseNamed(id: string, title: string, updatedAt: string): Case {
  return { ...sampleCase(), id: asCaseId(id), title, updatedAt };
}
