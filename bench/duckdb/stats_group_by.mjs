// DuckDB baseline for bench/stats_bench: the same two stats as GROUP BY over the same events,
// exported by `build/bench/search_bench DATA --csv events.csv` (host, process_name, cmdline).
//
//   node stats_group_by.mjs events.csv [runs]
//
// Splunk's stats drops rows lacking the by-field (WHERE host IS NOT NULL), sorts rows by the
// by-values (ORDER BY host), and values() is the sorted distinct list (list_sort(list(DISTINCT))).
import { DuckDBInstance } from '@duckdb/node-api';
import os from 'node:os';

const [csv, runsArg] = process.argv.slice(2);
if (!csv) {
  console.error('usage: node stats_group_by.mjs events.csv [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 11);

const instance = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) });
const db = await instance.connect();
await db.run(`CREATE TABLE events AS SELECT host, process_name, cmdline FROM read_csv('${csv.replaceAll("'", "''")}',
  header = true, all_varchar = true)`);

const queries = {
  'stats count by host': `SELECT host, count(*) AS count FROM events WHERE host IS NOT NULL
    GROUP BY host ORDER BY host`,
  'stats dc(process_name) values(cmdline) by host': `SELECT host, count(DISTINCT process_name) AS dc,
    list_sort(list(DISTINCT cmdline)) AS "values" FROM events WHERE host IS NOT NULL
    GROUP BY host ORDER BY host`,
};

const count = await db.runAndReadAll('SELECT count(*) FROM events');
console.log(`events            ${count.getRows()[0][0]}`);
console.log(`threads           ${os.cpus().length}`);
for (const [name, sql] of Object.entries(queries)) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const reader = await db.runAndReadAll(sql);
    const ms = performance.now() - t;
    rows = reader.getRows().length;
    if (i > 0) times.push(ms);  // the first run warms up
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: median of ${runs} runs ${times[Math.floor(times.length / 2)].toFixed(3)} ms (${rows} rows)`);
}
