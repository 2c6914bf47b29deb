#include "storage/ingest/evtx/evtx_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "storage/ingest/evtx/evtx_file.hpp"
#include "storage/ingest/win_event_sink.hpp"

namespace spelunk::evtx {

namespace {

// Character content as the XML reader sees it: pugixml (without parse_ws_pcdata) keeps no
// whitespace-only text, so neither does this walk (`<Data Name='Description'> </Data>` gives no
// Description field in either reader).
std::string_view text_of(const Element& e) {
  for (char c : e.text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return e.text;
  return {};
}

// Walks one decoded event into the shared field mapping (WinEventSink), the same walk the XML
// reader makes over its parsed XML, and renders `_raw`.
class EventMapper {
 public:
  EventMapper(StoreBuilder& out, const IngestOptions& options) : out_(out), sink_(out, options) {}

  // What the event had (a valid UtcTime or SystemTime; UserData too deep to walk whole).
  WinEventSink::Outcome add(const Document& doc) {
    too_deep_ = false;
    const Element* event = doc.root();
    out_.begin_event();
    sink_.begin();
    if (const Element* system = doc.child(*event, "System")) {
      for (auto c : system->children) {
        const Element& e = doc.at(c);
        sink_.system_text(e.name, text_of(e));
        for (std::size_t a = 0; a < e.attribute_count; ++a)
          sink_.system_attribute(e.name, e.attributes[a].name, e.attributes[a].value);
      }
    }
    sink_.end_system();
    for (auto part : event->children) {
      const Element& p = doc.at(part);
      if (p.name == "EventData") {
        for (auto c : p.children) {
          const Element& d = doc.at(c);
          if (d.name != "Data") continue;
          const Attribute* name = d.attribute("Name");
          sink_.data(name != nullptr, name ? std::string_view(name->value) : "", text_of(d));
        }
      } else if (p.name == "UserData") {
        user_data(doc, p, 0);
      }
    }
    WinEventSink::Outcome outcome = sink_.finish();
    outcome.user_data_too_deep = too_deep_;
    raw_.clear();
    render_xml(doc, raw_);
    out_.set_raw(raw_);
    out_.end_event();
    return outcome;
  }

 private:
  void user_data(const Document& doc, const Element& e, int depth) {
    if (depth > WinEventSink::kMaxUserDataDepth) {  // as the XML reader
      too_deep_ = true;
      return;
    }
    for (auto c : e.children) {
      const Element& child = doc.at(c);
      if (child.children.empty()) sink_.user_data_leaf(child.name, text_of(child));
      else user_data(doc, child, depth + 1);
    }
  }

  StoreBuilder& out_;
  WinEventSink sink_;
  std::string raw_;
  bool too_deep_ = false;
};

struct MappedFile {
  explicit MappedFile(const std::string& path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) return;
    size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      size = 0;
      return;
    }
    data = static_cast<const std::uint8_t*>(p);
  }
  ~MappedFile() {
    if (data) ::munmap(const_cast<std::uint8_t*>(data), size);
    if (fd >= 0) ::close(fd);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  int fd = -1;
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

}  // namespace

bool sniff_evtx(std::string_view head) { return head.starts_with(kFileMagic); }

namespace {

// Reads the chunks that start in `range` into `out`. Problems, events without a time included,
// in the order met.
ScanResult read_chunks(std::span<const std::uint8_t> image, const std::string& path, ReadRange range,
                       StoreBuilder& out, const IngestOptions& options) {
  EventMapper mapper(out, options);
  ScanResult result;
  scan_evtx_chunks(image, path, range, [&](const Document& doc, const RecordInfo& info) {
    const WinEventSink::Outcome outcome = mapper.add(doc);
    const std::string where = " (record id " + std::to_string(info.record_id) + ")";
    if (outcome.user_data_too_deep)
      result.problems.push_back({info.ordinal, "UserData nested deeper than " +
                                                   std::to_string(WinEventSink::kMaxUserDataDepth) +
                                                   " elements; what lies deeper is in _raw only",
                                 where});
    if (!outcome.has_time)
      result.problems.push_back({info.ordinal, "no valid UtcTime or SystemTime, _time set to 0", where});
  }, result);
  return result;
}

std::string open_problem(const MappedFile& file) {
  if (file.fd < 0 || file.size == 0)
    return "cannot read the file (" + (file.fd < 0 ? std::string(std::strerror(errno)) : "empty") + ")";
  return "cannot map the file";
}

}  // namespace

void read_evtx_image(std::span<const std::uint8_t> image, const std::string& path,
                     StoreBuilder& out, IngestReport& report, const IngestOptions& options) {
  ScanResult result = read_chunks(image, path, ReadRange{}, out, options);
  report.events += result.records;
  report.skipped += result.skipped;
  report.bytes += image.size();
  for (const RecordProblem& p : result.problems)
    report.messages.push_back(p.record == 0 ? path + ": " + p.what
                                            : record_message(path, "record", p.record, p.what, p.where));
}

void read_evtx(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options) {
  MappedFile file(path);
  if (file.data == nullptr) {
    report.messages.push_back(path + ": " + open_problem(file));
    return;
  }
  read_evtx_image({file.data, file.size}, path, out, report, options);
}

std::vector<std::uint64_t> split_evtx(const std::string&, std::uint64_t size, unsigned parts) {
  return split_chunks(size, parts);
}

void read_evtx_range(const std::string& path, ReadRange range, StoreBuilder& out, RangeResult& result,
                     const IngestOptions& options) {
  result.noun = "record";
  MappedFile file(path);
  if (file.data == nullptr) {
    result.problems.push_back({0, open_problem(file), ""});
    return;
  }
  ScanResult scan = read_chunks({file.data, file.size}, path, range, out, options);
  result.records = scan.ordinals;
  result.events = scan.records;
  result.skipped = scan.skipped;
  result.bytes = static_cast<std::size_t>(std::min<std::uint64_t>(range.end, file.size) - std::min<std::uint64_t>(range.begin, file.size));
  result.problems = std::move(scan.problems);
}

}  // namespace spelunk::evtx
