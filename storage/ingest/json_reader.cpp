#include "storage/ingest/json_reader.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "storage/ingest/gzip_input.hpp"
#include "storage/ingest/json_mapping.hpp"

namespace spelunk::json_reader {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view skip_bom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// The elements of a top-level JSON array, cut by scanning brackets outside strings, so that each
// element can be parsed (and fail) on its own. An unterminated array ends at the end of the text.
std::vector<std::string_view> array_elements(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = text.find('[') + 1, start = i;
  long depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;  // the array's own ']'
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::string_view last = trim(text.substr(start, std::min(i, text.size()) - start));
  if (!last.empty() || !out.empty()) out.push_back(last);
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(trim(text.substr(start, nl - start)));
    start = nl + 1;
  }
  return out;
}

// Nested objects give dotted keys; arrays give one value per element under the same key.
void flatten(simdjson::dom::element e, std::string& key, MappedEventWriter& writer) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      std::size_t len = key.size();
      simdjson::dom::object object;
      if (e.get(object)) break;
      for (auto field : object) {
        if (len) key.push_back('.');
        key.append(field.key);
        flatten(field.value, key, writer);
        key.resize(len);
      }
      break;
    }
    case element_type::ARRAY: {
      simdjson::dom::array array;
      if (e.get(array)) break;
      for (auto item : array) flatten(item, key, writer);
      break;
    }
    case element_type::STRING:
      writer.add(key, std::string_view(e));
      break;
    case element_type::NULL_VALUE:
      break;
    default:  // numbers and booleans, as their JSON text
      writer.add(key, simdjson::minify(e));
      break;
  }
}

class RecordReader {
 public:
  RecordReader(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options)
      : path_(path), report_(report), writer_(out, options) {}

  void read(std::string_view record, std::size_t ordinal) {
    simdjson::dom::element doc;
    auto err = parser_.parse(record.data(), record.size()).get(doc);
    if (err) return skip(ordinal, simdjson::error_message(err));
    if (!doc.is_object()) return skip(ordinal, "not a JSON object");
    // Splunk's export wraps each event: {"preview":false,"result":{...}}.
    simdjson::dom::element result;
    if (!doc["preview"].error() && !doc["result"].get(result) && result.is_object()) doc = result;
    writer_.begin();
    std::string key;
    flatten(doc, key, writer_);
    auto outcome = writer_.end(record);
    ++report_.events;
    if (!outcome.has_time) {
      report_.messages.push_back(record_message(
          path_, "record", ordinal, outcome.bad_time ? "unreadable time, _time set to 0"
                                                     : "no _time, UtcTime or @timestamp, _time set to 0"));
    }
  }

 private:
  void skip(std::size_t ordinal, std::string_view what) {
    ++report_.skipped;
    report_.messages.push_back(record_message(path_, "record", ordinal, fmt::format("{}; skipped", what)));
  }

  const std::string& path_;
  IngestReport& report_;
  MappedEventWriter writer_;
  simdjson::dom::parser parser_;
};

}  // namespace

bool sniff(std::string_view head) {
  head = trim(skip_bom(head));
  return !head.empty() && (head[0] == '{' || head[0] == '[');
}

void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options) {
  text = trim(skip_bom(text));
  RecordReader reader(path, out, report, options);
  bool array = !text.empty() && text[0] == '[';
  std::vector<std::string_view> records = array ? array_elements(text) : lines(text);
  std::size_t ordinal = 0;
  for (std::string_view r : records) {
    if (r.empty() && !array) continue;  // blank lines between JSON lines are not records
    reader.read(r, ++ordinal);
  }
}

void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options) {
  if (auto text = read_input_reported(path, report)) read_text(path, *text, out, report, options);
}

}  // namespace spelunk::json_reader
