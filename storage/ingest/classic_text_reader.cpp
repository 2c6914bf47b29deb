#include "storage/ingest/classic_text_reader.hpp"

#include <cctype>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "storage/ingest/event_time.hpp"
#include "storage/ingest/gzip_input.hpp"

namespace spelunk::classic_text_reader {

namespace {

std::string_view strip_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(strip_cr(text.substr(start, nl - start)));
    start = nl + 1;
  }
  return out;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Writes one event's fields, first occurrence of each name winning.
class EventWriter {
 public:
  EventWriter(StoreBuilder& out, const IngestOptions& options) : out_(out), options_(options) {
    out.alias("EventCode", "EventID");
    out.alias("RecordNumber", "EventRecordID");
    out.alias("host", "Computer");
  }

  // Returns false when the event has no EventCode (nothing to call an event).
  bool write(std::string_view text, std::int64_t time) {
    seen_.clear();
    out_.begin_event();
    std::string_view log_name, computer, event_code;
    std::size_t message_at = std::string_view::npos;
    std::vector<std::string_view> lines = split_lines(text);
    // Forced metadata first: set() keeps the first value of a key.
    if (options_.metadata.source) set("source", *options_.metadata.source);
    if (options_.metadata.sourcetype) set("sourcetype", *options_.metadata.sourcetype);
    for (std::size_t i = 1; i < lines.size(); ++i) {  // line 0 is the timestamp
      std::string_view line = lines[i];
      if (line.substr(0, 8) == "Message=") {
        message_at = static_cast<std::size_t>(line.data() - text.data());
        break;
      }
      std::size_t eq = line.find('=');
      if (eq == std::string_view::npos || eq == 0) continue;
      std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
      if (key == "LogName" && log_name.empty()) log_name = value;
      if (key == "ComputerName" && computer.empty()) computer = value;
      if (key == "EventCode" && event_code.empty()) event_code = value;
      if (key == "EventCode") key = "EventID";        // EventCode is its alias
      if (key == "RecordNumber") key = "EventRecordID";  // likewise
      set(clean_key(key), value);
    }
    if (event_code.empty()) {
      out_.cancel_event();
      return false;
    }
    if (!log_name.empty()) set("Channel", log_name);
    if (!computer.empty()) set("Computer", computer);
    if (message_at != std::string_view::npos) write_message(text.substr(message_at + 8));
    source_ = "WinEventLog:" + std::string(log_name);
    set("source", source_);
    set("sourcetype", options_.sourcetype ? *options_.sourcetype : std::string("WinEventLog"));
    set("index", options_.index);
    out_.set_time(time);
    out_.set_raw(text);
    out_.end_event();
    return true;
  }

 private:
  void set(const std::string& key, std::string_view value) {
    if (key.empty() || value.empty() || !seen_.insert(key).second) return;
    out_.set(out_.field(key), value);
  }

  // Message, then its "Label:<blank>value" lines (transforms.conf [wel-col-kv]).
  void write_message(std::string_view message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.remove_suffix(1);
    set("Message", message);
    for (std::string_view line : split_lines(message)) {
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0 || colon + 1 >= line.size()) continue;
      if (line[colon + 1] != ' ' && line[colon + 1] != '\t') continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      set(clean_key(line.substr(0, colon)), value);
    }
  }

  StoreBuilder& out_;
  const IngestOptions& options_;
  std::unordered_set<std::string> seen_;
  std::string source_;
};

}  // namespace

std::optional<std::int64_t> parse_classic_time(std::string_view line) {
  // MM/DD/YYYY HH:MM:SS AM
  if (line.size() != 22 || line[2] != '/' || line[5] != '/' || line[10] != ' ' || line[13] != ':' ||
      line[16] != ':' || line[19] != ' ') {
    return std::nullopt;
  }
  std::string_view mo = line.substr(0, 2), d = line.substr(3, 2), y = line.substr(6, 4),
                   h = line.substr(11, 2), mi = line.substr(14, 2), s = line.substr(17, 2),
                   ampm = line.substr(20, 2);
  if (!digits(mo) || !digits(d) || !digits(y) || !digits(h) || !digits(mi) || !digits(s)) return std::nullopt;
  if (ampm != "AM" && ampm != "PM") return std::nullopt;
  int hour = number(h);
  if (number(mo) < 1 || number(mo) > 12 || number(d) < 1 || number(d) > 31 || hour < 1 || hour > 12 ||
      number(mi) > 59 || number(s) > 60) {
    return std::nullopt;
  }
  hour = hour % 12 + (ampm == "PM" ? 12 : 0);
  std::int64_t days = days_from_civil(number(y), static_cast<unsigned>(number(mo)), static_cast<unsigned>(number(d)));
  return ((days * 24 + hour) * 60 + number(mi)) * 60000000LL + number(s) * 1000000LL;
}

std::string clean_key(std::string_view key) {
  std::string out;
  for (char c : key) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_');
  std::size_t b = out.find_first_not_of('_'), e = out.find_last_not_of('_');
  return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
}

bool sniff(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t nl = head.find('\n');
  if (nl == std::string_view::npos) return false;
  if (!parse_classic_time(strip_cr(head.substr(0, nl)))) return false;
  return head.find("\nLogName=") != std::string_view::npos || head.find("\nEventCode=") != std::string_view::npos;
}

void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // Event starts: offset 0 and every timestamp line that follows a blank line.
  std::vector<std::size_t> starts;
  std::size_t pos = 0;
  bool previous_blank = true;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = strip_cr(text.substr(pos, nl - pos));
    if (previous_blank && parse_classic_time(line)) starts.push_back(pos);
    previous_blank = line.find_first_not_of(" \t") == std::string_view::npos;
    pos = nl + 1;
  }
  if (starts.empty() || starts[0] != 0) starts.insert(starts.begin(), 0);
  EventWriter writer(out, options);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
    std::string_view event = text.substr(starts[i], end - starts[i]);
    while (!event.empty() && (event.back() == '\n' || event.back() == '\r' || event.back() == ' '))
      event.remove_suffix(1);
    if (event.empty()) continue;
    std::size_t nl = event.find('\n');
    auto time = parse_classic_time(strip_cr(event.substr(0, nl)));
    std::string problem;
    if (!time) {
      problem = "does not start with a timestamp line (MM/DD/YYYY hh:mm:ss AM)";
    } else if (!writer.write(event, *time)) {
      problem = "no EventCode= line";
    }
    if (problem.empty()) {
      ++report.events;
    } else {
      ++report.skipped;
      report.messages.push_back(record_message(path, "record", i + 1, problem + "; skipped"));
    }
  }
}

void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options) {
  if (auto text = read_input_reported(path, report)) read_text(path, *text, out, report, options);
}

}  // namespace spelunk::classic_text_reader
