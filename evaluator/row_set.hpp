// A set of store rows as a bitmap; AND / OR / NOT of search expressions are word operations.
#pragma once

#include <cstdint>
#include <vector>

namespace spelunk {

class RowSet {
 public:
  RowSet() = default;
  explicit RowSet(std::size_t rows, bool all = false)
      : rows_(rows), words_((rows + 63) / 64, all ? ~std::uint64_t{0} : 0) {
    trim();
  }

  std::size_t rows() const { return rows_; }
  bool test(std::size_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  void set(std::size_t row) { words_[row >> 6] |= std::uint64_t{1} << (row & 63); }
  std::vector<std::uint64_t>& words() { return words_; }
  const std::vector<std::uint64_t>& words() const { return words_; }

  RowSet& operator&=(const RowSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
    return *this;
  }
  RowSet& operator|=(const RowSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
    return *this;
  }
  void flip() {
    for (auto& w : words_) w = ~w;
    trim();
  }
  bool none() const {
    for (auto w : words_)
      if (w) return false;
    return true;
  }
  std::size_t count() const {
    std::size_t n = 0;
    for (auto w : words_) n += static_cast<std::size_t>(__builtin_popcountll(w));
    return n;
  }
  // Rows in increasing order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      std::uint64_t w = words_[i];
      while (w) {
        fn(i * 64 + static_cast<std::size_t>(__builtin_ctzll(w)));
        w &= w - 1;
      }
    }
  }

 private:
  void trim() {
    if (rows_ % 64 && !words_.empty()) words_.back() &= (std::uint64_t{1} << (rows_ % 64)) - 1;
  }
  std::size_t rows_ = 0;
  std::vector<std::uint64_t> words_;
};

}  // namespace spelunk
