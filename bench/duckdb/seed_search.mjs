// DuckDB baseline for the seed's Sysmon search (queries/T1049-sysmon.spl), over the same events
// exported by `build/bench/search_bench DATA --csv events.csv`.
//
//   node seed_search.mjs events.csv [runs]
//
// Splunk's value matching is case-insensitive and whole-value: `=` becomes lower(x) = lower(v),
// `*use*` becomes ILIKE '%use%'. process_name is precomputed in the CSV (to be fair to DuckDB).
import { DuckDBInstance } from '@duckdb/node-api';
import os from 'node:os';

const [csv, runsArg] = process.argv.slice(2);
if (!csv) {
  console.error('usage: node seed_search.mjs events.csv [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 21);

const instance = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) });
const db = await instance.connect();
let t = performance.now();
await db.run(`CREATE TABLE events AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}',
  header = true, all_varchar = true, columns = {
    '_time': 'BIGINT', 'sourcetype': 'VARCHAR', 'host': 'VARCHAR', 'process_name': 'VARCHAR',
    'cmdline': 'VARCHAR', 'parent_process': 'VARCHAR', 'user': 'VARCHAR', 'Image': 'VARCHAR',
    'CommandLine': 'VARCHAR', 'EventCode': 'VARCHAR'})`);
const loadMs = performance.now() - t;

const sql = `
SELECT _time, process_name, cmdline, parent_process, "user", host
FROM events
WHERE lower(sourcetype) = lower('XmlWinEventLog:Microsoft-Windows-Sysmon/Operational')
  AND (lower(process_name) = 'netstat.exe'
    OR (lower(process_name) = 'net.exe'  AND cmdline ILIKE '%use%')
    OR (lower(process_name) = 'net.exe'  AND cmdline ILIKE '%sessions%')
    OR (lower(process_name) = 'net.exe'  AND cmdline ILIKE '%file%')
    OR (lower(process_name) = 'net1.exe' AND cmdline ILIKE '%use%')
    OR (lower(process_name) = 'net1.exe' AND cmdline ILIKE '%sessions%')
    OR (lower(process_name) = 'net1.exe' AND cmdline ILIKE '%file%'))
ORDER BY _time DESC`;

const times = [];
let rows = 0;
for (let i = 0; i < runs + 1; i++) {
  t = performance.now();
  const reader = await db.runAndReadAll(sql);
  const ms = performance.now() - t;
  rows = reader.getRows().length;
  if (i > 0) times.push(ms);  // the first run warms up
}
times.sort((a, b) => a - b);
const count = await db.runAndReadAll('SELECT count(*) FROM events');
console.log(`events            ${count.getRows()[0][0]}`);
console.log(`threads           ${os.cpus().length}`);
console.log(`load CSV          ${(loadMs / 1000).toFixed(3)} s`);
console.log(`median of ${runs} runs ${times[Math.floor(times.length / 2)].toFixed(3)} ms`);
console.log(`rows              ${rows}`);
