#include "storage/store.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace spelunk {

// ---------------------------------------------------------------- Dictionary

namespace {
constexpr std::size_t kFirstArenaChunk = 256;
constexpr std::size_t kMaxArenaChunk = 1 << 20;
}

Dictionary::Dictionary() = default;
Dictionary::Dictionary(Dictionary&&) noexcept = default;
Dictionary& Dictionary::operator=(Dictionary&&) noexcept = default;
Dictionary::~Dictionary() = default;

// A fast 64-bit hash, eight bytes at a time (values are short: paths, GUIDs, numbers).
std::uint64_t Dictionary::hash_of(std::string_view v) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = v.size() * kMul;
  const char* p = v.data();
  std::size_t n = v.size();
  auto mix = [&](std::uint64_t w) {
    __uint128_t m = static_cast<__uint128_t>(h ^ w) * 0xD6E8FEB86659FD93ull;
    h = static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
  };
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    mix(w);
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    mix(w ^ (static_cast<std::uint64_t>(n) << 56));
  }
  mix(kMul);
  return h;
}

std::size_t Dictionary::find_slot(std::string_view value, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.code == kAbsent) return i;
    if (s.hash == hash && values_[s.code - 1] == value) return i;
  }
}

void Dictionary::grow_index(std::size_t min_slots) {
  std::size_t n = 16;
  while (n < min_slots) n *= 2;
  if (n <= slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(n, Slot{});
  const std::size_t mask = n - 1;
  for (const Slot& s : old) {
    if (s.code == kAbsent) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].code != kAbsent) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void Dictionary::reserve(std::size_t distinct) {
  values_.reserve(distinct);
  grow_index(distinct + distinct / 2 + 1);
}

std::string_view Dictionary::store_bytes(std::string_view value) {
  if (arena_.empty() || arena_used_ + value.size() > arena_cap_) {  // an empty first value too
    // Chunks double up to 1 MiB: small fields stay small, big ones touch memory once.
    std::size_t cap = arena_cap_ == 0 ? kFirstArenaChunk : std::min(arena_cap_ * 2, kMaxArenaChunk);
    cap = std::max(cap, value.size());
    arena_.push_back(std::make_unique_for_overwrite<char[]>(cap));
    arena_cap_ = cap;
    arena_used_ = 0;
    arena_total_ += cap;
  }
  char* dst = arena_.back().get() + arena_used_;
  if (!value.empty()) std::memcpy(dst, value.data(), value.size());
  arena_used_ += value.size();
  return std::string_view(dst, value.size());
}

Dictionary Dictionary::derived(const Dictionary& base, unsigned trim) {
  Dictionary d;
  d.base_ = &base;
  d.trim_ = trim;
  return d;
}

void Dictionary::rebuild_index() {
  slots_.clear();
  grow_index(values_.size() + values_.size() / 2 + 1);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t c = 1; c <= values_.size(); ++c) {
    std::uint32_t hash = static_cast<std::uint32_t>(hash_of(values_[c - 1]));
    std::size_t i = hash & mask;
    while (slots_[i].code != kAbsent) i = (i + 1) & mask;
    slots_[i] = Slot{static_cast<Code>(c), hash};
  }
}

void Dictionary::compact() {
  constexpr std::size_t kKeepIndexUpTo = 4096;
  values_.shrink_to_fit();
  if (values_.size() > kKeepIndexUpTo) std::vector<Slot>().swap(slots_);
}

Code Dictionary::intern(std::string_view value) { return intern(value, hash_of(value)); }

// A mapped dictionary's values are copied into the arena once: the mapping may go before it.
void Dictionary::copy_out_of_mapping() {
  const std::size_t count = mapped_count_;
  std::vector<std::string_view> views;
  views.reserve(count);
  for (Code c = 1; c <= count; ++c) views.push_back(mapped_value(c));
  mapped_bytes_ = nullptr;
  mapped_offsets_ = nullptr;
  mapped_count_ = 0;
  values_.clear();
  values_.reserve(count);
  for (std::string_view v : views) values_.push_back(store_bytes(v));
  slots_.clear();
}

Code Dictionary::intern(std::string_view value, std::uint64_t full_hash) {
  if (base_) throw std::logic_error("intern into a derived dictionary");
  if (mapped_offsets_) copy_out_of_mapping();
  if (slots_.empty() && !values_.empty()) rebuild_index();
  // Keep the load factor at most 2/3: probes stay short.
  if ((values_.size() + 1) * 3 > slots_.size() * 2) grow_index(slots_.size() * 2);
  const std::uint32_t hash = static_cast<std::uint32_t>(full_hash);
  std::size_t i = find_slot(value, hash);
  if (slots_[i].code != kAbsent) return slots_[i].code;
  if (values_.size() + 1 >= kMultiBit) throw std::length_error("dictionary overflow");
  values_.push_back(store_bytes(value));
  Code code = static_cast<Code>(values_.size());
  slots_[i] = Slot{code, hash};
  return code;
}

std::optional<Code> Dictionary::find(std::string_view value) const {
  if (base_ || mapped_offsets_ || (slots_.empty() && !values_.empty())) {
    // No index (derived view, or compacted): scan. Evaluators walk dictionaries anyway.
    for (Code c = 1; c <= size(); ++c) {
      if (this->value(c) == value) return c;
    }
    return std::nullopt;
  }
  if (slots_.empty()) return std::nullopt;
  std::size_t i = find_slot(value, static_cast<std::uint32_t>(hash_of(value)));
  if (slots_[i].code == kAbsent) return std::nullopt;
  return slots_[i].code;
}

std::size_t Dictionary::memory_bytes() const {
  return arena_total_ + arena_.capacity() * sizeof(void*) +
         values_.capacity() * sizeof(std::string_view) + slots_.capacity() * sizeof(Slot);
}

// ---------------------------------------------------------------- Column

std::span<const Code> Column::list(Code c) const {
  std::size_t i = c & ~kMultiBit;
  return list_codes_.span().subspan(list_offsets_[i], list_offsets_[i + 1] - list_offsets_[i]);
}

const Code* Column::sparse_slot(std::size_t row) const {
  auto it = std::lower_bound(sparse_rows_.begin(), sparse_rows_.end(), row);
  if (it == sparse_rows_.end() || *it != row) return nullptr;
  return &sparse_codes_[static_cast<std::size_t>(it - sparse_rows_.begin())];
}

std::span<const Code> Column::values(std::size_t row) const {
  const Code* c = nullptr;
  if (!sparse_) {
    if (row < codes_.size()) c = &codes_[row];
  } else {
    c = sparse_slot(row);
  }
  if (!c || *c == kAbsent) return {};
  if (is_multi(*c)) return list(*c);
  return std::span<const Code>(c, 1);
}

std::span<const Code> Column::codes() const {
  if (!sparse_) return codes_.span();
  if (!materialized_ready_.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(materialize_mutex_);
    if (!materialized_ready_.load(std::memory_order_relaxed)) {
      materialized_.assign(rows_, kAbsent);
      for (std::size_t i = 0; i < sparse_rows_.size(); ++i) {
        materialized_[sparse_rows_[i]] = sparse_codes_[i];
      }
      materialized_ready_.store(true, std::memory_order_release);
    }
  }
  return materialized_;
}

void Column::invalidate_materialized() {
  if (materialized_ready_.load(std::memory_order_relaxed)) {
    materialized_ready_.store(false, std::memory_order_relaxed);
    std::vector<Code>().swap(materialized_);
  }
}

void Column::to_dense() {
  std::vector<Code> dense(rows_, kAbsent);
  for (std::size_t i = 0; i < sparse_rows_.size(); ++i) dense[sparse_rows_[i]] = sparse_codes_[i];
  codes_ = std::move(dense);
  sparse_rows_ = {};
  sparse_codes_ = {};
  sparse_ = false;
}

void Column::to_sparse() {
  std::size_t present = 0;
  for (Code c : codes_) present += c != kAbsent;
  std::vector<std::uint32_t> rows;
  std::vector<Code> codes;
  rows.reserve(present);
  codes.reserve(present);
  for (std::size_t r = 0; r < codes_.size(); ++r) {
    if (codes_[r] == kAbsent) continue;
    rows.push_back(static_cast<std::uint32_t>(r));
    codes.push_back(codes_[r]);
  }
  sparse_rows_ = std::move(rows);
  sparse_codes_ = std::move(codes);
  codes_ = {};
  sparse_ = true;
}

void Column::optimize_layout() {
  invalidate_materialized();
  std::size_t present = 0;
  if (sparse_) {
    for (Code c : sparse_codes_) present += c != kAbsent;
  } else {
    for (Code c : codes_) present += c != kAbsent;
  }
  // Sparse costs 8 bytes per present row, dense 4 per row.
  const bool want_sparse = present * 2 < rows_;
  if (want_sparse && !sparse_) to_sparse();
  if (!want_sparse && sparse_) to_dense();
  if (sparse_) {
    if (!sparse_rows_.is_view()) sparse_rows_.edit().shrink_to_fit();
    if (!sparse_codes_.is_view()) sparse_codes_.edit().shrink_to_fit();
  } else if (!codes_.is_view()) {
    codes_.edit().shrink_to_fit();
  }
}

Code& Column::slot_for_write(std::size_t row) {
  invalidate_materialized();
  if (row >= rows_) rows_ = row + 1;
  if (sparse_) {
    if (sparse_rows_.empty() || sparse_rows_.back() < row) {
      if (row > UINT32_MAX) throw std::length_error("column too long");
      sparse_rows_.edit().push_back(static_cast<std::uint32_t>(row));
      sparse_codes_.edit().push_back(kAbsent);
      return sparse_codes_.edit().back();
    }
    if (sparse_rows_.back() == row) return sparse_codes_.edit().back();
    to_dense();  // a write behind the last row: switch to the layout that allows it
  }
  std::vector<Code>& codes = codes_.edit();
  if (codes.size() < rows_) codes.resize(rows_, kAbsent);
  return codes[row];
}

Code Column::make_list(std::span<const Code> codes) {
  std::vector<Code>& list_codes = list_codes_.edit();
  std::vector<std::uint32_t>& list_offsets = list_offsets_.edit();
  if (list_offsets.empty()) list_offsets.push_back(0);
  list_codes.insert(list_codes.end(), codes.begin(), codes.end());
  list_offsets.push_back(static_cast<std::uint32_t>(list_codes.size()));
  return static_cast<Code>(list_offsets_.size() - 2) | kMultiBit;
}

void Column::set_first(std::size_t row, std::string_view value) {
  Code& slot = slot_for_write(row);
  if (slot == kAbsent) slot = dict_.intern(value);
}

void Column::set_first(std::size_t row, std::string_view value, std::uint64_t hash) {
  Code& slot = slot_for_write(row);
  if (slot == kAbsent) slot = dict_.intern(value, hash);
}

void Column::append(std::size_t row, std::string_view value) {
  append(row, value, Dictionary::hash(value));
}

void Column::append(std::size_t row, std::string_view value, std::uint64_t hash) {
  Code c = dict_.intern(value, hash);
  Code& slot = slot_for_write(row);
  if (slot == kAbsent) {
    slot = c;
  } else if (!is_multi(slot)) {
    Code pair[2] = {slot, c};
    slot = make_list(pair);
  } else {
    // Extend the list; it is the most recent one when appends happen row by row.
    std::size_t i = slot & ~kMultiBit;
    if (i + 2 == list_offsets_.size()) {
      list_codes_.edit().push_back(c);
      list_offsets_.edit().back() = static_cast<std::uint32_t>(list_codes_.size());
    } else {
      std::vector<Code> copy(list(slot).begin(), list(slot).end());
      copy.push_back(c);
      slot = make_list(copy);
    }
  }
}

void Column::set_values(std::size_t row, std::span<const std::string_view> values) {
  std::vector<Code> codes;
  codes.reserve(values.size());
  for (std::string_view v : values) codes.push_back(dict_.intern(v));
  Code& slot = slot_for_write(row);
  if (codes.empty()) { slot = kAbsent; return; }
  if (codes.size() == 1) { slot = codes[0]; return; }
  slot = make_list(codes);
}

Code Column::code_for(std::span<const std::string_view> values) {
  if (values.empty()) return kAbsent;
  if (values.size() == 1) return dict_.intern(values[0]);
  std::vector<Code> codes;
  codes.reserve(values.size());
  for (std::string_view v : values) codes.push_back(dict_.intern(v));
  return make_list(codes);
}

void Column::resize(std::size_t rows) {
  invalidate_materialized();
  if (sparse_) {
    std::size_t keep = sparse_rows_.size();
    while (keep > 0 && sparse_rows_[keep - 1] >= rows) --keep;
    if (keep < sparse_rows_.size()) {
      sparse_rows_.edit().resize(keep);
      sparse_codes_.edit().resize(keep);
    }
  } else if (codes_.size() != rows) {
    codes_.edit().resize(rows, kAbsent);
  }
  rows_ = rows;
}

void Column::derive_from(const Column& base, unsigned trim) {
  invalidate_materialized();
  dict_ = Dictionary::derived(base.dict_, trim);
  rows_ = base.rows_;
  sparse_ = base.sparse_;
  codes_ = base.codes_;
  sparse_rows_ = base.sparse_rows_;
  sparse_codes_ = base.sparse_codes_;
  list_codes_ = base.list_codes_;
  list_offsets_ = base.list_offsets_;
}

bool Column::has_values() const {
  auto present = [](Code c) { return c != kAbsent; };
  return sparse_ ? std::any_of(sparse_codes_.begin(), sparse_codes_.end(), present)
                 : std::any_of(codes_.begin(), codes_.end(), present);
}

std::size_t Column::memory_bytes() const {
  // Heap bytes only: arrays viewed in a saved store's mapping are the page cache's.
  return sizeof(*this) + dict_.memory_bytes() + codes_.heap_bytes() + sparse_rows_.heap_bytes() +
         sparse_codes_.heap_bytes() + materialized_.capacity() * sizeof(Code) +
         list_codes_.heap_bytes() + list_offsets_.heap_bytes();
}

// ---------------------------------------------------------------- Store

const Column* Store::column(std::string_view name) const {
  auto it = column_index_.find(std::string(name));
  return it == column_index_.end() ? nullptr : columns_[it->second].get();
}

std::vector<std::string_view> Store::field_names() const {
  std::vector<std::string_view> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.emplace_back(c->name());
  return out;
}

Column& Store::column_for_write(std::string_view name) {
  auto [it, inserted] = column_index_.try_emplace(std::string(name), columns_.size());
  if (inserted) columns_.push_back(std::make_unique<Column>(std::string(name)));
  return *columns_[it->second];
}

std::size_t Store::memory_bytes() const {
  std::size_t n = sizeof(*this) + times_.heap_bytes() + raw_.memory_bytes();
  for (const auto& c : columns_) n += c->memory_bytes();
  return n;
}

bool Store::is_alias(std::string_view name) const {
  return std::any_of(aliases_.begin(), aliases_.end(),
                     [&](const Alias& a) { return a.name == name; });
}

void Store::add_alias(const Alias& a) {
  if (!is_alias(a.name)) aliases_.push_back(a);
}

void Store::derive_aliases() {
  for (const Alias& a : aliases_) {
    const Column* base = column(a.base);
    if (!base) continue;
    column_for_write(a.name).derive_from(*base, a.trim);
  }
}

// Columns no event has a value for (a reader names its fields up front) are removed, so that
// column() is nullptr exactly when no event has the field.
void Store::drop_empty_columns() {
  std::vector<std::unique_ptr<Column>> kept;
  for (auto& c : columns_) {
    if (is_alias(c->name()) || c->has_values()) kept.push_back(std::move(c));
  }
  columns_ = std::move(kept);
  std::erase_if(aliases_, [&](const Alias& a) {
    return std::none_of(columns_.begin(), columns_.end(),
                        [&](const auto& c) { return c->name() == a.base; });
  });
  column_index_.clear();
  for (std::size_t i = 0; i < columns_.size(); ++i) column_index_.emplace(columns_[i]->name(), i);
}

void Store::compact() {
  for (auto& c : columns_) {
    if (!c->dict().is_derived()) c->dict_.compact();
  }
}

void Store::append(Store&& other) {
  const std::size_t base = rows();
  const std::size_t total = base + other.rows();
  for (const Alias& a : other.aliases_) add_alias(a);
  for (auto& src : other.columns_) {
    if (is_alias(src->name())) continue;
    Column& dst = column_for_write(src->name());
    dst.resize(base);
    // Re-map the source dictionary once, then translate codes.
    std::vector<Code> remap(src->dict().size() + 1, kAbsent);
    for (Code c = 1; c <= src->dict().size(); ++c) remap[c] = dst.dict_.intern(src->dict().value(c));
    std::vector<Code> tmp;
    src->for_each_present(0, src->rows(), [&](std::size_t r, Code c) {
      Code mapped;
      if (!Column::is_multi(c)) {
        mapped = remap[c];
      } else {
        tmp.clear();
        for (Code v : src->list(c)) tmp.push_back(remap[v]);
        mapped = dst.make_list(tmp);
      }
      dst.slot_for_write(base + r) = mapped;
    });
  }
  for (auto& c : columns_) {
    if (!is_alias(c->name())) {
      c->resize(total);
      c->optimize_layout();
    }
  }
  derive_aliases();
  compact();
  std::vector<std::int64_t>& times = times_.edit();
  times.insert(times.end(), other.times_.begin(), other.times_.end());
  raw_.append_all(std::move(other.raw_));
  // _raw blocks moved over may still point into the other store's mapping.
  for (auto& b : other.backing_) backing_.push_back(std::move(b));
  other = Store{};
}

// ---------------------------------------------------------------- StoreBuilder

StoreBuilder::StoreBuilder() = default;

StoreBuilder::FieldId StoreBuilder::field(std::string_view name) {
  auto it = store_.column_index_.find(std::string(name));
  if (it != store_.column_index_.end()) return static_cast<FieldId>(it->second);
  store_.column_for_write(name);
  return static_cast<FieldId>(store_.columns_.size() - 1);
}

void StoreBuilder::begin_event() {
  if (in_event_) cancel_event();
  in_event_ = true;
  time_ = 0;
  touched_.clear();
  pending_.clear();
}

void StoreBuilder::set(FieldId f, std::string_view value) {
  store_.columns_[f]->set_first(row_, value);
  touched_.push_back(f);
}

void StoreBuilder::append(FieldId f, std::string_view value) {
  store_.columns_[f]->append(row_, value);
  touched_.push_back(f);
}

void StoreBuilder::set_raw(std::string_view raw) { store_.raw_.append(raw); }

void StoreBuilder::flush_pending() {
  for (Pending& p : pending_) {
    p.hash = Dictionary::hash(p.value);
    store_.columns_[p.field]->dict().prefetch(p.hash);
  }
  for (const Pending& p : pending_) {
    Column& c = *store_.columns_[p.field];
    if (p.append) {
      c.append(row_, p.value, p.hash);
    } else {
      c.set_first(row_, p.value, p.hash);
    }
  }
  pending_.clear();
}

void StoreBuilder::end_event() {
  if (!in_event_) throw std::logic_error("end_event without begin_event");
  flush_pending();
  if (store_.raw_.size() == row_) store_.raw_.append({});  // every event has a _raw
  store_.times_.edit().push_back(time_);
  ++row_;
  in_event_ = false;
}

void StoreBuilder::cancel_event() {
  pending_.clear();
  for (FieldId f : touched_) store_.columns_[f]->resize(row_);
  touched_.clear();
  if (store_.raw_.size() > row_) {
    throw std::logic_error("cancel_event after set_raw: call set_raw last");
  }
  in_event_ = false;
}

void StoreBuilder::alias(std::string_view name, std::string_view base, unsigned trim) {
  store_.add_alias(Store::Alias{std::string(name), std::string(base), trim});
}

Store StoreBuilder::finish(bool compact) {
  if (in_event_) cancel_event();
  for (auto& c : store_.columns_) {
    c->resize(row_);
    c->optimize_layout();
  }
  store_.drop_empty_columns();
  store_.derive_aliases();
  if (compact) store_.compact();
  store_.raw_.seal();
  row_ = 0;
  return std::move(store_);
}

}  // namespace spelunk
