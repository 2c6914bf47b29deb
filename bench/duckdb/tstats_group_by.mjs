// DuckDB baseline for bench/tstats_bench: GROUP BY over the Endpoint.Processes dataset's
// (dest, process_name) rows, exported by `build/bench/tstats_bench DATA --csv procs.csv`.
//
//   node tstats_group_by.mjs procs.csv [runs]
//
// The table holds only the dataset's rows (DuckDB is spared the dataset filter); tstats drops rows
// whose BY values are null (WHERE ... IS NOT NULL) and sorts by the BY values (ORDER BY).
import { DuckDBInstance } from '@duckdb/node-api';
import os from 'node:os';

const [csv, runsArg] = process.argv.slice(2);
if (!csv) {
  console.error('usage: node tstats_group_by.mjs procs.csv [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 11);
const instance = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) });
const db = await instance.connect();
await db.run(`CREATE TABLE procs AS SELECT dest, process_name FROM read_csv('${csv.replaceAll("'", "''")}',
  header = true, all_varchar = true)`);
const sql = `SELECT dest, process_name, count(*) AS count FROM procs
  WHERE dest IS NOT NULL AND process_name IS NOT NULL GROUP BY dest, process_name ORDER BY dest, process_name`;
const count = await db.runAndReadAll('SELECT count(*) FROM procs');
console.log(`rows              ${count.getRows()[0][0]}`);
console.log(`threads           ${os.cpus().length}`);
const times = [];
let rows = 0;
for (let i = 0; i < runs + 1; i++) {
  const t = performance.now();
  const reader = await db.runAndReadAll(sql);
  const ms = performance.now() - t;
  rows = reader.getRows().length;
  if (i > 0) times.push(ms);
}
times.sort((a, b) => a - b);
console.log(`group by dest, process_name: median of ${runs} runs ${times[Math.floor(times.length / 2)].toFixed(3)} ms (${rows} rows)`);
