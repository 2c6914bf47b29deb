#include "storage/ingest/evtx/evtx_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <unordered_map>

#include "storage/ingest/evtx/evtx_file.hpp"

namespace spelunk::evtx {

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "YYYY-MM-DD?HH:MM:SS[.fraction]" (UtcTime uses a space, SystemTime a 'T') -> micros UTC.
std::optional<std::int64_t> parse_time(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2),
       mi = digits(14, 2), sec = digits(17, 2);
  if (!y || !mo || !d || !h || !mi || !sec || *mo < 1 || *mo > 12 || *d < 1 || *d > 31)
    return std::nullopt;
  std::int64_t micros = 0;
  if (s.size() > 19 && s[19] == '.') {
    std::int64_t scale = 100000;
    for (std::size_t i = 20; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
      if (scale > 0) micros += (s[i] - '0') * scale;
  }
  const std::int64_t days = days_from_civil(*y, static_cast<unsigned>(*mo),
                                            static_cast<unsigned>(*d));
  return ((days * 24 + *h) * 60 + *mi) * 60 * kMicrosPerSecond + *sec * kMicrosPerSecond +
         micros;
}

// Maps one decoded event onto the store's fields (names and quoting: spl-semantics R10.6).
class EventMapper {
 public:
  EventMapper(StoreBuilder& out, const IngestOptions& options) : out_(out), options_(options) {}

  void add(const Document& doc) {
    const Element* event = doc.root();
    out_.begin_event();
    std::string_view channel, system_time, utc_time;
    if (const Element* system = doc.child(*event, "System")) {
      for (auto c : system->children) map_system(doc.at(c), channel, system_time);
    }
    if (const Element* data = doc.child(*event, "EventData")) {
      for (auto c : data->children) {
        const Element& d = doc.at(c);
        const Attribute* name = d.attribute("Name");
        if (d.name != "Data" || name == nullptr || name->value.empty()) continue;
        set(name->value, d.text);
        if (name->value == "UtcTime" && utc_time.empty()) utc_time = d.text;
      }
    }
    if (const Element* user = doc.child(*event, "UserData")) map_leaves(doc, *user, 0);

    const std::string source = "XmlWinEventLog:" + std::string(channel);
    set("source", source);
    set("sourcetype", options_.sourcetype ? *options_.sourcetype : source);
    set("index", options_.index);
    std::optional<std::int64_t> t;
    if (!utc_time.empty()) t = parse_time(utc_time);
    if (!t && !system_time.empty()) t = parse_time(system_time);
    out_.set_time(t.value_or(0));
    raw_.clear();
    render_xml(doc, raw_);
    out_.set_raw(raw_);
    out_.end_event();
  }

 private:
  void quoted(std::string_view field, std::string_view value) {
    quoted_.assign("'").append(value).append("'");
    set(field, quoted_);
  }
  void attribute(const Element& e, std::string_view attr, std::string_view field, bool quote) {
    if (const Attribute* a = e.attribute(attr)) {
      if (quote) quoted(field, a->value);
      else set(field, a->value);
    }
  }

  void map_system(const Element& e, std::string_view& channel, std::string_view& system_time) {
    const std::string_view n = e.name;
    if (n == "Provider") {
      attribute(e, "Name", "Name", true);
      attribute(e, "Guid", "Guid", true);
    } else if (n == "EventID") {
      set("EventID", e.text);
      set("EventCode", e.text);
    } else if (n == "Version" || n == "Level" || n == "Task" || n == "Opcode" ||
               n == "Keywords" || n == "Computer") {
      set(n, e.text);
    } else if (n == "TimeCreated") {
      if (const Attribute* a = e.attribute("SystemTime")) {
        set("TimeCreated", a->value);
        quoted("SystemTime", a->value);
        system_time = a->value;
      }
    } else if (n == "EventRecordID") {
      set("EventRecordID", e.text);
      set("RecordNumber", e.text);
      set("RecordID", e.text);
    } else if (n == "Channel") {
      set("Channel", e.text);
      set("EventChannel", e.text);
      channel = e.text;
    } else if (n == "Execution") {
      attribute(e, "ProcessID", "ProcessID", true);
      attribute(e, "ThreadID", "ThreadID", true);
    } else if (n == "Security") {
      attribute(e, "UserID", "UserID", true);
      attribute(e, "UserID", "SecurityID", false);
    }
  }

  void map_leaves(const Document& doc, const Element& e, int depth) {
    if (depth > 64) return;
    for (auto c : e.children) {
      const Element& child = doc.at(c);
      if (child.children.empty()) set(child.name, child.text);
      else map_leaves(doc, child, depth + 1);
    }
  }

  // Field ids by name, so that the builder's own lookup (which copies the name) runs once per
  // field name and file rather than once per value.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void set(std::string_view field, std::string_view value) {
    auto it = ids_.find(field);
    if (it == ids_.end()) it = ids_.emplace(std::string(field), out_.field(field)).first;
    out_.set(it->second, value);
  }

  StoreBuilder& out_;
  const IngestOptions& options_;
  std::string raw_, quoted_;
  std::unordered_map<std::string, StoreBuilder::FieldId, NameHash, std::equal_to<>> ids_;
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

void read_evtx_image(std::span<const std::uint8_t> image, const std::string& path,
                     StoreBuilder& out, IngestReport& report, const IngestOptions& options) {
  EventMapper mapper(out, options);
  ScanResult result = scan_evtx(image, path, [&](const Document& doc, const RecordInfo&) {
    mapper.add(doc);
  });
  report.events += result.records;
  report.skipped += result.skipped;
  report.bytes += image.size();
  for (auto& m : result.messages) report.messages.push_back(std::move(m));
}

void read_evtx(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options) {
  MappedFile file(path);
  if (file.data == nullptr) {
    if (file.fd < 0 || file.size == 0)
      report.messages.push_back(path + ": cannot read the file (" +
                                (file.fd < 0 ? std::string(std::strerror(errno)) : "empty") + ")");
    else
      report.messages.push_back(path + ": cannot map the file");
    return;
  }
  read_evtx_image({file.data, file.size}, path, out, report, options);
}

}  // namespace spelunk::evtx
