// The in-memory columnar event store.
//
// Every field is a column. String values are dictionary-encoded: each column owns a dictionary
// of its distinct values, and one 32-bit code per event points into it. Code 0 means "this event
// has no such field" (Splunk's null). A predicate on a field is therefore decided once per
// distinct value (walk the dictionary) and then applied to the codes.
//
// Multi-valued fields are first-class: a code with kMultiBit set is an index into the column's
// list table, which holds the codes of the values in order.
//
// `_time` is an int64 column of microseconds since the Unix epoch (UTC). `_raw` is kept for every
// event in RawStore (compressed blocks), because bare-term searches read it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/owned_or_mapped.hpp"
#include "storage/raw_store.hpp"

namespace spelunk {

struct StoreFileAccess;  // storage/store_file.cpp: saves a store and opens it from a mapping

using Code = std::uint32_t;
inline constexpr Code kAbsent = 0;                 // the event has no value for this field
inline constexpr Code kMultiBit = 0x80000000u;     // code & ~kMultiBit indexes the list table
inline constexpr std::int64_t kMicrosPerSecond = 1'000'000;

// Distinct values of one field. Codes are 1..size(); 0 is reserved for "absent".
// Values live in an arena of geometrically growing chunks (a field with three values costs a few
// hundred bytes, one with a million grows in 1 MiB steps); the index is an open-addressing table
// of (code, hash) pairs, so interning a new value allocates nothing but amortised arena space.
class Dictionary {
 public:
  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  Dictionary(Dictionary&&) noexcept;
  Dictionary& operator=(Dictionary&&) noexcept;
  ~Dictionary();

  Code intern(std::string_view value);                 // existing code, or a new one
  // Batched interning: hash() a value, prefetch() its slot, intern(value, hash) later.
  static std::uint64_t hash(std::string_view value) { return hash_of(value); }
  void prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<std::uint32_t>(hash) & (slots_.size() - 1)]);
  }
  Code intern(std::string_view value, std::uint64_t hash);
  std::optional<Code> find(std::string_view value) const;
  std::string_view value(Code code) const {  // code in [1, size()]
    if (base_) [[unlikely]] return trimmed(base_->value(code));
    if (mapped_offsets_) return mapped_value(code);
    return values_[code - 1];
  }
  std::size_t size() const {
    return base_ ? base_->size() : mapped_offsets_ ? mapped_count_ : values_.size();
  }
  // A dictionary read from a saved store: values live in memory the store keeps mapped.
  bool is_mapped() const { return mapped_offsets_ != nullptr; }
  std::size_t memory_bytes() const;
  void reserve(std::size_t distinct);  // sizes the index for `distinct` values

  // A read-only view of `base` (which must outlive it) whose values lose `trim` characters at
  // each end; same codes. Alias fields use it: TimeCreated is SystemTime without its quotes.
  static Dictionary derived(const Dictionary& base, unsigned trim);
  bool is_derived() const { return base_ != nullptr; }
  // Once a build is done: frees growth slack; a large dictionary also drops its hash index
  // (find() then scans; the next intern() rebuilds it), which is most of its overhead.
  void compact();

 private:
  friend struct StoreFileAccess;
  struct Slot {
    Code code = kAbsent;   // kAbsent: empty slot
    std::uint32_t hash = 0;
  };
  static std::uint64_t hash_of(std::string_view value);
  std::size_t find_slot(std::string_view value, std::uint32_t hash) const;
  void grow_index(std::size_t min_slots);
  void rebuild_index();
  std::string_view store_bytes(std::string_view value);
  std::string_view mapped_value(Code code) const {
    const std::uint64_t begin = mapped_offsets_[code - 1];
    return std::string_view(mapped_bytes_ + begin, mapped_offsets_[code] - begin);
  }
  void copy_out_of_mapping();  // before the first intern() into a mapped dictionary
  std::string_view trimmed(std::string_view v) const {
    return v.size() >= 2 * trim_ ? v.substr(trim_, v.size() - 2 * trim_) : v;
  }

  std::vector<std::unique_ptr<char[]>> arena_;  // value bytes live here; views stay valid
  std::size_t arena_used_ = 0, arena_cap_ = 0, arena_total_ = 0;
  std::vector<std::string_view> values_;        // values_[code - 1]
  std::vector<Slot> slots_;                     // size is a power of two (or 0)
  const Dictionary* base_ = nullptr;            // set for a derived view
  unsigned trim_ = 0;
  // Mapped layout (saved store): value c is bytes [offsets[c-1], offsets[c]), c in 1..count.
  const char* mapped_bytes_ = nullptr;
  const std::uint64_t* mapped_offsets_ = nullptr;
  std::size_t mapped_count_ = 0;
};

// One field over every event of a store.
//
// Codes are kept dense (one per row) when at least half the rows have the field, and sparse
// otherwise (sorted rows + codes of the rows that have it: 8 bytes per value instead of 4 per
// row; most Sysmon fields exist in a few event types only). codes() always works: for a sparse
// column it builds the dense array on first use (thread-safe) and keeps it. for_each_present()
// visits only the rows that have a value, in either layout.
class Column {
 public:
  explicit Column(std::string name) : name_(std::move(name)) {}
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;

  const std::string& name() const { return name_; }
  const Dictionary& dict() const { return dict_; }
  std::size_t rows() const { return rows_; }

  // The code of one event; may carry kMultiBit. kAbsent when the event lacks the field.
  Code code(std::size_t row) const {
    if (!sparse_) return row < codes_.size() ? codes_[row] : kAbsent;
    const Code* c = sparse_slot(row);
    return c ? *c : kAbsent;
  }
  std::span<const Code> codes() const;  // one code per row (materialised once if sparse)
  static bool is_multi(Code c) { return (c & kMultiBit) != 0; }
  // Codes of the values of a multi-value entry (c must have kMultiBit).
  std::span<const Code> list(Code c) const;
  // All value codes of one event: empty when absent, one for single, several for multi.
  std::span<const Code> values(std::size_t row) const;
  bool has_multi() const { return !list_offsets_.empty(); }
  bool is_sparse() const { return sparse_; }
  // Calls fn(row, code) for every row in [begin, end) that has a value, in row order.
  template <class F>
  void for_each_present(std::size_t begin, std::size_t end, F&& fn) const;

  // --- building (rows in increasing order is the fast path; any order works) ---
  // Sets the value of `row`; when the row already has a value it is kept (first wins).
  void set_first(std::size_t row, std::string_view value);
  void set_first(std::size_t row, std::string_view value, std::uint64_t hash);  // hash: Dictionary::hash
  // Adds a value to `row`, turning it into a multi-value when it had one already.
  void append(std::size_t row, std::string_view value);
  void append(std::size_t row, std::string_view value, std::uint64_t hash);
  // Sets the whole multi-value of `row` (replaces what was there).
  void set_values(std::size_t row, std::span<const std::string_view> values);
  // For columns computed from others (evaluator/knowledge): the code of `values` (kAbsent for
  // none, a dictionary code for one, a new list for several), which many rows can then share
  // through set_code(): a value computed once per distinct input costs one code per row.
  Code code_for(std::span<const std::string_view> values);
  // Writes each row once, in increasing order; kAbsent writes nothing (the row stays absent).
  void set_code(std::size_t row, Code code) {
    if (code != kAbsent) slot_for_write(row) = code;
  }
  // Sets the row count to `rows`: pads with absent rows, or drops rows past it.
  void resize(std::size_t rows);
  void reserve(std::size_t rows) {
    if (!sparse_) codes_.edit().reserve(rows);
  }
  // Makes this column an alias of `base`: same codes, values seen through a derived dictionary.
  void derive_from(const Column& base, unsigned trim);
  bool has_values() const;  // some row has a value
  // Picks the dense or sparse layout, whichever is smaller (called when a build ends).
  void optimize_layout();

  std::size_t memory_bytes() const;

 private:
  friend class Store;  // Store::append re-maps codes in place
  friend struct StoreFileAccess;
  Code& slot_for_write(std::size_t row);
  const Code* sparse_slot(std::size_t row) const;
  void to_dense();
  void to_sparse();
  void invalidate_materialized();
  Code make_list(std::span<const Code> codes);

  std::string name_;
  Dictionary dict_;
  std::size_t rows_ = 0;
  bool sparse_ = true;                       // builds start sparse
  // Owned while building; views of the mapping when the store was opened from a file.
  OwnedOrMapped<Code> codes_;                  // dense layout: codes_[row]
  OwnedOrMapped<std::uint32_t> sparse_rows_;   // sparse layout: ascending rows ...
  OwnedOrMapped<Code> sparse_codes_;           // ... and their codes
  OwnedOrMapped<Code> list_codes_;             // concatenated lists
  OwnedOrMapped<std::uint32_t> list_offsets_;  // list i = list_codes_[off[i] .. off[i+1])
  mutable std::mutex materialize_mutex_;
  mutable std::atomic<bool> materialized_ready_{false};
  mutable std::vector<Code> materialized_;   // dense copy of a sparse column, made on demand
};

template <class F>
void Column::for_each_present(std::size_t begin, std::size_t end, F&& fn) const {
  end = std::min(end, rows_);
  if (!sparse_) {
    const std::span<const Code> codes = codes_;
    const std::size_t stop = std::min(end, codes.size());
    for (std::size_t r = begin; r < stop; ++r) {
      if (codes[r] != kAbsent) fn(r, codes[r]);
    }
    return;
  }
  const std::span<const std::uint32_t> rows = sparse_rows_;
  const std::span<const Code> codes = sparse_codes_;
  auto it = std::lower_bound(rows.begin(), rows.end(), begin);
  for (; it != rows.end() && *it < end; ++it) {
    const Code c = codes[static_cast<std::size_t>(it - rows.begin())];
    if (c != kAbsent) fn(static_cast<std::size_t>(*it), c);
  }
}

// All events. Read-only once built (StoreBuilder builds it).
class Store {
 public:
  std::size_t rows() const { return times_.size(); }

  // nullptr when no event has the field. Field names are case-sensitive.
  const Column* column(std::string_view name) const;
  // All field names, in first-seen order (does not include _time and _raw).
  std::vector<std::string_view> field_names() const;
  const std::vector<std::unique_ptr<Column>>& columns() const { return columns_; }

  std::span<const std::int64_t> times() const { return times_.span(); }  // _time, microseconds UTC
  const RawStore& raw() const { return raw_; }

  std::size_t memory_bytes() const;

  // Appends every event of `other` (codes are re-mapped into this store's dictionaries).
  void append(Store&& other);

  // An alias field: same values as `base` with `trim` characters cut at each end, stored once.
  struct Alias {
    std::string name, base;
    unsigned trim = 0;
  };
  const std::vector<Alias>& aliases() const { return aliases_; }

 private:
  friend class StoreBuilder;
  friend struct StoreFileAccess;
  Column& column_for_write(std::string_view name);
  bool is_alias(std::string_view name) const;
  void add_alias(const Alias& a);
  void derive_aliases();
  void drop_empty_columns();
  void compact();

  std::vector<Alias> aliases_;

  std::vector<std::unique_ptr<Column>> columns_;
  std::unordered_map<std::string, std::size_t> column_index_;
  OwnedOrMapped<std::int64_t> times_;
  RawStore raw_;
  // What views in this store point into (the mapping of a saved store), kept alive with it.
  std::vector<std::shared_ptr<const void>> backing_;
};

// Builds a Store event by event. No per-event heap allocation once the columns exist.
//   auto f = builder.field("Image");       // once per field name (cache the id)
//   builder.begin_event();
//   builder.set(f, "C:\\x\\cmd.exe");
//   builder.set_time(t_us); builder.set_raw(xml);
//   builder.end_event();
class StoreBuilder {
 public:
  using FieldId = std::uint32_t;

  StoreBuilder();
  FieldId field(std::string_view name);

  void begin_event();
  void set(FieldId f, std::string_view value);     // first value wins
  void append(FieldId f, std::string_view value);  // multi-value
  void set(std::string_view name, std::string_view value) { set(field(name), value); }
  void set_time(std::int64_t micros) { time_ = micros; }
  void set_raw(std::string_view raw);
  // Like set() / append(), but the value is read only at end_event(), so it must stay valid until
  // then. The builder then hashes all of an event's values and prefetches their dictionary slots
  // before interning them: interning is mostly cache misses on large dictionaries.
  void set_deferred(FieldId f, std::string_view value) { pending_.push_back({f, false, value, 0}); }
  void append_deferred(FieldId f, std::string_view value) { pending_.push_back({f, true, value, 0}); }
  void end_event();
  void cancel_event();  // drops the event begun (values already set are erased)
  // Declares `name` an alias of `base` (see Store::Alias); filled in by finish(). Never set an
  // alias field directly: finish() replaces it.
  void alias(std::string_view name, std::string_view base, unsigned trim = 0);

  std::size_t rows() const { return store_.rows(); }
  // `compact`: drop the hash index of large dictionaries (see Dictionary::compact). Pass false
  // for a store that other stores will be appended to: append() needs the index, then compacts.
  Store finish(bool compact = true);

 private:
  Store store_;
  std::size_t row_ = 0;
  bool in_event_ = false;
  std::int64_t time_ = 0;
  std::vector<FieldId> touched_;
  struct Pending {
    FieldId field;
    bool append;
    std::string_view value;
    std::uint64_t hash;
  };
  std::vector<Pending> pending_;
  void flush_pending();
};

}  // namespace spelunk
