import * as Comlink from 'comlink';
import { parquetBrowser } from '../../src/data/parquet';
import { parquetService } from './service';

/*
 * The table cache's Parquet codec, apart from the page (src/data/parquet-worker.ts): decoding and
 * encoding the cached tables ran in the page's thread while a reopened case built, and blocked
 * typing there (issue 21). The same parquet-wasm calls as the page's codec.
 */
Comlink.expose(parquetService(parquetBrowser));
