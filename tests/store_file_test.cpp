// The saved store (storage/store_file.hpp): a round trip keeps every field, row, value, `_time`
// and `_raw`; a damaged or foreign file gives its one exact message and never crashes.
#include <doctest/doctest.h>
#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"
#include "runner_util.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/store_file.hpp"

using namespace spelunk;
using spelunk::test::ScratchDir;

namespace {

std::string sample_path() { return std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml"; }

std::shared_ptr<Store> ingest(const std::vector<std::string>& paths) {
  IngestOptions options;
  IngestReport report;
  auto store = ingest_paths(paths, options, report);
  INFO((report.messages.empty() ? std::string() : report.messages.front()));
  REQUIRE(store);
  REQUIRE(report.messages.empty());
  return store;
}

// Multi-values on dense and sparse columns, an alias with and without trimming, empty values,
// values from the arena's first and later chunks, and more than one `_raw` block.
Store synthetic_store() {
  StoreBuilder b;
  b.alias("RecordID", "EventRecordID");
  b.alias("TimeCreated", "SystemTime", 1);
  auto id = b.field("EventRecordID"), st = b.field("SystemTime"), tag = b.field("tag");
  auto rare = b.field("rare"), empty = b.field("empty");
  for (int i = 0; i < 700; ++i) {
    b.begin_event();
    b.set(id, std::to_string(i));
    b.set(st, "'t" + std::to_string(i % 50) + "'");
    b.append(tag, "a");
    if (i % 3 == 0) b.append(tag, "b" + std::to_string(i % 7));
    if (i % 97 == 0) {
      b.append(rare, "r1");
      b.append(rare, "r2");
    } else if (i % 31 == 0) {
      b.set(rare, std::string(300, 'x'));
    }
    if (i % 2 == 0) b.set(empty, "");
    b.set_time(1'700'000'000LL * kMicrosPerSecond + i);
    b.set_raw("<Event>" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 13), '-') + "</Event>");
    b.end_event();
  }
  return b.finish();
}

void check_same_column(const Column& a, const Column& b, std::size_t rows) {
  INFO("field " << a.name());
  CHECK(a.name() == b.name());
  CHECK(a.rows() == b.rows());
  CHECK(a.is_sparse() == b.is_sparse());
  CHECK(a.has_multi() == b.has_multi());
  CHECK(a.dict().is_derived() == b.dict().is_derived());
  REQUIRE(a.dict().size() == b.dict().size());
  for (Code c = 1; c <= a.dict().size(); ++c) REQUIRE(a.dict().value(c) == b.dict().value(c));
  for (std::size_t r = 0; r < rows; ++r) {
    REQUIRE(a.code(r) == b.code(r));
    auto va = a.values(r), vb = b.values(r);
    REQUIRE(std::equal(va.begin(), va.end(), vb.begin(), vb.end()));
  }
  auto ca = a.codes(), cb = b.codes();
  CHECK(std::equal(ca.begin(), ca.end(), cb.begin(), cb.end()));
}

void check_same_store(const Store& a, const Store& b) {
  REQUIRE(a.rows() == b.rows());
  CHECK(a.field_names() == b.field_names());
  REQUIRE(a.aliases().size() == b.aliases().size());
  for (std::size_t i = 0; i < a.aliases().size(); ++i) {
    CHECK(a.aliases()[i].name == b.aliases()[i].name);
    CHECK(a.aliases()[i].base == b.aliases()[i].base);
    CHECK(a.aliases()[i].trim == b.aliases()[i].trim);
  }
  for (std::string_view name : a.field_names()) {
    REQUIRE(b.column(name) != nullptr);
    check_same_column(*a.column(name), *b.column(name), a.rows());
  }
  CHECK(std::equal(a.times().begin(), a.times().end(), b.times().begin(), b.times().end()));
  CHECK(a.raw().size() == b.raw().size());
  CHECK(a.raw().uncompressed_bytes() == b.raw().uncompressed_bytes());
  std::vector<std::string> raws;
  a.raw().scan(0, a.rows(), [&](std::size_t, std::string_view raw) { raws.emplace_back(raw); });
  std::size_t same = 0;
  b.raw().scan(0, b.rows(), [&](std::size_t row, std::string_view raw) { same += raws.at(row) == raw; });
  CHECK(same == a.rows());
}

std::shared_ptr<Store> reopen(const std::string& path) {
  OpenedStore opened = open_store(path);
  INFO(opened.error);
  REQUIRE(opened.store);
  return opened.store;
}

std::string search_csv(const std::shared_ptr<const Store>& store, const std::string& query) {
  cli::Session session;
  session.load_props({});
  session.set_now(1'800'000'000LL * kMicrosPerSecond);
  session.set_store(store);
  cli::SearchOutcome outcome = session.run(query);
  INFO(query << ": " << outcome.error);
  REQUIRE(outcome.ok);
  std::ostringstream out;
  cli::write_csv(outcome.result, out);
  return out.str();
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string open_error(const std::string& path) {
  OpenedStore opened = open_store(path);
  CHECK_FALSE(opened.store);
  return opened.error;
}

// The section table as the file format describes it (storage/store_file.hpp).
struct SectionInfo {
  std::string name;
  std::uint64_t offset, length;
  std::size_t entry_at;  // where its table entry is
};

template <class T>
T read_at(std::string_view bytes, std::size_t at) {
  T v;
  std::memcpy(&v, bytes.data() + at, sizeof v);
  return v;
}

std::vector<SectionInfo> sections_of(std::string_view file) {
  std::vector<SectionInfo> out;
  const auto count = read_at<std::uint32_t>(file, 24);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t e = 64 + i * 48;
    std::string name(file.data() + e, strnlen(file.data() + e, 16));
    out.push_back({name, read_at<std::uint64_t>(file, e + 16), read_at<std::uint64_t>(file, e + 24), e});
  }
  return out;
}

// A section's checksum: XXH3 of the XXH3s of its 4 MiB chunks (storage/store_file.cpp).
std::uint64_t section_checksum(const char* data, std::uint64_t length) {
  constexpr std::uint64_t kChunk = 4u << 20;
  std::vector<std::uint64_t> sums;
  for (std::uint64_t at = 0; at < length || sums.empty(); at += kChunk) {
    sums.push_back(XXH3_64bits(data + at, std::min(kChunk, length - at)));
  }
  return XXH3_64bits(sums.data(), sums.size() * 8);
}

// Rewrites the checksums of `section` and of the table, as a careful forger would.
void reseal(std::string& file, const SectionInfo& section) {
  std::uint64_t sum = section_checksum(file.data() + section.offset, section.length);
  std::memcpy(file.data() + section.entry_at + 32, &sum, 8);
  const auto count = read_at<std::uint32_t>(file, 24);
  std::uint64_t table = XXH3_64bits(file.data() + 64, count * 48);
  std::memcpy(file.data() + 32, &table, 8);
}

}  // namespace

TEST_CASE("store file: the sample round-trips field by field, row by row") {
  ScratchDir dir("store-file");
  auto built = ingest({sample_path()});
  const std::string path = dir.file("sample.spelunk");
  REQUIRE_FALSE(save_store(*built, path));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  auto opened = reopen(path);
  check_same_store(*built, *opened);
  bool sparse = false, dense = false;
  for (const auto& c : opened->columns()) (c->is_sparse() ? sparse : dense) = true;
  CHECK(sparse);
  CHECK(dense);
  CHECK_FALSE(opened->aliases().empty());

  // The same searches give the same output on both (dictionary scans, codes, _raw, _time).
  for (const char* query : {"EventCode=1 | table _time host Image CommandLine",
                            "* | stats count dc(TargetImage) by EventCode host | sort - count | head 20",
                            "lsass.exe | head 7 | table _raw",
                            "TimeCreated=\"2024-03-04T08:00:00*\" | table TimeCreated RecordID",
                            "| makeresults count=1 | eval x=1"}) {
    CHECK(search_csv(built, query) == search_csv(opened, query));
  }

  // Saving a reopened store (the REPL's .save after `-d FILE`) writes the same bytes.
  const std::string again = dir.file("again.spelunk");
  REQUIRE_FALSE(save_store(*opened, again));
  CHECK(read_bytes(again) == read_bytes(path));
}

TEST_CASE("store file: multi-values, aliases, empty values, tiny and empty stores round-trip") {
  ScratchDir dir("store-file-synthetic");
  Store built = synthetic_store();
  REQUIRE(built.column("tag")->has_multi());
  REQUIRE(built.column("rare")->has_multi());
  REQUIRE(built.column("rare")->is_sparse());
  REQUIRE(built.column("TimeCreated")->dict().is_derived());
  const std::string path = dir.file("synthetic.spelunk");
  REQUIRE_FALSE(save_store(built, path));
  auto opened = reopen(path);
  check_same_store(built, *opened);
  CHECK(opened->column("TimeCreated")->dict().value(opened->column("TimeCreated")->code(3)) == "t3");
  CHECK(opened->column("rare")->dict().find("r2").has_value());  // find() scans a mapped dictionary

  StoreBuilder b;
  b.begin_event();
  b.set("x", "1");
  b.set_raw("one raw");
  b.end_event();
  Store unfinished = b.finish();
  REQUIRE_FALSE(save_store(unfinished, dir.file("one.spelunk")));
  CHECK(reopen(dir.file("one.spelunk"))->raw().get(0) == "one raw");

  Store empty;
  REQUIRE_FALSE(save_store(empty, dir.file("empty.spelunk")));
  CHECK(reopen(dir.file("empty.spelunk"))->rows() == 0);
}

TEST_CASE("store file: sections larger than one 4 MiB checksum chunk") {
  ScratchDir dir("store-file-large");
  StoreBuilder b;
  std::uint64_t x = 88172645463325252ull;
  std::string noise(150'000, '\0');
  for (int i = 0; i < 40; ++i) {  // 6 MB of _raw that zstd cannot shrink
    for (char& ch : noise) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      ch = static_cast<char>(x);
    }
    b.begin_event();
    b.set("n", std::to_string(i));
    b.set_raw(noise);
    b.end_event();
  }
  Store built = b.finish();
  const std::string path = dir.file("large.spelunk");
  REQUIRE_FALSE(save_store(built, path));
  check_same_store(built, *reopen(path));

  std::string bytes = read_bytes(path);
  const auto sections = sections_of(bytes);
  auto raw = std::find_if(sections.begin(), sections.end(), [](const SectionInfo& s) { return s.name == "raw_bytes"; });
  REQUIRE(raw->length > (4u << 20) + 1000);
  bytes[raw->offset + (4u << 20) + 1000] ^= 0x40;  // in the second chunk
  write_bytes(path, bytes);
  CHECK(open_error(path) == path + ": checksum mismatch in section raw_bytes");
}

TEST_CASE("store file: an opened store can be appended to and appended elsewhere") {
  ScratchDir dir("store-file-append");
  const std::string path = dir.file("s.spelunk");
  REQUIRE_FALSE(save_store(synthetic_store(), path));

  Store copy = synthetic_store();
  copy.append(std::move(*reopen(path)));  // mapped columns re-interned, _raw blocks kept mapped
  REQUIRE(copy.rows() == 1400);
  CHECK(copy.raw().get(1399) == "<Event>699" + std::string(699 % 13, '-') + "</Event>");
  CHECK(copy.column("tag")->values(1398).size() == 1);
  CHECK(copy.column("tag")->values(1399).size() == 2);

  auto mapped = reopen(path);
  mapped->append(synthetic_store());  // writes into a mapped store copy it out first
  REQUIRE(mapped->rows() == 1400);
  CHECK(mapped->column("EventRecordID")->dict().value(mapped->column("EventRecordID")->code(1000)) == "300");
  CHECK(mapped->column("TimeCreated")->dict().value(mapped->column("TimeCreated")->code(705)) == "t5");
}

TEST_CASE("store file: -d detects a saved store by content, alone or mixed with logs") {
  ScratchDir dir("store-file-cli");
  const std::string saved = dir.file("case.dat");  // any name: the magic decides
  const std::string sample = sample_path();
  std::ostringstream out, err;
  const char* load_argv[] = {"spelunk", "load", "-d", sample.c_str(), "--save", saved.c_str()};
  REQUIRE(cli::run(6, load_argv, out, err) == 0);
  CHECK(err.str().find("saved ") == 0);

  auto run = [](std::vector<const char*> argv) {
    std::ostringstream o, e;
    argv.insert(argv.begin(), "spelunk");
    int status = cli::run(static_cast<int>(argv.size()), argv.data(), o, e);
    return std::make_pair(status, o.str() + e.str());
  };
  const char* query = "EventCode=1 | stats count by host | sort host";
  auto from_log = run({"-d", sample.c_str(), "-o", "csv", query});
  auto from_saved = run({"-d", saved.c_str(), "-o", "csv", query});
  CHECK(from_log.first == 0);
  CHECK(from_saved == from_log);

  // Mixed: the saved store's events follow the logs' events (values copied, then all searched).
  auto both = ingest({sample, saved});
  auto one = ingest({sample});
  CHECK(both->rows() == 2 * one->rows());
  CHECK(both->raw().get(one->rows()) == one->raw().get(0));

  // A damaged saved store among the inputs is reported by name; the other inputs are read.
  std::string bytes = read_bytes(saved);
  bytes[bytes.size() - 1] ^= 0x01;
  const std::string broken = dir.file("broken.dat");
  write_bytes(broken, bytes);
  auto mixed = run({"-d", sample.c_str(), "-d", broken.c_str(), "-o", "csv", query});
  CHECK(mixed.first == 0);
  CHECK(mixed.second.find("spelunk: " + broken + ": checksum mismatch in section catalogue\n") != std::string::npos);

  auto bad_args = run({"load", "-d", sample.c_str()});
  CHECK(bad_args.first == 2);
  CHECK(bad_args.second.find("no --save FILE given") != std::string::npos);
  auto unwritable = run({"load", "-d", sample.c_str(), "--save", dir.file("no/such/dir/x").c_str()});
  CHECK(unwritable.first == 1);
  CHECK(unwritable.second.find(dir.file("no/such/dir/x") + ": cannot write (no such file or directory)") != std::string::npos);
}

TEST_CASE("store file: damaged and foreign files give one exact message, never a crash") {
  ScratchDir dir("store-file-damaged");
  const std::string good_path = dir.file("good.spelunk");
  REQUIRE_FALSE(save_store(synthetic_store(), good_path));
  const std::string good = read_bytes(good_path);
  const std::vector<SectionInfo> sections = sections_of(good);
  REQUIRE(sections.size() == 8);
  const std::string path = dir.file("bad.spelunk");

  SUBCASE("truncated anywhere") {
    std::vector<std::size_t> cuts;
    for (std::size_t n = 0; n < 600; ++n) cuts.push_back(n);
    for (std::size_t n = 600; n < good.size(); n += 97) cuts.push_back(n);
    for (const SectionInfo& s : sections) {
      for (std::size_t n : {s.offset, s.offset + 1, s.offset + s.length - 1}) cuts.push_back(n);
    }
    for (std::size_t n : cuts) {
      if (n >= good.size()) continue;
      write_bytes(path, std::string_view(good).substr(0, n));
      std::string expected;
      const std::uint64_t table_end = 64 + 48 * sections.size();
      if (n < 8) {
        expected = "not a spelunk store (bad magic)";
      } else if (n < 64) {
        expected = "truncated (header ends at byte 64, file has " + std::to_string(n) + ")";
      } else if (n < table_end) {
        expected = "truncated (section table ends at byte " + std::to_string(table_end) + ", file has " + std::to_string(n) + ")";
      } else {
        for (const SectionInfo& s : sections) {
          if (s.offset + s.length > n) {
            expected = "truncated (section " + s.name + " ends at byte " + std::to_string(s.offset + s.length) +
                       ", file has " + std::to_string(n) + ")";
            break;
          }
        }
      }
      INFO("cut at " << n);
      REQUIRE(open_error(path) == path + ": " + expected);
    }
  }

  SUBCASE("a flipped byte in any section") {
    for (const SectionInfo& s : sections) {
      if (s.length == 0) continue;
      for (std::uint64_t at : {s.offset, s.offset + s.length / 2, s.offset + s.length - 1}) {
        std::string bytes = good;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        write_bytes(path, bytes);
        INFO("byte " << at);
        CHECK(open_error(path) == path + ": checksum mismatch in section " + s.name);
      }
    }
    std::string bytes = good;
    bytes[64 + 20] ^= 0x01;  // an offset in the table
    write_bytes(path, bytes);
    CHECK(open_error(path) == path + ": checksum mismatch in section table");
  }

  SUBCASE("foreign, future and wrong files") {
    std::string bytes = good;
    bytes[0] = 'X';
    write_bytes(path, bytes);
    CHECK(open_error(path) == path + ": not a spelunk store (bad magic)");

    bytes = good;
    std::uint32_t version = kStoreFileVersion + 1;
    std::memcpy(bytes.data() + 8, &version, 4);
    write_bytes(path, bytes);
    CHECK(open_error(path) == path + ": store format version " + std::to_string(version) +
                                  ", this spelunk reads version " + std::to_string(kStoreFileVersion));

    bytes = good;
    std::swap(bytes[12], bytes[15]);
    write_bytes(path, bytes);
    CHECK(open_error(path) == path + ": store written with the other byte order");

    write_bytes(path, good + "extra");
    CHECK(open_error(path) == path + ": 5 bytes after the end of the store");

    write_bytes(path, "");
    CHECK(open_error(path) == path + ": not a spelunk store (bad magic)");
    write_bytes(path, "<Event>not a store</Event>");
    CHECK(open_error(path) == path + ": not a spelunk store (bad magic)");
    CHECK(open_error(dir.path.string()) == dir.path.string() + ": is a directory, not a spelunk store");
    CHECK(open_error(dir.file("missing")) == dir.file("missing") + ": cannot open (no such file or directory)");
  }

  SUBCASE("forged checksums: every code, offset and length is still checked") {
    auto section = [&](std::string_view name) {
      return *std::find_if(sections.begin(), sections.end(), [&](const SectionInfo& s) { return s.name == name; });
    };
    auto forge = [&](std::string_view name, std::uint64_t at, std::uint32_t value) {
      std::string bytes = good;
      const SectionInfo s = section(name);
      std::memcpy(bytes.data() + s.offset + at, &value, 4);
      reseal(bytes, s);
      write_bytes(path, bytes);
      return open_error(path);
    };
    const std::string prefix = path + ": corrupt store (";
    // The first column is EventRecordID, dense: its first code becomes far too large.
    CHECK(forge("codes", 0, 0x7fffffffu) == prefix + "field EventRecordID: code out of range)");
    CHECK(forge("codes", 0, 0xffffffffu) == prefix + "field EventRecordID: code out of range)");
    CHECK(forge("dict_offsets", 8, 0xffffffu) == prefix + "field EventRecordID: dictionary offsets out of order or out of bounds)");
    CHECK(forge("raw_ends", 0, 0xffffffu) == prefix + "_raw block 0: event ends out of order)");
    CHECK(forge("raw_blocks", 4, 9999) == prefix + "_raw block 0: out of bounds)");
    CHECK(forge("catalogue", 0, 12345) == prefix + "_time does not match the row count)");
    // A catalogue cut short: the column count promises more than is there.
    const SectionInfo cat = section("catalogue");
    std::string bytes = good;
    bytes.resize(cat.offset + cat.length - 3);
    std::uint64_t new_length = cat.length - 3;
    std::memcpy(bytes.data() + cat.entry_at + 24, &new_length, 8);
    std::uint64_t size = bytes.size();
    std::memcpy(bytes.data() + 16, &size, 8);
    SectionInfo shorter = cat;
    shorter.length = new_length;
    reseal(bytes, shorter);
    write_bytes(path, bytes);
    CHECK(open_error(path) == prefix + "catalogue ends early)");
  }
}

TEST_CASE("store file: valid checksums over a corrupt zstd block: an error naming file and block when it is read") {
  ScratchDir dir("store-file-zstd");
  const std::string path = dir.file("forged.spelunk");
  REQUIRE_FALSE(save_store(synthetic_store(), path));  // 700 events: _raw blocks 0, 1, 2
  std::string bytes = read_bytes(path);
  const std::vector<SectionInfo> sections = sections_of(bytes);
  auto section = [&](std::string_view name) {
    return *std::find_if(sections.begin(), sections.end(), [&](const SectionInfo& s) { return s.name == name; });
  };
  // Block 1's frame: its offset in raw_bytes is in its raw_blocks entry (32 bytes, at 8). Keep the
  // frame header (so the content size still matches and the store opens), and give its first
  // block the reserved block type (3): zstd refuses it.
  const SectionInfo blocks = section("raw_blocks"), raw = section("raw_bytes");
  const auto frame_at = raw.offset + read_at<std::uint64_t>(bytes, blocks.offset + 32 + 8);
  // Frame header (zstd format, RFC 8878 3.1.1): magic, descriptor, [window], [dictionary id],
  // [content size], by the descriptor's flags.
  REQUIRE(read_at<std::uint32_t>(bytes, frame_at) == 0xFD2FB528u);
  const auto descriptor = static_cast<unsigned char>(bytes[frame_at + 4]);
  const bool single_segment = (descriptor & 0x20) != 0;
  const std::size_t fcs_sizes[] = {single_segment ? 1u : 0u, 2, 4, 8}, did_sizes[] = {0, 1, 2, 4};
  const std::size_t header = 5 + (single_segment ? 0 : 1) + did_sizes[descriptor & 3] + fcs_sizes[descriptor >> 6];
  bytes[frame_at + header] = static_cast<char>(bytes[frame_at + header] | 0x06);
  reseal(bytes, raw);
  write_bytes(path, bytes);

  auto store = reopen(path);  // opening checks sizes, not contents: it opens
  const std::string error =
      path + ": _raw block 1 (events 257 to 512) is corrupt: zstd: Data corruption detected";
  cli::Session session;
  session.set_store(store);
  // What does not read block 1 still works: fields, and _raw of the other blocks.
  const cli::SearchOutcome count = session.run("* | stats count");
  REQUIRE(count.ok);
  CHECK(count.result.get("count", 0).to_string() == "700");
  const cli::SearchOutcome first = session.run("EventRecordID=5 OR EventRecordID=600 | table _raw");
  REQUIRE(first.ok);
  CHECK(first.result.get("_raw", 0).to_string() == "<Event>600" + std::string(600 % 13, '-') + "</Event>");
  CHECK(first.result.get("_raw", 1).to_string() == "<Event>5-----</Event>");
  // A raw-term search scans every block (on two threads): the error, never a crash.
  const cli::SearchOutcome scan = session.run("\"<Event>300\"");
  CHECK_FALSE(scan.ok);
  CHECK(scan.error == error);
  // The command line: the error on stderr, status 2 (an input error).
  auto run = test::run_spelunk({"-d", path, "* | table _raw"});
  CHECK(run.status == 2);
  CHECK(run.err == "spelunk: " + error + "\n");
}
