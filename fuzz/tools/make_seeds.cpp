// Writes the seed corpora of the fuzz harnesses into a build folder, at run time, from what the
// repository and ../shared hold (nothing from ../shared is ever committed):
//
//   make_seeds OUT SOURCE_DIR [SHARED_DIR]
//
//   OUT/<harness>/<n>   seeds, one folder per harness (fuzz/<harness>.cpp)
//   OUT/macros.conf     the corpus' macros, for the spl_parser harness (SPELUNK_FUZZ_MACROS)
//
// Sources: the SPL corpus (queries.jsonl, macros.jsonl) and the EVTX / evtxexport XML logs of
// ../shared; the repository's samples, queries and conf/props.conf; the forwarded-events and
// template EVTX that tests/evtx_synthetic.hpp builds. The JSON, CSV, classic-text, gzip, spath and
// saved-store seeds are made from events of those logs, in each format's own layouts. Without
// ../shared the seeds come from the repository alone (fewer, still one per layout).
#include <zlib.h>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "storage/ingest/evtx/evtx_values.hpp"
#include "storage/ingest/xml_reader.hpp"
#include "storage/store_file.hpp"
#include "tests/evtx_synthetic.hpp"

namespace fs = std::filesystem;

namespace {

fs::path out_root;
std::map<std::string, std::size_t> counts;

void seed(const std::string& harness, std::string_view bytes) {
  const fs::path dir = out_root / harness;
  fs::create_directories(dir);
  const std::size_t n = counts[harness]++;
  std::ofstream(dir / std::to_string(n), std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> files_under(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == extension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string gzip(std::string_view plain) {
  std::string gz(compressBound(static_cast<uLong>(plain.size())) + 64, '\0');
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  deflate(&zs, Z_FINISH);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  return gz;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + '"';
}

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

// ------------------------------------------------------------------ SPL and macros

void spl_seeds(const fs::path& source, const fs::path& shared) {
  for (const fs::path& p : files_under(source / "queries", ".spl")) seed("spl_parser", read_file(p));
  for (const char* q : {"index=main EventCode=1 | stats count by host",
                        "`sysmon` `filter(Image, \"*\\\\cmd.exe\")` | `drop_dm_object_name(Processes)`",
                        "| makeresults | eval x=case(a>1, \"a\", true(), null()) | where like(x, \"a%\")",
                        "search (a OR b) NOT c | rex field=_raw \"(?<user>\\\\w+)\" | table user",
                        "| tstats count from datamodel=Endpoint.Processes by Processes.process_name"})
    seed("spl_parser", q);
  simdjson::dom::parser parser;
  const fs::path queries = shared / "corpus" / "queries.jsonl";
  if (fs::exists(queries)) {
    std::ifstream in(queries);
    for (std::string line; std::getline(in, line);) {
      simdjson::dom::element e;
      std::string_view spl;
      if (parser.parse(line).get(e) || e["spl"].get(spl)) continue;
      seed("spl_parser", spl);
      // `| eval x=<expr>` of real searches become props.conf EVAL- seeds (their functions and
      // operators, run by the props_conf harness over its store).
      for (std::size_t at = spl.find("| eval "); at != std::string_view::npos && counts["props_conf"] < 400;
           at = spl.find("| eval ", at + 1)) {
        std::string_view body = spl.substr(at + 7, spl.find(" | ", at + 7) - (at + 7));
        const std::size_t eq = body.find('=');
        if (eq == std::string_view::npos || eq == 0 || body.substr(0, eq).find(' ') != std::string_view::npos) continue;
        seed("props_conf", "[default]\nEVAL-" + std::string(body.substr(0, eq)) + " = " +
                               std::string(body.substr(eq + 1)) + "\n");
      }
    }
  }
  const fs::path macros = shared / "corpus" / "macros.jsonl";
  std::string conf, chunk;
  std::size_t in_chunk = 0;
  auto add_stanza = [&](std::string_view name, std::vector<std::string> args, std::string_view definition) {
    std::string stanza = "[" + std::string(name);
    if (!args.empty()) stanza += "(" + std::to_string(args.size()) + ")";
    stanza += "]\n";
    if (!args.empty()) {
      stanza += "args = ";
      for (std::size_t i = 0; i < args.size(); ++i) stanza += (i ? ", " : "") + args[i];
      stanza += "\n";
    }
    std::string def(definition);
    for (std::size_t at = 0; (at = def.find('\n', at)) != std::string::npos; at += 3) def.replace(at, 1, "\\\n");
    stanza += "definition = " + def + "\n\n";
    conf += stanza;
    chunk += stanza;
    if (++in_chunk == 20) seed("macros_conf", chunk), chunk.clear(), in_chunk = 0;
  };
  add_stanza("sysmon", {}, "source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\"");
  add_stanza("filter", {"a", "b"}, "search $a$=\"$b$\"\n| where isnotnull($a$)");
  if (fs::exists(macros)) {
    std::ifstream in(macros);
    for (std::string line; std::getline(in, line);) {
      simdjson::dom::element e;
      std::string_view name, definition;
      simdjson::dom::array args;
      if (parser.parse(line).get(e) || e["name"].get(name) || e["definition"].get(definition)) continue;
      std::vector<std::string> arg_names;
      if (!e["args"].get(args))
        for (auto a : args) {
          std::string_view s;
          if (!a.get(s)) arg_names.emplace_back(s);
        }
      add_stanza(name, arg_names, definition);
    }
  }
  if (!chunk.empty()) seed("macros_conf", chunk);
  std::ofstream(out_root / "macros.conf") << conf;
}

// ------------------------------------------------------------------ event logs

// The banner and first events of an evtxexport XML file (small seeds run fast).
std::string first_events(const std::string& text, int events) {
  std::size_t end = 0;
  for (int i = 0; i < events; ++i) {
    const std::size_t e = text.find("</Event>", end);
    if (e == std::string::npos) break;
    end = e + 8;
  }
  return text.substr(0, end ? end + 1 : std::min<std::size_t>(text.size(), 4096));
}

// The record area of an EVTX file's first chunk, cut after the records that fit in `budget`.
std::string first_records(const std::string& file, std::size_t budget) {
  using namespace spelunk::evtx;
  if (file.size() < kFileHeaderSize + kChunkSize) return {};
  const auto* c = reinterpret_cast<const std::uint8_t*>(file.data()) + kFileHeaderSize;
  const std::size_t free_space = std::min<std::size_t>(le32(c + 48), kChunkSize);
  std::size_t end = kChunkHeaderSize;
  while (end + 28 <= free_space) {
    const std::size_t size = le32(c + end + 4);
    if (size < 28 || end + size > free_space || (end > kChunkHeaderSize && end + size - kChunkHeaderSize > budget)) break;
    end += size;
  }
  return std::string(reinterpret_cast<const char*>(c) + kChunkHeaderSize, end - kChunkHeaderSize);
}

std::shared_ptr<spelunk::Store> read_xml_events(const std::string& xml) {
  const fs::path tmp = out_root / "tmp.xml";
  std::ofstream(tmp, std::ios::binary) << xml;
  spelunk::StoreBuilder b;
  spelunk::IngestReport report;
  spelunk::xml_reader::read(tmp.string(), b, report, {});
  fs::remove(tmp);
  return std::make_shared<spelunk::Store>(b.finish());
}

// One event of a store as (field, values) pairs.
std::vector<std::pair<std::string, std::vector<std::string>>> fields_of(const spelunk::Store& s, std::size_t row) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& column : s.columns()) {
    std::vector<std::string> values;
    for (spelunk::Code c : column->values(row)) values.emplace_back(column->dict().value(c));
    if (!values.empty()) out.emplace_back(column->name(), std::move(values));
  }
  return out;
}

// The events of `store` as Splunk's JSON export, winlogbeat-like nesting, a JSON array, CSV and
// classic text; each also gzip'd; `spath` documents with paths.
void derived_seeds(const spelunk::Store& store) {
  std::string lines, array = "[", csv, classic, wrapped;
  std::vector<std::string> header;
  for (const auto& column : store.columns()) header.push_back(column->name());
  for (std::size_t i = 0; i < header.size(); ++i) csv += (i ? "," : "") + csv_cell(header[i]);
  csv += ",_raw\n";
  for (std::size_t row = 0; row < store.rows(); ++row) {
    const auto fields = fields_of(store, row);
    const std::string raw = store.raw().get(row);
    std::string object = "{\"_time\":\"" + std::to_string(store.times()[row] / 1000000) + "\",\"_raw\":" + json_string(raw);
    std::string nested = "{\"@timestamp\":\"2024-03-04T08:00:00.000Z\",\"winlog\":{\"event_data\":{";
    bool first = true;
    for (const auto& [name, values] : fields) {
      object += "," + json_string(name) + ":";
      if (values.size() == 1) object += json_string(values[0]);
      else {
        object += "[";
        for (std::size_t v = 0; v < values.size(); ++v) object += (v ? "," : "") + json_string(values[v]);
        object += "]";
      }
      nested += (first ? "" : ",") + json_string(name) + ":" + json_string(values[0]);
      first = false;
    }
    object += "}";
    nested += "},\"event_id\":1,\"channel\":\"Security\"}}";
    lines += object + "\n";
    wrapped += "{\"preview\":false,\"result\":" + object + "}\n";
    array += (row ? ",\n" : "\n") + nested;
    for (std::size_t i = 0; i < header.size(); ++i) {
      std::string cell;
      for (const auto& [name, values] : fields)
        if (name == header[i])
          for (std::size_t v = 0; v < values.size(); ++v) cell += (v ? "\n" : "") + values[v];
      csv += (i ? "," : "") + csv_cell(cell);
    }
    csv += "," + csv_cell(raw) + "\n";
    classic += "03/04/2024 08:0" + std::to_string(row % 10) + ":00 AM\r\nLogName=Security\r\n";
    for (const auto& [name, values] : fields) classic += name + "=" + values[0].substr(0, 200) + "\r\n";
    classic += "Message=A new process has been created.\r\n\r\nSubject:\r\n\tAccount Name:\t\tWS1$\r\n\r\n";
    seed("spath", "Event.System.Provider{@Name}\n" + raw);
    seed("spath", "Event.EventData.Data{}\n" + raw);
    seed("spath", "winlog.event_data.Image\n" + nested);
  }
  array += "\n]\n";
  for (const auto& [harness, text] : std::vector<std::pair<std::string, std::string>>{
           {"json_reader", lines}, {"json_reader", wrapped}, {"json_reader", array},
           {"csv_reader", csv}, {"classic_text_reader", classic}}) {
    seed(harness, text);
    seed("gzip_input", gzip(text));
  }
  seed("gzip_input", gzip(lines) + gzip(wrapped));  // two members
}

void event_log_seeds(const fs::path& source, const fs::path& shared) {
  // XML: evtxexport's layout from the shared logs, Splunk's one-per-line layout from samples/,
  // Event Viewer's <Events> layout from the synthetic forwarded events.
  std::vector<std::string> xml_seeds;
  for (const fs::path& p : files_under(shared / "data" / "evtx-attack-samples-xml", ".xml"))
    xml_seeds.push_back(first_events(read_file(p), 2));
  const std::string sample = read_file(source / "samples" / "sysmon_sample.xml");
  std::size_t cut = 0;
  for (int i = 0; i < 3 && cut != std::string::npos; ++i) cut = sample.find('\n', cut + 1);
  xml_seeds.push_back(sample.substr(0, cut == std::string::npos ? sample.size() : cut + 1));
  std::string events_export;
  const evtx_test::Bytes forwarded = evtx_test::forwarded_file(evtx_test::forwarded_events(), 2, &events_export);
  xml_seeds.push_back(events_export);
  for (const std::string& x : xml_seeds) seed("xml_reader", x);
  seed("gzip_input", gzip(xml_seeds.back()));

  // EVTX: the first records of each shared file's first chunk; synthetic forwarded and templated
  // records; a few whole one-chunk files.
  std::size_t whole = 0;
  for (const fs::path& p : files_under(shared / "data" / "evtx-attack-samples", ".evtx")) {
    const std::string file = read_file(p);
    if (std::string records = first_records(file, 6000); !records.empty()) seed("evtx_reader", records);
    if (whole++ % 50 == 0 && file.size() >= spelunk::evtx::kFileHeaderSize + spelunk::evtx::kChunkSize)
      seed("evtx_reader", file.substr(0, spelunk::evtx::kFileHeaderSize + spelunk::evtx::kChunkSize));
  }
  const std::string forwarded_text(forwarded.begin(), forwarded.end());
  seed("evtx_reader", first_records(forwarded_text, 8000));
  seed("evtx_reader", forwarded_text.substr(0, spelunk::evtx::kFileHeaderSize + spelunk::evtx::kChunkSize));
  const evtx_test::Bytes templated = evtx_test::evtx_file({evtx_test::event_chunk(1, 4)});
  seed("evtx_reader", first_records(std::string(templated.begin(), templated.end()), 8000));

  // Stores of a few events each: the other formats' seeds, and saved stores.
  std::size_t stores = 0;
  for (std::size_t i = 0; i < xml_seeds.size(); i += std::max<std::size_t>(1, xml_seeds.size() / 12)) {
    const auto store = read_xml_events(xml_seeds[i]);
    if (store->rows() == 0) continue;
    derived_seeds(*store);
    const fs::path saved = out_root / "tmp.spelunk";
    if (!spelunk::save_store(*store, saved.string()) && fs::file_size(saved) < 200000)
      seed("saved_store", read_file(saved)), ++stores;
    fs::remove(saved);
  }
}

// ------------------------------------------------------------------ .conf files

void conf_seeds(const fs::path& source, const fs::path& shared) {
  const std::string props = read_file(source / "conf" / "props.conf");
  seed("props_conf", props);
  for (std::size_t at = props.find('['); at != std::string::npos;) {  // one seed per stanza
    const std::size_t next = props.find("\n[", at + 1);
    seed("props_conf", props.substr(at, next == std::string::npos ? std::string::npos : next + 1 - at));
    at = next == std::string::npos ? next : next + 1;
  }
  seed("props_conf",
       "[default]\nFIELDALIAS-a = host AS dest Image ASNEW process\n"
       "[source::XmlWinEventLog:...]\nEVAL-x = if(match(Image, \"(?i)cmd\"), lower(Image), null())\n"
       "EVAL-y = mvjoin(mvappend(Data, \"z\"), \";\") . tostring(len(EventCode))\n"
       "[host::WS*]\nEVAL-n = tonumber(EventCode) * 2 \\\n + 1\n");
  seed("transforms_conf",
       "[ioc_domains]\nfilename = ioc_domains.csv\nmatch_type = WILDCARD(domain), CIDR(ip)\n"
       "case_sensitive_match = false\nmin_matches = 1\nmax_matches = 5\ndefault_match = unknown\n"
       "[geo]\nexternal_type = geo\n[kv]\ncollection = c\nexternal_type = kvstore\n"
       "[extract]\nREGEX = (?<user>\\w+)\nFORMAT = user::$1\n");
  seed("transforms_conf", "domain,ip,ioc\n*.evil.com,10.0.0.0/8,\"a,b\"\ncmd.exe,::1/128,\"x\"\"y\"\n");
  for (const fs::path& p : files_under(shared / "corpus" / "security_content_lookups", ".csv")) {
    std::string csv = read_file(p);
    if (csv.size() > 4096) csv.resize(csv.rfind('\n', 4096) + 1);
    const std::string name = p.stem().string();
    std::string yml = read_file(fs::path(p).replace_extension(".yml"));
    std::string stanza = "[" + name + "]\nfilename = " + name + ".csv\n";
    if (auto m = yml.find("match_type:"); m != std::string::npos)
      stanza += "match_type = " + yml.substr(m + 11, yml.find('\n', m) - m - 11) + "\n";
    seed("transforms_conf", stanza + csv);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: make_seeds OUT SOURCE_DIR [SHARED_DIR]\n";
    return 2;
  }
  out_root = argv[1];
  const fs::path source = argv[2];
  const fs::path shared = argc > 3 ? fs::path(argv[3]) : source / ".." / "shared";
  fs::create_directories(out_root);
  if (!fs::exists(shared / "data")) std::cerr << "make_seeds: " << shared.string() << " is absent: seeds from the repository only\n";
  spl_seeds(source, shared);
  event_log_seeds(source, shared);
  conf_seeds(source, shared);
  for (const auto& [harness, n] : counts) std::cout << harness << ": " << n << " seeds\n";
  return 0;
}
