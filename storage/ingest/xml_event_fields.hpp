// Fields of one Windows event rendered as XML (a parsed <Event> element) -> StoreBuilder.
// Walks the pugixml tree and feeds WinEventSink, which holds the field mapping shared with the
// EVTX reader (spl-semantics.md §10, rules R10.5-R10.7).
#pragma once

#include <pugixml.hpp>

#include "storage/ingest/ingest.hpp"
#include "storage/ingest/win_event_sink.hpp"
#include "storage/store.hpp"

namespace spelunk {

class XmlEventFields {
 public:
  XmlEventFields(StoreBuilder& out, const IngestOptions& options) : sink_(out, options) {}

  using Outcome = WinEventSink::Outcome;
  // Sets every field of `event` (the caller brackets it with begin_event / end_event and sets
  // _raw last). No heap allocation once field names and scratch strings are warm.
  Outcome write(pugi::xml_node event);

 private:
  void write_user_data(pugi::xml_node node, int depth);
  WinEventSink sink_;
  bool too_deep_ = false;
};

}  // namespace spelunk
