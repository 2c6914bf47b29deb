// The readers, in the order ingest tries them on a file's first bytes. One line per reader.
#include "storage/ingest/evtx/evtx_reader.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/ingest/xml_reader.hpp"

namespace spelunk {

const std::vector<Reader>& readers() {
  static const std::vector<Reader> all = {
      {"evtx", evtx::sniff_evtx, evtx::read_evtx},
      {"xml", xml_reader::sniff, xml_reader::read, xml_reader::split, xml_reader::read_range},
  };
  return all;
}

}  // namespace spelunk
