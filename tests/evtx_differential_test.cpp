// Differential test over the 277 real EVTX files of ../shared/data/evtx-attack-samples against
// Debian's `evtxexport -f xml` output of the same files (../shared/data/evtx-attack-samples-xml).
// Skips, saying why, when ../shared is absent.
//
// Element level: every record's decoded tree (element names, attributes, character content)
// must equal evtxexport's element for the same record (XML parsed with pugixml).
// Field level: ingesting the EVTX file with the EVTX reader and evtxexport's XML with the XML
// reader must give the same events: every field's values and _time (not _raw: ours is Windows'
// one-line rendering, the XML reader keeps evtxexport's pretty-printed text).
#include <doctest/doctest.h>

#include "test_env.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "storage/ingest/evtx/evtx_file.hpp"
#include "storage/ingest/evtx/evtx_reader.hpp"
#include "storage/ingest/xml_reader.hpp"
#include "tests/evtx_synthetic.hpp"
#include "tests/ingest_test_util.hpp"

namespace fs = std::filesystem;
using namespace spelunk::evtx;

namespace {

fs::path shared_dir() { return spelunk::test::shared_dir(); }

// (path, value) pairs in document order: "/Event/System/Provider@Name" -> "...".
using Flat = std::vector<std::pair<std::string, std::string>>;

void flatten_xml(const pugi::xml_node& n, const std::string& parent, Flat& out) {
  const std::string path = parent + "/" + n.name();
  for (auto a : n.attributes()) {
    if (std::string_view(a.name()).starts_with("xmlns")) continue;  // namespaces: not values
    out.emplace_back(path + "@" + a.name(), a.value());
  }
  std::string text;
  for (auto c : n.children())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
  out.emplace_back(path, text);
  for (auto c : n.children())
    if (c.type() == pugi::node_element) flatten_xml(c, path, out);
}

void flatten_doc(const Document& doc, const Element& e, const std::string& parent, Flat& out) {
  const std::string path = parent + "/" + e.name;
  for (std::size_t i = 0; i < e.attribute_count; ++i) {
    if (e.attributes[i].name.starts_with("xmlns")) continue;
    out.emplace_back(path + "@" + e.attributes[i].name, e.attributes[i].value);
  }
  out.emplace_back(path, e.text);
  for (auto c : e.children) flatten_doc(doc, doc.at(c), path, out);
}

// evtxexport's export of "<Tactic>/<name>.evtx" is "<Tactic>_<name>.evtx.xml", spaces as '_'.
fs::path export_of(const fs::path& evtx_root, const fs::path& xml_root, const fs::path& file) {
  std::string name = fs::relative(file, evtx_root).string();
  std::replace(name.begin(), name.end(), '/', '_');
  std::replace(name.begin(), name.end(), ' ', '_');
  return xml_root / (name + ".xml");
}

std::vector<Flat> export_events(const fs::path& xml_file) {
  std::ifstream in(xml_file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  text = "<export>" + text.substr(std::min(text.size(), text.find('\n'))) + "</export>";
  pugi::xml_document doc;
  // Keep \r\n as written (no end-of-line normalisation) and whitespace-only values.
  const unsigned flags = (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_ws_pcdata_single;
  std::vector<Flat> events;
  if (!doc.load_buffer(text.data(), text.size(), flags)) return events;
  for (auto e : doc.child("export").children("Event")) {
    events.emplace_back();
    flatten_xml(e, "", events.back());
  }
  return events;
}

std::string show(const Flat& f, std::size_t i) {
  return i < f.size() ? f[i].first + "=" + f[i].second : "(nothing)";
}

}  // namespace

TEST_CASE("evtx differential: every record's element tree equals evtxexport's") {
  const fs::path evtx_root = shared_dir() / "data" / "evtx-attack-samples";
  const fs::path xml_root = shared_dir() / "data" / "evtx-attack-samples-xml";
  if (!spelunk::test::shared_available(evtx_root.string()) || !spelunk::test::shared_available(xml_root.string())) return;
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(evtx_root))
    if (e.path().extension() == ".evtx") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::size_t records = 0, exported = 0, matching_records = 0, matching_files = 0;
  std::vector<std::string> differences;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    std::vector<Flat> ours;
    ScanResult scan = scan_evtx(bytes, file.string(), [&](const Document& doc, const RecordInfo&) {
      ours.emplace_back();
      flatten_doc(doc, *doc.root(), "", ours.back());
    });
    for (auto& m : scan.messages) differences.push_back(m);
    const std::vector<Flat> theirs = export_events(export_of(evtx_root, xml_root, file));
    records += ours.size();
    exported += theirs.size();
    bool same = ours.size() == theirs.size();
    if (!same)
      differences.push_back(file.string() + ": " + std::to_string(ours.size()) +
                            " records, evtxexport " + std::to_string(theirs.size()));
    for (std::size_t r = 0; r < std::min(ours.size(), theirs.size()); ++r) {
      if (ours[r] == theirs[r]) {
        ++matching_records;
        continue;
      }
      same = false;
      std::size_t i = 0;
      while (i < ours[r].size() && i < theirs[r].size() && ours[r][i] == theirs[r][i]) ++i;
      differences.push_back(file.string() + ": record " + std::to_string(r + 1) + ": ours " +
                            show(ours[r], i) + " | evtxexport " + show(theirs[r], i));
    }
    matching_files += same;
  }
  MESSAGE("evtx vs evtxexport (element trees): " << matching_files << "/" << files.size()
                                                 << " files, " << matching_records << "/"
                                                 << exported << " records identical");
  for (std::size_t i = 0; i < std::min<std::size_t>(differences.size(), 20); ++i)
    MESSAGE(differences[i]);
  CHECK(files.size() == 277);
  CHECK(records == 8255);
  CHECK(exported == 8255);
  CHECK(matching_records == exported);
  CHECK(differences.empty());
}

namespace {

// One event as field -> values (every column, aliases included), plus _time.
using Fields = std::map<std::string, std::vector<std::string>>;

std::vector<Fields> events_of(const spelunk::Store& store) {
  std::vector<Fields> events(store.rows());
  for (const auto& column : store.columns())
    for (std::size_t r = 0; r < store.rows(); ++r)
      for (spelunk::Code c : column->values(r))
        events[r][column->name()].emplace_back(column->dict().value(c));
  for (std::size_t r = 0; r < store.rows(); ++r)
    events[r]["_time"].push_back(std::to_string(store.times()[r]));
  return events;
}

std::string first_difference(const Fields& ours, const Fields& theirs) {
  auto show = [](const Fields& f, const std::string& k) {
    auto it = f.find(k);
    if (it == f.end()) return std::string("(absent)");
    std::string v;
    for (auto& x : it->second) v += (v.empty() ? "" : " | ") + x;
    return v;
  };
  for (auto& [k, v] : ours)
    if (!theirs.contains(k) || theirs.at(k) != v)
      return k + ": ours " + show(ours, k) + " / xml " + show(theirs, k);
  for (auto& [k, v] : theirs)
    if (!ours.contains(k)) return k + ": ours (absent) / xml " + show(theirs, k);
  return "";
}

}  // namespace

TEST_CASE("evtx differential: EVTX ingest gives the fields XML ingest gives for evtxexport's XML") {
  const fs::path evtx_root = shared_dir() / "data" / "evtx-attack-samples";
  const fs::path xml_root = shared_dir() / "data" / "evtx-attack-samples-xml";
  if (!spelunk::test::shared_available(evtx_root.string()) || !spelunk::test::shared_available(xml_root.string())) return;
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(evtx_root))
    if (e.path().extension() == ".evtx") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::size_t events = 0, matching_events = 0, matching_files = 0;
  std::vector<std::string> differences;
  const spelunk::IngestOptions options;
  for (const auto& file : files) {
    spelunk::StoreBuilder from_evtx, from_xml;
    spelunk::IngestReport evtx_report, xml_report;
    spelunk::evtx::read_evtx(file.string(), from_evtx, evtx_report, options);
    spelunk::xml_reader::read(export_of(evtx_root, xml_root, file).string(), from_xml, xml_report,
                              options);
    for (auto& m : evtx_report.messages) differences.push_back("evtx: " + m);
    const auto ours = events_of(from_evtx.finish());
    const auto theirs = events_of(from_xml.finish());
    events += theirs.size();
    bool same = ours.size() == theirs.size();
    if (!same)
      differences.push_back(file.string() + ": " + std::to_string(ours.size()) + " events, xml " +
                            std::to_string(theirs.size()));
    for (std::size_t r = 0; r < std::min(ours.size(), theirs.size()); ++r) {
      const std::string d = first_difference(ours[r], theirs[r]);
      if (d.empty()) {
        ++matching_events;
        continue;
      }
      same = false;
      differences.push_back(file.string() + ": event " + std::to_string(r + 1) + ": " + d);
    }
    matching_files += same;
  }
  MESSAGE("evtx vs xml ingest of evtxexport (fields): " << matching_files << "/" << files.size()
                                                        << " files, " << matching_events << "/"
                                                        << events << " events identical");
  for (std::size_t i = 0; i < std::min<std::size_t>(differences.size(), 20); ++i)
    MESSAGE(differences[i]);
  CHECK(events == 8255);
  CHECK(matching_events == events);
  CHECK(differences.empty());
}

// Forwarded events (Windows Event Forwarding) store each event without a template; the shared
// files have none, so a file of our own (tests/evtx_synthetic.hpp) stands in: its element trees
// must equal its XML parsed with pugixml, and EVTX ingest must give XML ingest's fields.
TEST_CASE("evtx differential: a forwarded-events file (no templates) equals its XML") {
  const std::vector<evtx_test::XmlElement> sample = evtx_test::forwarded_events();
  std::vector<evtx_test::XmlElement> events;
  for (int copy = 0; copy < 3; ++copy) events.insert(events.end(), sample.begin(), sample.end());
  std::string xml;
  const evtx_test::Bytes file = evtx_test::forwarded_file(events, 5, &xml);  // 3 chunks

  std::vector<Flat> ours;
  ScanResult scan = scan_evtx(file, "forwarded.evtx", [&](const Document& doc, const RecordInfo&) {
    ours.emplace_back();
    flatten_doc(doc, *doc.root(), "", ours.back());
  });
  CHECK(scan.messages.empty());
  CHECK(scan.chunks == 3);
  pugi::xml_document parsed;
  REQUIRE(parsed.load_buffer(xml.data(), xml.size()));
  std::vector<Flat> theirs;
  for (auto e : parsed.child("Events").children("Event")) {
    theirs.emplace_back();
    flatten_xml(e, "", theirs.back());
  }
  REQUIRE(ours.size() == events.size());
  REQUIRE(theirs.size() == events.size());
  for (std::size_t r = 0; r < ours.size(); ++r) {
    INFO("record " << r + 1);
    CHECK(ours[r] == theirs[r]);
  }

  spelunk::testing::TempDir dir;
  const std::string evtx_path = dir.write("forwarded.evtx", {reinterpret_cast<const char*>(file.data()), file.size()});
  const std::string xml_path = dir.write("forwarded.xml", xml);
  spelunk::StoreBuilder from_evtx, from_xml;
  spelunk::IngestReport evtx_report, xml_report;
  spelunk::evtx::read_evtx(evtx_path, from_evtx, evtx_report, {});
  spelunk::xml_reader::read(xml_path, from_xml, xml_report, {});
  CHECK(evtx_report.messages.empty());
  CHECK(xml_report.messages.empty());
  const auto from_evtx_events = events_of(from_evtx.finish());
  const auto from_xml_events = events_of(from_xml.finish());
  REQUIRE(from_evtx_events.size() == events.size());
  REQUIRE(from_xml_events.size() == events.size());
  for (std::size_t r = 0; r < events.size(); ++r) {
    INFO("event " << r + 1);
    CHECK(first_difference(from_evtx_events[r], from_xml_events[r]) == "");
  }
  // The values that the text path must keep, seen through the fields.
  CHECK(from_evtx_events[0].at("TargetUserName") == std::vector<std::string>{"andré"});
  CHECK(from_evtx_events[1].at("CommandLine") ==
        std::vector<std::string>{"cmd /c echo a&b <c> \"d\" 'e' > out.txt"});
  CHECK(from_evtx_events[2].at("SubjectUserName") == std::vector<std::string>{"admin01"});
  CHECK(from_evtx_events[0].at("EventCode") == std::vector<std::string>{"4624"});
}
