#include "storage/ingest/xml_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "storage/ingest/utf8.hpp"
#include "storage/ingest/xml_event_fields.hpp"

namespace spelunk::xml_reader {

namespace {

// Read size. An event longer than the buffer grows it (doubling) up to
// IngestOptions::max_event_bytes, so a single huge value is read rather than lost; only an event
// past that budget is skipped.
constexpr std::size_t kBlockBytes = 64u << 20;
constexpr std::string_view kStart = "<Event";
constexpr std::string_view kEnd = "</Event>";
// Entities decoded; CDATA kept; no comments, PIs, DOCTYPE or whitespace-only text nodes.
constexpr unsigned kParseFlags = pugi::parse_escapes | pugi::parse_cdata;

bool ends_start_tag(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

class File {
 public:
  explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  bool ok() const { return fd_ >= 0; }
  // Reads up to n bytes at offset; returns bytes read (0 at end of file), -1 on error.
  long read_at(char* dst, std::size_t n, std::uint64_t offset) const {
    std::size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) return -1;
      if (r == 0) break;
      done += static_cast<std::size_t>(r);
    }
    return static_cast<long>(done);
  }
  std::uint64_t size() const {
    off_t end = ::lseek(fd_, 0, SEEK_END);
    return end < 0 ? 0 : static_cast<std::uint64_t>(end);
  }

 private:
  int fd_;
};

// Reads the events of one range into a builder.
class RangeReader {
 public:
  RangeReader(StoreBuilder& out, RangeResult& result, const IngestOptions& options)
      : out_(out), result_(result), fields_(out, options), max_event_(options.max_event_bytes) {}

  void run(const File& file, ReadRange range);

 private:
  void handle_event(std::string_view raw, bool complete);
  void problem(std::string what) { result_.problems.push_back({result_.records, std::move(what), ""}); }

  StoreBuilder& out_;
  RangeResult& result_;
  XmlEventFields fields_;
  std::uint64_t max_event_;
  pugi::xml_document doc_;
  std::string parse_buf_, repaired_;
};

// Where the event that starts at text[0] ends: offset just past "</Event>", or the offset of the
// next event start when it comes first (the event is truncated), or npos when neither is in text.
struct EventEnd {
  std::size_t offset = std::string_view::npos;
  bool complete = false;
};

EventEnd find_event_end(std::string_view text) {
  std::size_t i = kStart.size();
  while (true) {
    const void* lt = std::memchr(text.data() + i, '<', text.size() - i);
    if (!lt) return {};
    i = static_cast<std::size_t>(static_cast<const char*>(lt) - text.data());
    std::string_view rest = text.substr(i);
    if (rest.starts_with(kEnd)) return {i + kEnd.size(), true};
    if (rest.size() > kStart.size() && rest.starts_with(kStart) &&
        ends_start_tag(rest[kStart.size()])) {
      return {i, false};
    }
    if (rest.size() < kEnd.size() && !rest.empty()) {
      // A tag cut by the end of the buffer: undecided until more bytes come.
      if (std::string_view(kEnd).starts_with(rest) || kStart.starts_with(rest)) return {};
    }
    ++i;
  }
}

void RangeReader::run(const File& file, ReadRange range) {
  const std::uint64_t file_size = file.size();
  const std::uint64_t end = std::min(range.end, file_size);
  if (range.begin >= end) return;
  // The range's own bytes (reads may run past its end to finish its last event).
  result_.bytes += static_cast<std::size_t>(end - range.begin);
  std::size_t cap = static_cast<std::size_t>(
      std::min<std::uint64_t>({kBlockBytes, file_size - range.begin, std::max<std::uint64_t>(max_event_, 1)}));
  std::unique_ptr<char[]> buf(new char[cap]);
  std::uint64_t base = range.begin;  // file offset of buf[0]
  std::size_t len = 0, scan = 0;
  bool eof = false;
  while (true) {
    if (!eof && len < cap) {
      long n = file.read_at(buf.get() + len, cap - len, base + len);
      if (n < 0) {
        problem("read error; the rest of the file is not read");
        return;
      }
      eof = n == 0 || base + len + static_cast<std::size_t>(n) >= file_size;
      len += static_cast<std::size_t>(n);
    }
    std::string_view text(buf.get(), len);
    std::size_t keep_from = len;  // bytes from here on are carried to the next read
    while (true) {
      std::size_t s = find_event_start(text, scan);
      if (s == std::string_view::npos) {
        // Keep a possible "<Even" cut at the end of the buffer.
        keep_from = len > kStart.size() ? std::max(scan, len - kStart.size()) : scan;
        break;
      }
      if (base + s >= end) return;  // the rest belongs to the next range
      EventEnd e = find_event_end(text.substr(s));
      if (e.offset == std::string_view::npos) {
        if (eof) {
          handle_event(text.substr(s), false);
          return;
        }
        keep_from = s;
        break;
      }
      handle_event(text.substr(s, e.offset), e.complete);
      scan = s + e.offset;
    }
    if (eof) return;
    if (keep_from == 0 && len == cap && cap < max_event_) {
      // One event fills the whole buffer: grow it (within the budget) and read on.
      const std::size_t grown = static_cast<std::size_t>(
          std::min<std::uint64_t>({std::uint64_t{cap} * 2, max_event_, file_size - base}));
      std::unique_ptr<char[]> bigger(new char[grown]);
      std::memcpy(bigger.get(), buf.get(), len);
      buf = std::move(bigger);
      cap = grown;
      scan = 0;
      continue;
    }
    if (keep_from == 0 && len == cap) {
      // One event longer than the budget: count it as skipped and look for the next start.
      ++result_.records;
      ++result_.skipped;
      problem(fmt::format("event longer than {} (--max-event SIZE raises the limit); skipped",
                          size_text(max_event_)));
      keep_from = len - kStart.size();
      scan = 1;  // do not find the same start again
    } else {
      scan = 0;
    }
    std::memmove(buf.get(), buf.get() + keep_from, len - keep_from);
    base += keep_from;
    len -= keep_from;
  }
}

void RangeReader::handle_event(std::string_view raw, bool complete) {
  ++result_.records;
  std::string what;
  if (std::size_t bad = find_invalid_utf8(raw); bad != std::string_view::npos) {
    repair_utf8(raw, repaired_);
    raw = repaired_;
    what = fmt::format("invalid UTF-8 at byte {} of the event, replaced by U+FFFD", bad);
  }
  parse_buf_.assign(raw);
  pugi::xml_parse_result parsed = doc_.load_buffer_inplace(parse_buf_.data(), parse_buf_.size(),
                                                           kParseFlags, pugi::encoding_utf8);
  bool broken = !complete || !parsed;
  if (broken) {
    if (!what.empty()) what += "; ";
    what += complete ? fmt::format("XML error at byte {} of the event: {}", parsed.offset,
                                   parsed.description())
                     : std::string("truncated event (no </Event>)");
  }
  pugi::xml_node event = doc_.first_child();
  while (event && event.type() != pugi::node_element) event = event.next_sibling();
  out_.begin_event();
  XmlEventFields::Outcome outcome;
  if (event) outcome = fields_.write(event);
  if (broken && !outcome.has_event_id) {
    out_.cancel_event();
    ++result_.skipped;
    problem(what + "; skipped");
    return;
  }
  if (broken) what += "; read as far as it is sound";
  if (outcome.user_data_too_deep) {
    if (!what.empty()) what += "; ";
    what += fmt::format("UserData nested deeper than {} elements; what lies deeper is in _raw only",
                        WinEventSink::kMaxUserDataDepth);
  }
  if (!outcome.has_time) {
    if (!what.empty()) what += "; ";
    what += "no valid UtcTime or SystemTime, _time set to 0";
  }
  if (!what.empty()) problem(std::move(what));
  out_.set_raw(raw);
  out_.end_event();
  ++result_.events;
}

}  // namespace

std::size_t find_event_start(std::string_view text, std::size_t from) {
  while (from < text.size()) {
    std::size_t i = text.find(kStart, from);
    if (i == std::string_view::npos || i + kStart.size() >= text.size()) {
      return std::string_view::npos;
    }
    if (ends_start_tag(text[i + kStart.size()])) return i;
    from = i + 1;
  }
  return std::string_view::npos;
}

namespace {

std::string_view skip_space(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return s.substr(i);
}

// `<Event` as a whole tag name (`<Event>`, `<Event xmlns=...>`), not `<EventData`.
bool starts_with_event_tag(std::string_view s) {
  return s.size() > kStart.size() && s.starts_with(kStart) && ends_start_tag(s[kStart.size()]);
}

}  // namespace

// The file must START like event XML: a document that merely mentions `<Event>` somewhere (a
// README, a script) is not an event log. Accepted after an optional UTF-8 BOM and whitespace:
// `<?xml`, `<Events`, `<Event`, or evtxexport's banner line ("evtxexport 20181227") followed by
// `<Event`.
bool sniff(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = skip_space(head);
  if (head.starts_with("<?xml") || head.starts_with("<Events") || starts_with_event_tag(head))
    return true;
  if (!head.starts_with("evtxexport")) return false;
  std::size_t eol = head.find('\n');
  if (eol == std::string_view::npos) return false;
  return starts_with_event_tag(skip_space(head.substr(eol + 1)));
}

void read_range(const std::string& path, ReadRange range, StoreBuilder& out, RangeResult& result,
                const IngestOptions& options) {
  File file(path);
  if (!file.ok()) {
    result.problems.push_back({0, "cannot open", ""});
    return;
  }
  RangeReader(out, result, options).run(file, range);
}

void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options) {
  RangeResult result;
  read_range(path, {}, out, result, options);
  report.events += result.events;
  report.skipped += result.skipped;
  report.bytes += result.bytes;
  for (const RecordProblem& p : result.problems) {
    report.messages.push_back(record_message(path, "event", p.record, p.what));
  }
}

std::vector<std::uint64_t> split(const std::string& path, std::uint64_t size, unsigned parts) {
  std::vector<std::uint64_t> cuts{0};
  File file(path);
  if (!file.ok() || parts < 2) return cuts;
  constexpr std::size_t kWindow = 1u << 20;
  std::unique_ptr<char[]> window(new char[kWindow]);
  for (unsigned k = 1; k < parts; ++k) {
    std::uint64_t at = std::max(size * k / parts, cuts.back() + 1);
    // Look for the first event start at or after `at`, window by window.
    while (at < size) {
      long n = file.read_at(window.get(), kWindow, at);
      if (n <= 0) return cuts;
      std::size_t s = find_event_start(std::string_view(window.get(), static_cast<std::size_t>(n)), 0);
      if (s != std::string_view::npos) {
        cuts.push_back(at + s);
        break;
      }
      if (static_cast<std::size_t>(n) < kWindow) return cuts;
      at += kWindow - kStart.size();
    }
  }
  return cuts;
}

}  // namespace spelunk::xml_reader
