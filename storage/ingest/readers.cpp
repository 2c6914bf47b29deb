// The readers, in the order ingest tries them on a file's first bytes. One line per reader.
#include "storage/ingest/evtx/evtx_reader.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/ingest/classic_text_reader.hpp"
#include "storage/ingest/csv_reader.hpp"
#include "storage/ingest/gzip_reader.hpp"
#include "storage/ingest/json_reader.hpp"
#include "storage/ingest/xml_reader.hpp"

namespace spelunk {

const std::vector<Reader>& readers() {
  static const std::vector<Reader> all = {
      {"evtx", evtx::sniff_evtx, evtx::read_evtx, evtx::split_evtx, evtx::read_evtx_range},
      {"json", json_reader::sniff, json_reader::read},  // JSON and CSV before xml: _raw may hold XML
      {"csv", csv_reader::sniff, csv_reader::read},
      {"xml", xml_reader::sniff, xml_reader::read, xml_reader::split, xml_reader::read_range},
      {"gzip", gzip_reader::sniff, gzip_reader::read},
      {"classic", classic_text_reader::sniff, classic_text_reader::read},
  };
  return all;
}

}  // namespace spelunk
