// Builds small EVTX images byte by byte for the EVTX tests: a binary XML encoder (names inline on
// first use, referenced afterwards, like Windows writes them), template definitions, records,
// chunks with valid checksums, and a file header. Only what the tests need.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/evtx/evtx_file.hpp"

namespace evtx_test {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = v & 0xff;
  b[at + 1] = v >> 8;
}
inline void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = (v >> (8 * i)) & 0xff;
}
inline void put64(Bytes& b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = (v >> (8 * i)) & 0xff;
}

// Appends to a chunk buffer; every offset is chunk-relative, as in the format.
class ChunkWriter {
 public:
  ChunkWriter() : chunk_(spelunk::evtx::kChunkSize, 0), pos_(spelunk::evtx::kChunkHeaderSize) {}

  std::size_t pos() const { return pos_; }
  Bytes& bytes() { return chunk_; }

  void u8(std::uint8_t v) { chunk_.at(pos_++) = v; }
  void u16(std::uint16_t v) { put16(chunk_, pos_, v), pos_ += 2; }
  void u32(std::uint32_t v) { put32(chunk_, pos_, v), pos_ += 4; }
  void u64(std::uint64_t v) { put64(chunk_, pos_, v), pos_ += 8; }
  void utf16(std::string_view ascii) {
    for (char c : ascii) u16(static_cast<std::uint8_t>(c));
  }
  void raw(const Bytes& b) {
    for (auto x : b) u8(x);
  }

  // Name reference; the name is written inline the first time.
  void name(const std::string& n) {
    auto it = names_.find(n);
    if (it != names_.end()) {
      u32(static_cast<std::uint32_t>(it->second));
      return;
    }
    const auto here = static_cast<std::uint32_t>(pos_ + 4);
    u32(here);
    names_[n] = here;
    u32(0);  // next name in the hash bucket
    u16(0);  // hash (not checked by readers)
    u16(static_cast<std::uint16_t>(n.size()));
    utf16(n);
    u16(0);
  }

  // --- binary XML tokens (template definitions: with dependency identifiers) ---
  void fragment_header() { u8(0x0f), u8(1), u8(1), u8(0); }
  void open(const std::string& n, bool attributes, bool dependency_id = true) {
    u8(attributes ? 0x41 : 0x01);
    if (dependency_id) u16(0xffff);
    u32(0);  // data size (not needed to decode)
    name(n);
    if (attributes) u32(0);  // attribute list size
  }
  void attribute(const std::string& n) { u8(0x06), name(n); }
  void close_start() { u8(0x02); }
  void close_empty() { u8(0x03); }
  void end_element() { u8(0x04); }
  void end_of_stream() { u8(0x00); }
  void text(std::string_view ascii) {
    u8(0x05), u8(0x01), u16(static_cast<std::uint16_t>(ascii.size()));
    utf16(ascii);
  }
  void substitution(std::uint16_t index, std::uint8_t type, bool optional = false) {
    u8(optional ? 0x0e : 0x0d), u16(index), u8(type);
  }
  void char_ref(std::uint16_t cp) { u8(0x08), u16(cp); }
  void entity_ref(const std::string& n) { u8(0x09), name(n); }

  // Writes a template definition header at pos (the body must follow, then finish_template).
  std::size_t begin_template() {
    const std::size_t at = pos_;
    u32(0);                                  // next template
    for (int i = 0; i < 16; ++i) u8(0x11);   // GUID
    u32(0);                                  // data size, patched by end_template
    return at;
  }
  void end_template(std::size_t at) {
    put32(chunk_, at + 20, static_cast<std::uint32_t>(pos_ - at - 24));
  }

  // A record whose binary XML instantiates the template at `definition` with `values`
  // (type, bytes). When `inline_definition` is set, the definition is written here by `write`.
  struct Value {
    std::uint8_t type;
    Bytes bytes;
  };
  template <class WriteDefinition>
  void record(std::uint64_t id, const std::vector<Value>& values, std::size_t& definition,
              WriteDefinition&& write_definition) {
    const std::size_t start = pos_;
    u32(0x00002a2a), u32(0), u64(id), u64(132000000000000000ULL + id);
    fragment_header();
    u8(0x0c), u8(0x01), u32(0x1234);
    const std::size_t def_field = pos_;
    u32(0);
    if (definition == 0) {  // first use: the definition follows inline
      definition = pos_;
      write_definition(*this);
    }
    put32(chunk_, def_field, static_cast<std::uint32_t>(definition));
    u32(static_cast<std::uint32_t>(values.size()));
    for (auto& v : values) u16(static_cast<std::uint16_t>(v.bytes.size())), u8(v.type), u8(0);
    for (auto& v : values) raw(v.bytes);
    end_of_stream();
    const auto size = static_cast<std::uint32_t>(pos_ - start + 4);
    u32(size);
    put32(chunk_, start + 4, size);
    ++records_;
    if (first_id_ == 0) first_id_ = id;
    last_id_ = id;
    last_record_ = start;
  }

  // Fills the chunk header and checksums; returns the finished 64 KiB chunk.
  Bytes finish() {
    std::memcpy(chunk_.data(), "ElfChnk\0", 8);
    put64(chunk_, 8, first_id_), put64(chunk_, 16, last_id_);
    put64(chunk_, 24, first_id_), put64(chunk_, 32, last_id_);
    put32(chunk_, 40, 128);
    put32(chunk_, 44, static_cast<std::uint32_t>(last_record_));
    put32(chunk_, 48, static_cast<std::uint32_t>(pos_));
    put32(chunk_, 52, spelunk::evtx::crc32({chunk_.data() + 512, pos_ - 512}));
    std::uint32_t crc = spelunk::evtx::crc32({chunk_.data(), 120});
    crc = spelunk::evtx::crc32({chunk_.data() + 128, 384}, crc);
    put32(chunk_, 124, crc);
    return chunk_;
  }

 private:
  Bytes chunk_;
  std::size_t pos_;
  std::map<std::string, std::size_t> names_;
  std::size_t records_ = 0, last_record_ = 0;
  std::uint64_t first_id_ = 0, last_id_ = 0;
};

inline Bytes utf16_value(std::string_view ascii) {
  Bytes b;
  for (char c : ascii) b.push_back(static_cast<std::uint8_t>(c)), b.push_back(0);
  return b;
}
inline Bytes le_value(std::uint64_t v, int size) {
  Bytes b;
  for (int i = 0; i < size; ++i) b.push_back((v >> (8 * i)) & 0xff);
  return b;
}

// The event template used by the file-level tests:
// <Event><System><Provider Name='%0'/><EventID>%1</EventID><EventRecordID>%2</EventRecordID>
// <Channel>%3</Channel><Security UserID='%4?'/></System><EventData><Data Name='Image'>%5</Data>
// </EventData></Event>
inline void write_event_template(ChunkWriter& w) {
  const std::size_t at = w.begin_template();
  w.fragment_header();
  w.open("Event", false), w.close_start();
  w.open("System", false), w.close_start();
  w.open("Provider", true), w.attribute("Name"), w.substitution(0, 0x01), w.close_empty();
  w.open("EventID", false), w.close_start(), w.substitution(1, 0x06), w.end_element();
  w.open("EventRecordID", false), w.close_start(), w.substitution(2, 0x0a), w.end_element();
  w.open("Channel", false), w.close_start(), w.substitution(3, 0x01), w.end_element();
  w.open("Security", true), w.attribute("UserID"), w.substitution(4, 0x13, true), w.close_empty();
  w.end_element();  // System
  w.open("EventData", false), w.close_start();
  w.open("Data", true), w.attribute("Name"), w.text("Image"), w.close_start();
  w.substitution(5, 0x01, true), w.end_element();
  w.end_element();  // EventData
  w.end_element();  // Event
  w.end_of_stream();
  w.end_template(at);
}

inline std::vector<ChunkWriter::Value> event_values(std::uint64_t id, std::string_view image) {
  return {{0x01, utf16_value("Test-Provider")},
          {0x06, le_value(4688, 2)},
          {0x0a, le_value(id, 8)},
          {0x01, utf16_value("Security")},
          {0x00, {}},
          {0x01, utf16_value(image)}};
}

// A chunk of `count` records with ids first_id, first_id+1, ...
inline Bytes event_chunk(std::uint64_t first_id, int count) {
  ChunkWriter w;
  std::size_t definition = 0;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t id = first_id + static_cast<std::uint64_t>(i);
    w.record(id, event_values(id, "C:\\Windows\\cmd.exe"), definition, write_event_template);
  }
  return w.finish();
}

// A whole file: header + chunks.
inline Bytes evtx_file(const std::vector<Bytes>& chunks) {
  Bytes f(spelunk::evtx::kFileHeaderSize, 0);
  std::memcpy(f.data(), "ElfFile\0", 8);
  put64(f, 16, chunks.empty() ? 0 : chunks.size() - 1);
  put32(f, 32, 128);
  put16(f, 36, 1), put16(f, 38, 3), put16(f, 40, 4096);
  put16(f, 42, static_cast<std::uint16_t>(chunks.size()));
  put32(f, 124, spelunk::evtx::crc32({f.data(), 120}));
  for (auto& c : chunks) f.insert(f.end(), c.begin(), c.end());
  return f;
}

}  // namespace evtx_test
