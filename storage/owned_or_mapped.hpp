// An array that either owns its elements (a std::vector) or views elements that someone else
// keeps alive (the memory mapping of a saved store, see storage/store_file.hpp).
//
// Reads are the same for both. edit() first copies a view into a vector of its own, so a store
// opened from a file can still be changed (appended to) without writing into the mapping.
// Copying a view copies the view, not the elements: alias columns share their base's arrays.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace spelunk {

template <class T>
class OwnedOrMapped {
 public:
  OwnedOrMapped() = default;
  OwnedOrMapped(std::vector<T> owned) : owned_(std::move(owned)) {}  // NOLINT: implicit on purpose
  static OwnedOrMapped view(std::span<const T> elements) {
    OwnedOrMapped a;
    a.view_ = elements;
    a.is_view_ = true;
    return a;
  }

  const T* data() const { return is_view_ ? view_.data() : owned_.data(); }
  std::size_t size() const { return is_view_ ? view_.size() : owned_.size(); }
  bool empty() const { return size() == 0; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  const T& back() const { return data()[size() - 1]; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }
  std::span<const T> span() const { return {data(), size()}; }
  operator std::span<const T>() const { return span(); }  // NOLINT: reads like the vector did

  bool is_view() const { return is_view_; }
  std::size_t heap_bytes() const { return owned_.capacity() * sizeof(T); }  // a view costs none

  // The elements as a vector this array owns (copied out of the view the first time).
  std::vector<T>& edit() {
    if (is_view_) {
      owned_.assign(view_.begin(), view_.end());
      view_ = {};
      is_view_ = false;
    }
    return owned_;
  }

 private:
  std::vector<T> owned_;
  std::span<const T> view_;
  bool is_view_ = false;
};

}  // namespace spelunk
