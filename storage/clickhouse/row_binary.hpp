// ClickHouse's RowBinary format, both ways: rows go in and come back as length-prefixed bytes,
// so no value is ever escaped or parsed as text. Integers are little-endian; a String is a
// LEB128 length and its bytes; an Array is a LEB128 count and its elements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spelunk::clickhouse {

class RowBinaryWriter {
 public:
  void varint(std::uint64_t v);
  void string(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void int64(std::int64_t v) { fixed(static_cast<std::uint64_t>(v)); }
  void uint64(std::uint64_t v) { fixed(v); }

  std::string& bytes() { return out_; }
  std::size_t size() const { return out_.size(); }
  void clear() { out_.clear(); }

 private:
  void fixed(std::uint64_t v);
  std::string out_;
};

// Reads an answer; every read checks the bounds and throws ClickHouseError (Protocol) when the
// body ends early, so a truncated answer can never pass for fewer rows.
class RowBinaryReader {
 public:
  explicit RowBinaryReader(std::string_view data) : data_(data) {}
  RowBinaryReader(std::string&&) = delete;  // a view of a temporary would dangle: keep the answer

  bool at_end() const { return pos_ == data_.size(); }
  std::uint64_t varint();
  std::string_view string();
  std::int64_t int64() { return static_cast<std::int64_t>(fixed(8)); }
  std::uint64_t uint64() { return fixed(8); }
  std::uint8_t uint8() { return static_cast<std::uint8_t>(fixed(1)); }
  double float64();
  // Array length, checked against the bytes left (each element takes at least one byte).
  std::uint64_t array_size();

 private:
  std::uint64_t fixed(std::size_t bytes);
  [[noreturn]] void truncated() const;
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace spelunk::clickhouse
