// One 64-bit key for the codes several columns hold at a row (a mixed-radix number), so that a
// calculated field evaluated once per distinct input combination looks its memo up by a number
// instead of a byte string. Only when no input has multi-values and the product of the code
// ranges fits in 64 bits; otherwise packed() is false and callers key by the codes' bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/store.hpp"

namespace spelunk {

class CodeKey {
 public:
  explicit CodeKey(const std::vector<const Column*>& columns) : columns_(columns) {
    std::uint64_t product = 1;
    for (const Column* c : columns_) {
      const std::uint64_t range = c ? c->dict().size() + 1 : 1;
      if ((c && c->has_multi()) || product > (std::uint64_t{1} << 62) / range) {
        packed_ = false;
        return;
      }
      product *= range;
      radix_.push_back(range);
    }
  }
  bool packed() const { return packed_; }
  std::uint64_t key(std::size_t row) const {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < columns_.size(); ++i) k = k * radix_[i] + (columns_[i] ? columns_[i]->code(row) : 0);
    return k;
  }

 private:
  std::vector<const Column*> columns_;
  std::vector<std::uint64_t> radix_;
  bool packed_ = true;
};

}  // namespace spelunk
