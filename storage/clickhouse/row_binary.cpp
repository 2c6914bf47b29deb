#include "storage/clickhouse/row_binary.hpp"

#include <cstring>

#include "storage/clickhouse/http_client.hpp"

namespace spelunk::clickhouse {

void RowBinaryWriter::varint(std::uint64_t v) {
  while (v >= 0x80) {
    out_ += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out_ += static_cast<char>(v);
}

void RowBinaryWriter::fixed(std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out_.append(b, 8);
}

void RowBinaryReader::truncated() const {
  throw ClickHouseError{ClickHouseError::Kind::Protocol,
                        "ClickHouse's answer ended in the middle of a row (" + std::to_string(data_.size()) +
                            " bytes): the results are incomplete"};
}

std::uint64_t RowBinaryReader::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) truncated();
    const auto byte = static_cast<unsigned char>(data_[pos_++]);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return v;
  }
  truncated();
}

std::string_view RowBinaryReader::string() {
  const std::uint64_t n = varint();
  if (n > data_.size() - pos_) truncated();
  std::string_view s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::uint64_t RowBinaryReader::fixed(std::size_t bytes) {
  if (bytes > data_.size() - pos_) truncated();
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
  pos_ += bytes;
  return v;
}

double RowBinaryReader::float64() {
  const std::uint64_t bits = fixed(8);
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::uint64_t RowBinaryReader::array_size() {
  const std::uint64_t n = varint();
  if (n > data_.size() - pos_) truncated();
  return n;
}

}  // namespace spelunk::clickhouse
