// The EVTX binary XML token stream -> Document.
//
// A record's binary XML is a fragment header followed by a template instance: a reference to a
// template definition (an element tree whose variable parts are substitution tokens) plus the
// array of typed substitution values. Forwarded events (Windows Event Forwarding) have no
// template: the record's stream holds the <Event> element itself, values as UTF-16 text. Template definitions and element/attribute names live in
// the chunk and are referenced by chunk-relative offsets, so the decoder works on the whole chunk.
//
// Attacker-controlled input: every offset and length is checked against the chunk, template
// nesting and element depth are bounded, and any violation throws DecodeError (the caller skips
// the record and reports it).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/ingest/evtx/evtx_document.hpp"

namespace spelunk::evtx {

struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class BinXmlDecoder {
 public:
  static constexpr int kMaxDepth = 64;  // element depth + template nesting, together

  // `chunk` is the whole 64 KiB chunk (offsets inside the binary XML are relative to it).
  explicit BinXmlDecoder(std::span<const std::uint8_t> chunk) : chunk_(chunk) {}

  // Decodes the binary XML in chunk bytes [begin, end) into `doc` (cleared first).
  void decode(std::size_t begin, std::size_t end, Document& doc);

 private:
  struct Substitution {
    std::uint8_t type;
    std::uint32_t offset;  // in the chunk
    std::uint16_t size;
  };
  // How element headers are laid out, decided by where the stream sits: inside a template
  // definition an element header carries a 2-byte dependency identifier (token, id, size, name:
  // 11 bytes); outside one (the record's own stream, as forwarded events are written, and binary
  // XML nested in a substitution value) it does not (9 bytes). Every element's data size is then
  // checked against where the element really ends, so a wrong layout is an error, not garbage.
  enum class DependencyId { kPresent, kAbsent };
  struct Scope {
    std::span<const Substitution> substitutions;
    DependencyId dependency_id;
    std::size_t end;  // the stream must not read past this chunk offset
  };

  void parse_stream(std::size_t& pos, const Scope& scope, std::uint32_t parent, int depth);
  void parse_element(std::size_t& pos, const Scope& scope, std::uint32_t parent, int depth);
  void parse_attributes(std::size_t& pos, const Scope& scope, std::uint32_t element, int depth);
  // Appends one piece of character content (value, substitution, char/entity ref, CDATA) at
  // `pos` to the text of `element` (attribute < 0) or to the value of its attribute number
  // `attribute`. Nested binary XML goes under `element`. Returns false when the piece was an
  // optional substitution with no value.
  bool parse_content(std::size_t& pos, const Scope& scope, std::uint32_t element, int attribute,
                     int depth);
  void skip_processing_instruction(std::size_t& pos, const Scope& scope);
  // A value token's typed value outside a substitution (forwarded events write their strings so).
  void parse_value_text(std::size_t& pos, const Scope& scope, std::string& out);
  void parse_template_instance(std::size_t& pos, const Scope& scope, std::uint32_t parent,
                               int depth);
  void split_array(std::uint8_t type, std::span<const std::uint8_t> bytes,
                   std::vector<std::string>& items);
  void repeat_for_array_items(std::uint32_t element, std::uint32_t parent);
  const std::string& name_at(std::uint32_t offset);
  // Skips the name stored inline at `pos` when `name_offset` says it is there.
  void skip_inline_name(std::size_t& pos, std::uint32_t name_offset, const Scope& scope);

  void need(std::size_t pos, std::size_t size, std::size_t end) const {
    if (end > chunk_.size() || pos > end || size > end - pos) [[unlikely]]
      out_of_bounds(pos, size, end);
  }
  [[noreturn]] void out_of_bounds(std::size_t pos, std::size_t size, std::size_t end) const;
  std::uint8_t u8(std::size_t pos, const Scope& s) const;
  std::uint16_t u16(std::size_t pos, const Scope& s) const;
  std::uint32_t u32(std::size_t pos, const Scope& s) const;

  std::span<const std::uint8_t> chunk_;
  Document* doc_ = nullptr;
  std::unordered_map<std::uint32_t, std::string> names_;  // chunk offset -> UTF-8 name
  std::vector<std::vector<Substitution>> substitution_pool_;  // one per template nesting level
  std::size_t template_level_ = 0;
  std::vector<std::string> array_items_;  // items of the array being rendered
  std::uint32_t array_element_ = Document::kNoParent;  // element whose content is that array
};

}  // namespace spelunk::evtx
