// The events the knowledge harnesses (props_conf, eventtypes_conf, tags_conf, datamodel_json)
// compute their fields over: a few Windows events of the three channels spelunk reads, with the
// fields the shipped eventtypes, tags and data models test (source, EventCode, Image, ...), one
// multi-valued field, and a time. Built once per process; harnesses only read it.
#pragma once

#include <memory>

#include "storage/store.hpp"

namespace spelunk::fuzz {

inline std::shared_ptr<const Store> small_store() {
  static const std::shared_ptr<const Store> store = [] {
    StoreBuilder b;
    struct Row {
      const char *source, *sourcetype, *host, *code, *image, *user;
    };
    const Row rows[] = {
        {"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog", "WS1", "1",
         "C:\\Windows\\System32\\cmd.exe", "CORP\\alice"},
        {"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog", "WS1", "3",
         "C:\\x\\a b.exe", ""},
        {"XmlWinEventLog:Security", "XmlWinEventLog", "DC1", "4624", "", "bob"},
        {"WinEventLog:System", "WinEventLog", "SRV-2", "7045", "C:\\x\\a b.exe", ""},
    };
    std::int64_t time = 1'600'000'000'000'000;
    for (const Row& r : rows) {
      b.begin_event();
      b.set("source", r.source);
      b.set("sourcetype", r.sourcetype);
      b.set("host", r.host);
      b.set("EventCode", r.code);
      if (*r.image) b.set("Image", r.image);
      if (*r.user) b.set("User", r.user);
      b.append(b.field("Data"), "a");
      b.append(b.field("Data"), "b");
      b.set_time(time += 61'000'000);
      b.set_raw("<Event/>");
      b.end_event();
    }
    return std::make_shared<const Store>(b.finish());
  }();
  return store;
}

// Reads every value of every row of `column` (nullptr: nothing to read), so that a computed
// column's codes and dictionary are both visited.
inline std::size_t read_every_row(const Column* column) {
  std::size_t bytes = 0;
  if (!column) return bytes;
  for (std::size_t row = 0; row < column->rows(); ++row)
    for (const Code code : column->values(row)) bytes += column->dict().value(code).size();
  return bytes;
}

}  // namespace spelunk::fuzz
