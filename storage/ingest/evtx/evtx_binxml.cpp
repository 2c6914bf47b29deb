#include "storage/ingest/evtx/evtx_binxml.hpp"

#include <string>

#include "storage/ingest/evtx/evtx_values.hpp"

namespace spelunk::evtx {

namespace {

// Binary XML tokens (libyal EVTX documentation, "Binary XML"). Bit 0x40 on some tokens is a
// flag ("has attributes" / "more data follows"), not part of the token.
enum Token : std::uint8_t {
  kEndOfStream = 0x00,
  kOpenStartElement = 0x01,
  kCloseStartElement = 0x02,
  kCloseEmptyElement = 0x03,
  kEndElement = 0x04,
  kValueText = 0x05,
  kAttribute = 0x06,
  kCData = 0x07,
  kCharRef = 0x08,
  kEntityRef = 0x09,
  kPITarget = 0x0a,
  kPIData = 0x0b,
  kTemplateInstance = 0x0c,
  kNormalSubstitution = 0x0d,
  kOptionalSubstitution = 0x0e,
  kFragmentHeader = 0x0f,
  kFlag = 0x40,
};

std::uint8_t base_token(std::uint8_t t) { return static_cast<std::uint8_t>(t & ~kFlag); }

bool is_content_token(std::uint8_t base) {
  return base == kValueText || base == kCData || base == kCharRef || base == kEntityRef ||
         base == kNormalSubstitution || base == kOptionalSubstitution;
}

std::string hex(std::size_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%zx", v);
  return buf;
}

// Byte size of one element of a fixed-size array type; 0 for variable-size types.
std::size_t array_element_size(std::uint8_t type) {
  switch (type) {
    case kInt8: case kUInt8: return 1;
    case kInt16: case kUInt16: return 2;
    case kInt32: case kUInt32: case kReal32: case kBool: case kHexInt32: return 4;
    case kInt64: case kUInt64: case kReal64: case kFileTime: case kHexInt64: return 8;
    case kGuid: case kSystemTime: return 16;
    default: return 0;
  }
}

}  // namespace

void BinXmlDecoder::out_of_bounds(std::size_t pos, std::size_t size, std::size_t end) const {
  throw DecodeError("data at chunk offset " + hex(pos) + " (" + std::to_string(size) +
                    " bytes) runs past its end " + hex(end));
}
std::uint8_t BinXmlDecoder::u8(std::size_t pos, const Scope& s) const {
  need(pos, 1, s.end);
  return chunk_[pos];
}
std::uint16_t BinXmlDecoder::u16(std::size_t pos, const Scope& s) const {
  need(pos, 2, s.end);
  return le16(chunk_.data() + pos);
}
std::uint32_t BinXmlDecoder::u32(std::size_t pos, const Scope& s) const {
  need(pos, 4, s.end);
  return le32(chunk_.data() + pos);
}

void BinXmlDecoder::decode(std::size_t begin, std::size_t end, Document& doc) {
  doc.clear();
  doc_ = &doc;
  template_level_ = 0;
  array_element_ = Document::kNoParent;
  array_items_.clear();
  Scope scope{{}, DependencyId::kAbsent, end};
  std::size_t pos = begin;
  parse_stream(pos, scope, Document::kNoParent, 0);
  if (doc.roots().empty()) throw DecodeError("the record holds no element");
}

const std::string& BinXmlDecoder::name_at(std::uint32_t offset) {
  auto it = names_.find(offset);
  if (it != names_.end()) return it->second;
  // Name: next-name offset (4), hash (2), character count (2), UTF-16 characters, NUL.
  need(offset, 8, chunk_.size());
  const std::size_t units = le16(chunk_.data() + offset + 6);
  need(offset + 8, units * 2, chunk_.size());
  std::string name;
  append_utf16(chunk_.data() + offset + 8, units, name);
  return names_.emplace(offset, std::move(name)).first->second;
}

void BinXmlDecoder::skip_inline_name(std::size_t& pos, std::uint32_t name_offset,
                                     const Scope& scope) {
  if (name_offset != pos) return;  // a reference to a name stored earlier in the chunk
  const std::size_t units = u16(pos + 6, scope);
  const std::size_t size = 8 + units * 2 + 2;
  need(pos, size, scope.end);
  pos += size;
}

void BinXmlDecoder::parse_stream(std::size_t& pos, const Scope& scope, std::uint32_t parent,
                                 int depth) {
  if (depth > kMaxDepth) throw DecodeError("binary XML nested deeper than the limit");
  while (pos < scope.end) {
    const std::uint8_t token = u8(pos, scope);
    const std::uint8_t base = base_token(token);
    if (token == kEndOfStream) {
      ++pos;
      return;
    } else if (token == kFragmentHeader) {
      need(pos, 4, scope.end);
      pos += 4;
    } else if (token == kTemplateInstance) {
      parse_template_instance(pos, scope, parent, depth + 1);
    } else if (base == kOpenStartElement) {
      parse_element(pos, scope, parent, depth + 1);
    } else if (is_content_token(base) && parent != Document::kNoParent) {
      parse_content(pos, scope, parent, -1, depth);
    } else if (base == kPITarget || base == kPIData) {
      skip_processing_instruction(pos, scope);
    } else {
      throw DecodeError("unexpected binary XML token " + hex(token) + " at chunk offset " +
                        hex(pos));
    }
  }
}

void BinXmlDecoder::skip_processing_instruction(std::size_t& pos, const Scope& scope) {
  if (base_token(u8(pos, scope)) == kPITarget) {
    const std::uint32_t name_offset = u32(pos + 1, scope);
    pos += 5;
    skip_inline_name(pos, name_offset, scope);
  } else {
    const std::size_t units = u16(pos + 1, scope);
    need(pos + 3, units * 2, scope.end);
    pos += 3 + units * 2;
  }
}

void BinXmlDecoder::parse_element(std::size_t& pos, const Scope& scope, std::uint32_t parent,
                                  int depth) {
  if (depth > kMaxDepth) throw DecodeError("binary XML nested deeper than the limit");
  const std::size_t start = pos;
  const bool has_attributes = (u8(pos, scope) & kFlag) != 0;
  // Token, [dependency id (2)], data size (4), name offset (4). The data size counts every byte
  // after its own field up to and including the token that ends the element.
  const std::size_t header = scope.dependency_id == DependencyId::kPresent ? 11 : 9;
  need(pos, header, scope.end);
  const std::size_t data_start = pos + header - 4;
  const std::size_t data_size = le32(chunk_.data() + data_start - 4);
  if (data_size > scope.end - data_start)
    throw DecodeError("element at chunk offset " + hex(start) + " claims " +
                      std::to_string(data_size) + " bytes, past the end of its stream " +
                      hex(scope.end));
  const std::size_t element_end = data_start + data_size;
  const std::uint32_t name_offset = le32(chunk_.data() + data_start);
  pos += header;
  skip_inline_name(pos, name_offset, scope);
  const std::uint32_t element = doc_->add_element(parent, name_at(name_offset));
  // The element's size and where its tokens end must agree: a header read with the wrong layout
  // (or a damaged one) is reported, never turned into garbage elements.
  auto check_end = [&] {
    if (pos != element_end)
      throw DecodeError("element <" + doc_->at(element).name + "> at chunk offset " + hex(start) +
                        " ends at " + hex(pos) + " but its size says " + hex(element_end));
  };
  if (has_attributes) {
    need(pos, 4, scope.end);
    pos += 4;  // attribute list size: the attributes are read token by token instead
    parse_attributes(pos, scope, element, depth);
  }
  const std::uint8_t close = u8(pos, scope);
  ++pos;
  if (close == kCloseEmptyElement) return check_end();
  if (close != kCloseStartElement)
    throw DecodeError("element start not closed at chunk offset " + hex(pos - 1));
  bool only_absent_values = true;  // so far, the content is only absent optional substitutions
  bool has_content = false;
  for (;;) {
    const std::uint8_t token = u8(pos, scope);
    const std::uint8_t base = base_token(token);
    if (token == kEndElement) {
      ++pos;
      check_end();
      // Like evtxexport, an element whose whole content is absent optional values, and which
      // has no attributes, is not rendered (e.g. <Binary> of classic events without data).
      const Element& e = doc_->at(element);
      if (has_content && only_absent_values && e.attribute_count == 0 && e.children.empty() &&
          e.text.empty())
        doc_->drop_last(parent);
      else if (array_element_ == element)
        repeat_for_array_items(element, parent);
      return;
    }
    has_content = true;
    if (base == kOpenStartElement) {
      only_absent_values = false;
      parse_element(pos, scope, element, depth + 1);
    } else if (is_content_token(base)) {
      if (parse_content(pos, scope, element, -1, depth)) only_absent_values = false;
    } else if (token == kTemplateInstance) {
      parse_template_instance(pos, scope, element, depth + 1);
    } else if (base == kPITarget || base == kPIData) {
      skip_processing_instruction(pos, scope);
    } else {
      throw DecodeError("unexpected binary XML token " + hex(token) + " in element content at " +
                        "chunk offset " + hex(pos));
    }
  }
}

void BinXmlDecoder::parse_attributes(std::size_t& pos, const Scope& scope, std::uint32_t element,
                                     int depth) {
  while (base_token(u8(pos, scope)) == kAttribute) {
    const std::uint32_t name_offset = u32(pos + 1, scope);
    pos += 5;
    skip_inline_name(pos, name_offset, scope);
    doc_->at(element).add_attribute(name_at(name_offset));
    const int index = static_cast<int>(doc_->at(element).attribute_count - 1);
    bool has_value = false;
    while (is_content_token(base_token(u8(pos, scope))))
      has_value |= parse_content(pos, scope, element, index, depth);
    // An attribute whose only value is an absent optional substitution is not rendered.
    if (!has_value) --doc_->at(element).attribute_count;
  }
}

bool BinXmlDecoder::parse_content(std::size_t& pos, const Scope& scope, std::uint32_t element,
                                  int attribute, int depth) {
  auto target = [&]() -> std::string& {
    Element& e = doc_->at(element);
    return attribute < 0 ? e.text : e.attributes[static_cast<std::size_t>(attribute)].value;
  };
  const std::uint8_t base = base_token(u8(pos, scope));
  switch (base) {
    case kValueText:
      parse_value_text(pos, scope, target());
      return true;
    case kCData: {
      const std::size_t units = u16(pos + 1, scope);
      need(pos + 3, units * 2, scope.end);
      append_utf16(chunk_.data() + pos + 3, units, target());
      pos += 3 + units * 2;
      return true;
    }
    case kCharRef:
      append_codepoint(u16(pos + 1, scope), target());
      pos += 3;
      return true;
    case kEntityRef: {
      const std::uint32_t name_offset = u32(pos + 1, scope);
      pos += 5;
      skip_inline_name(pos, name_offset, scope);
      const std::string& name = name_at(name_offset);
      std::string& out = target();
      if (name == "amp") out += '&';
      else if (name == "lt") out += '<';
      else if (name == "gt") out += '>';
      else if (name == "quot") out += '"';
      else if (name == "apos") out += '\'';
      else out += "&" + name + ";";
      return true;
    }
    default: {  // substitution
      const bool optional = base == kOptionalSubstitution;
      const std::uint16_t index = u16(pos + 1, scope);
      pos += 4;  // token, index, value type (the value array's own type is authoritative)
      if (index >= scope.substitutions.size()) return false;
      const Substitution& s = scope.substitutions[index];
      if (optional && (s.type == kNull || s.size == 0)) return false;
      if (s.type == kBinXml) {
        if (attribute < 0) {
          Scope nested{{}, DependencyId::kAbsent, std::size_t{s.offset} + s.size};
          std::size_t p = s.offset;
          parse_stream(p, nested, element, depth + 1);
        }
        return true;
      }
      std::span<const std::uint8_t> bytes = chunk_.subspan(s.offset, s.size);
      if ((s.type & kArrayFlag) && attribute < 0) {
        // An array as element content: the element is repeated once per item (evtxexport).
        array_element_ = element;
        array_items_.clear();
        split_array(s.type & ~kArrayFlag, bytes, array_items_);
        if (!array_items_.empty()) target() += array_items_[0];
      } else if (s.type & kArrayFlag) {
        split_array(s.type & ~kArrayFlag, bytes, array_items_);
        for (std::size_t i = 0; i < array_items_.size(); ++i)
          target() += (i ? ", " : "") + array_items_[i];
        array_items_.clear();
      } else if (!append_value(s.type, bytes, target())) {
        throw DecodeError("substitution " + std::to_string(index) + " of type " + hex(s.type) +
                          " has an invalid size " + std::to_string(s.size));
      }
      return true;
    }
  }
}

void BinXmlDecoder::parse_value_text(std::size_t& pos, const Scope& scope, std::string& out) {
  // Token, value type, then the value: a UTF-16 string is prefixed by its character count, the
  // fixed-size types (integers, GUIDs, times...) are stored bare.
  const std::uint8_t type = u8(pos + 1, scope);
  if (type == kString) {
    const std::size_t units = u16(pos + 2, scope);
    need(pos + 4, units * 2, scope.end);
    append_utf16(chunk_.data() + pos + 4, units, out);
    pos += 4 + units * 2;
    return;
  }
  const std::size_t size = array_element_size(type);
  if (size == 0)
    throw DecodeError("value of type " + hex(type) + " outside a substitution at chunk offset " +
                      hex(pos));
  need(pos + 2, size, scope.end);
  append_value(type, chunk_.subspan(pos + 2, size), out);
  pos += 2 + size;
}

void BinXmlDecoder::split_array(std::uint8_t type, std::span<const std::uint8_t> bytes,
                                std::vector<std::string>& items) {
  if (type == kString) {  // NUL-terminated UTF-16 strings, back to back
    const std::size_t units = bytes.size() / 2;
    std::size_t start = 0;
    for (std::size_t i = 0; i < units; ++i) {
      if (le16(bytes.data() + 2 * i) != 0) continue;
      items.emplace_back();
      append_utf16(bytes.data() + 2 * start, i - start, items.back());
      start = i + 1;
    }
    if (start < units) {  // last string without its NUL
      items.emplace_back();
      append_utf16(bytes.data() + 2 * start, units - start, items.back());
    }
    return;
  }
  const std::size_t size = array_element_size(type);
  if (size == 0) {  // variable-size items (SIDs, ANSI strings...): rendered as one value
    items.emplace_back();
    if (!append_value(type, bytes, items.back()))
      throw DecodeError("array of unsupported type " + hex(type));
    return;
  }
  for (std::size_t off = 0; off + size <= bytes.size(); off += size) {
    items.emplace_back();
    append_value(type, bytes.subspan(off, size), items.back());
  }
}

void BinXmlDecoder::repeat_for_array_items(std::uint32_t element, std::uint32_t parent) {
  array_element_ = Document::kNoParent;
  const std::string name = doc_->at(element).name;  // add_element may move the elements
  for (std::size_t i = 1; i < array_items_.size(); ++i) {
    const std::uint32_t copy = doc_->add_element(parent, name);
    const Element& original = doc_->at(element);
    Element& e = doc_->at(copy);
    for (std::size_t a = 0; a < original.attribute_count; ++a)
      e.add_attribute(original.attributes[a].name).value = original.attributes[a].value;
    e.text = array_items_[i];
  }
  array_items_.clear();
}

void BinXmlDecoder::parse_template_instance(std::size_t& pos, const Scope& scope,
                                            std::uint32_t parent, int depth) {
  if (depth > kMaxDepth) throw DecodeError("templates nested deeper than the limit");
  // Token, unknown (1), template id (4), template definition offset (4).
  need(pos, 10, scope.end);
  const std::uint32_t definition = le32(chunk_.data() + pos + 6);
  pos += 10;
  // Definition: next-definition offset (4), GUID (16), data size (4), binary XML.
  need(definition, 24, chunk_.size());
  const std::size_t body_size = le32(chunk_.data() + definition + 20);
  const std::size_t body = std::size_t{definition} + 24;
  need(body, body_size, chunk_.size());
  if (definition == pos) {  // the definition is stored here, inline: skip it
    need(pos, 24 + body_size, scope.end);
    pos += 24 + body_size;
  }

  const std::uint32_t count = u32(pos, scope);
  pos += 4;
  if (count > (scope.end - pos) / 4) throw DecodeError("substitution count " +
                                                       std::to_string(count) + " is too large");
  if (template_level_ >= substitution_pool_.size()) substitution_pool_.resize(template_level_ + 1);
  std::vector<Substitution>& values = substitution_pool_[template_level_];
  values.clear();
  std::size_t value_offset = pos + std::size_t{count} * 4;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint16_t size = le16(chunk_.data() + pos + 4 * i);
    const std::uint8_t type = chunk_[pos + 4 * i + 2];
    need(value_offset, size, scope.end);
    values.push_back({type, static_cast<std::uint32_t>(value_offset), size});
    value_offset += size;
  }
  pos = value_offset;

  Scope inner{values, DependencyId::kPresent, body + body_size};
  std::size_t p = body;
  ++template_level_;
  parse_stream(p, inner, parent, depth + 1);
  --template_level_;
}

}  // namespace spelunk::evtx
