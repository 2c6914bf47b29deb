#include "cli/help.hpp"

namespace spelunk::cli {

namespace {

const char* kSpelunk = R"(NAME
    spelunk - run Splunk SPL searches over exported Windows event logs, offline

SYNOPSIS
    spelunk -d PATH... [OPTIONS] (QUERY | -f FILE.spl)
    spelunk -d PATH... [OPTIONS]                    (an interactive session)
    spelunk explain [-d PATH...] [--event ID] [OPTIONS] (QUERY | -f FILE.spl)
    spelunk test [OPTIONS] PATH...
    spelunk lint [-d PATH...] [OPTIONS] PATH...
    spelunk load -d PATH... --save FILE
    spelunk load -d PATH... --to clickhouse://[user@]host:port/db.table [--cluster NAME]
    spelunk --engine clickhouse://[user@]host:port/db.table [OPTIONS] (QUERY | -f FILE.spl)
    spelunk sql --engine clickhouse://[user@]host:port/db.table (QUERY | -f FILE.spl)
    spelunk --help | --version

DESCRIPTION
    Reads the event logs given with -d (EVTX, Windows event XML, JSON, CSV, classic text, any of
    them gzip'd, or a saved store; the format is detected from the content), runs the search
    exactly as Splunk would, and prints the rows. In a folder, files that are plainly not event
    logs (README, LICENSE, .md, .txt without events) are skipped quietly; a file named with -d
    that cannot be read is an error.
    Without a query: an interactive session over the data (.help lists its commands).
    `spelunk COMMAND --help` describes each other command.

OPTIONS
    -d, --data PATH    event files or folders (repeatable); a search that reads no events
                       (| makeresults, | inputlookup) needs none
    -f, --file FILE    read the query from FILE
    -o, --output FMT   table (default): aligned columns, control characters escaped
                       csv: RFC 4180, a cell starting with = + - @, tab or CR that is not a
                       number defused with ' (-1 stays -1)
                       json: one object per line
                       chart: timechart / chart / two-column stats results drawn in the
                              terminal (bars, sparklines, legend); plain ASCII when stdout is
                              not a UTF-8 terminal; width from the terminal (or $COLUMNS)
                       html FILE: one self-contained page (inline CSS and SVG, no network)
                              with the rows and, for a time series, a chart
    --tz ZONE          show _time in this IANA time zone (default UTC)
    --now TIME         pin "now" (epoch seconds or YYYY-MM-DDTHH:MM:SS, UTC)
    --earliest T, --latest T
                       time range picker, as earliest= / latest= in a search (-24h@h, 0, now);
                       a time modifier inside the search overrides both
    --props FILE       add a props.conf (FIELDALIAS / EVAL) after the shipped conf/default/props.conf
    --conf DIR         a Splunk app folder: default/ then local/ props.conf, transforms.conf,
                       macros.conf, eventtypes.conf, tags.conf, limits.conf ([iplocation]
                       db_path), data/models/*.json, and lookups/*.csv (repeatable; later wins
                       over the shipped app)
    --iplocation-db FILE
                       the MaxMind .mmdb file iplocation reads (wins over limits.conf's db_path)
    --macros DIR       a detection repository's macros/*.yml (security_content: name,
                       definition, arguments), loaded before the --conf apps (repeatable)
    --lookups DIR      its lookups/*.yml and the CSV files beside them (repeatable)
    --max-gunzip SIZE  refuse a gzip'd input that expands past SIZE (default 1G; K, M, G)
    --max-event SIZE   skip an XML event longer than SIZE (default 256M)
    --engine URL       search a ClickHouse table that `spelunk load --to` filled instead of -d:
                       the front of the search runs in ClickHouse, the rest here
                       (docs/clickhouse.md); `spelunk sql` prints the SQL and where spelunk
                       takes over
    --timeout S        give up on a ClickHouse query after S seconds (default 300)
    -h, --help         this page
    -V, --version      the version and the git commit it was built from

ENVIRONMENT
    SPELUNK_CONF_DIR   an app folder read instead of the built-in app (conf/, compiled in)
    SPELUNK_HISTORY    the interactive session's history file (default ~/.spelunk_history)
    SPELUNK_CLICKHOUSE_PASSWORD  the ClickHouse password when the URL has none (never printed)
    COLUMNS            chart width when stdout is not a terminal

EXIT STATUS
    0  results printed (even none)   1  query error   2  input or argument error

EXAMPLES
    spelunk -d logs/ 'EventCode=1 Image="*\\net.exe" | table _time host CommandLine'
    spelunk -d logs/ -f queries/T1049-sysmon.spl -o csv > hits.csv
    spelunk -d logs/ 'EventCode=1 | timechart span=1h count by host' -o chart
    spelunk explain -d logs/ -f queries/T1049-powershell.spl
)";

const char* kExplain = R"(NAME
    spelunk explain - how spelunk reads a search, and why it matches (or not)

SYNOPSIS
    spelunk explain [-d PATH...] [--event ID] [--props FILE] [--conf DIR] [--now TIME]
                    [--tz ZONE] [--earliest T] [--latest T] (QUERY | -f FILE.spl)

DESCRIPTION
    Prints the search after macro expansion, then its expression as a tree with Splunk's
    precedence made visible: NOT binds tighter than OR, and OR tighter than the AND between
    terms, so `a b OR c` is `a AND (b OR c)`. Every group is shown in parentheses.

    Each field the search reads is marked with where it comes from: extracted (the events have
    it), calculated (the props.conf FIELDALIAS / EVAL rule, with its file and line), from a
    lookup or another command earlier in the pipeline, dropped by a transforming command, or
    absent from the data. Each command is listed with its Splunk command type and whether it
    runs on the events or on the results of a transforming command (stats, chart, timechart,
    top, rare, table).

    With data (-d), every node of the tree shows how many events it selects on its own, each
    command how many rows it leaves, and OR groups whose alternatives cannot match any event are
    named. When the search selects nothing, it lists the clauses that remove the most events and
    the nearest misses: events that fail by exactly one clause, and which clause.

    Verdicts come from the search's own filter, clause by clause; nothing is re-interpreted.

OPTIONS
    -d PATH          data to explain the search over (repeatable); without it only the
                     structure and the knowledge rules are shown
    --event ID       one event, by EventRecordID (else by its 1-based number in the order the
                     events were read): each clause's verdict and the values it compared
    --props, --conf, --now, --tz, --earliest, --latest, -f
                     as for a search (spelunk --help)

EXIT STATUS
    0  explained   1  query error (or no such event)   2  input or argument error

EXAMPLES
    spelunk explain -d samples/ -f queries/T1049-powershell.spl
    spelunk explain -d samples/ --event 2417 -f queries/T1049-sysmon.spl
    spelunk explain 'EventCode=1 NOT (User=SYSTEM OR User="LOCAL SERVICE") | stats count by host'
)";

const char* kTest = R"(NAME
    spelunk test - run detection tests

SYNOPSIS
    spelunk test [OPTIONS] PATH...

DESCRIPTION
    Runs the tests of .test files (format: docs/test-format.md), of every .test file below a
    folder, and of the fenced searches of markdown detection pages and .spl files (those need
    -d). Each data set is read once and shared by the tests that use it; tests run in parallel.
    Prints one line per test (PASS / FAIL / ERROR / SKIP, rows, milliseconds) and, on failure,
    why and the diff of expected and actual rows.

    Detection YAML in Splunk's own format (splunk/security_content, tested by contentctl; see
    docs/contentctl.md): a .yml file, or a folder (in a repository checkout, the files under
    detections/). Each tests: entry reads its attack_data: files with the entry's source and
    sourcetype, then runs search: with the repository's macros/*.yml and lookups/*.yml (found by
    walking up from the detection). It passes as contentctl passes it: at least one row, and the
    risk objects present in the rows. manual_test:, non-production detections and unreadable
    data are SKIP with the reason; a missing data file is an ERROR naming the path.

OPTIONS
    -d PATH          data for .md / .spl searches, and for tests without data: (repeatable)
    --props FILE     add a props.conf for every test (repeatable)
    --conf DIR       a Splunk app folder (.conf files, lookups/) for every test (repeatable)
    --now TIME       pinned now for .md / .spl searches
    --expect-rows N, --min-rows N, --max-rows N
                     expectations for .md / .spl searches
    --junit FILE     also write JUnit XML (for CI test reports)
    --html FILE      also write one self-contained HTML page: each detection, its verdict,
                     its rows and, on failure, the diff
    -j N             tests run in parallel (default: one per core)
    --update         write the actual rows into each test's result: file
    --attack-data DIR
                     a checkout of splunk/attack_data: data: URLs under
                     https://media.githubusercontent.com/media/splunk/attack_data/master/
                     are read from DIR/<path> (spelunk never downloads)
    --macros DIR     macros/*.yml beyond the repository's own (repeatable)
    --lookups DIR    lookups/*.yml and their CSV files beyond the repository's own (repeatable)
    --searches-only  run each detection's search once over -d data (none: over no events)
                     instead of its tests: checks that every search runs
    --strict-risk-objects
                     every result row must carry the risk objects (contentctl stops checking
                     at the first row carrying all of them)

EXIT STATUS
    0  every test passed   1  some failed or errored   2  bad arguments or no test found

EXAMPLES
    spelunk test queries/
    spelunk test --junit report.xml --html report.html queries/
    spelunk test doc.md -d data/ --min-rows 1
    spelunk test --attack-data ~/attack_data --junit contentctl.xml security_content/
)";

const char* kLint = R"(NAME
    spelunk lint - check searches without running them

SYNOPSIS
    spelunk lint [-d PATH...] [--props FILE...] [--conf DIR...] [--strict] PATH...

DESCRIPTION
    Reports, with file, line and column: parse errors, commands spelunk does not run, unknown
    eval functions and wrong arities; with data (-d), every field a search names that no event
    has, with the closest existing names.

OPTIONS
    PATH             .spl files, markdown detection documents, .test files, or folders
                     (folders: every .spl and .test below)
    -d PATH          check the fields each search names against this data
    --props FILE     add a props.conf (calculated fields) after the shipped one
    --conf DIR       a Splunk app folder (macros.conf, props.conf, transforms.conf)
    --strict         warnings count as findings (exit status 1)

EXIT STATUS
    0  clean (warnings allowed unless --strict)   1  findings   2  bad arguments

EXAMPLES
    spelunk lint queries/
    spelunk lint -d samples/ --strict queries/
)";

const char* kLoad = R"(NAME
    spelunk load - read event logs once into a store file, or into a ClickHouse table

SYNOPSIS
    spelunk load -d PATH... --save FILE [--max-gunzip SIZE] [--max-event SIZE]
    spelunk load -d PATH... --to clickhouse://[user@]host:port/db.table [--cluster NAME]
                 [--props FILE] [--conf DIR] [--timeout S]

DESCRIPTION
    Reads the logs and writes every event to FILE. `spelunk -d FILE` (and .load FILE in the
    interactive session) then opens it through mmap, without reading the logs again. A damaged
    or foreign-version file gets a one-line error.

OPTIONS
    -d PATH          event files or folders (format detected from content; saved stores too)
    --save FILE      where to write the store
    --to URL         insert the events into a ClickHouse table (made when missing; new fields
                     become columns); password in the URL or SPELUNK_CLICKHOUSE_PASSWORD
    --cluster NAME   a cluster of the server's remote_servers: a local table per shard and a
                     Distributed table over them (docs/clickhouse.md)
    --props FILE, --conf DIR
                     the knowledge whose calculated fields are stored with the events
    --timeout S      the longest one request to ClickHouse may take (default 300)
    --max-gunzip SIZE, --max-event SIZE
                     memory bounds against hostile inputs, as for a search

EXIT STATUS
    0  saved   1  the file could not be written   2  bad arguments or no readable input

EXAMPLES
    spelunk load -d logs/ --save case.spelunk
    spelunk -d case.spelunk 'EventCode=3 | stats count by DestinationIp'
)";

}  // namespace

std::string help_page(std::string_view command) {
  if (command.empty()) return kSpelunk;
  if (command == "explain") return kExplain;
  if (command == "test") return kTest;
  if (command == "lint") return kLint;
  if (command == "load") return kLoad;
  return {};
}

}  // namespace spelunk::cli
