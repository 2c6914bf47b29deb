#include "storage/store.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace spelunk {

// ---------------------------------------------------------------- Dictionary

namespace {
constexpr std::size_t kArenaChunk = 64 * 1024;
}

Dictionary::Dictionary() = default;
Dictionary::Dictionary(Dictionary&&) noexcept = default;
Dictionary& Dictionary::operator=(Dictionary&&) noexcept = default;
Dictionary::~Dictionary() = default;

Code Dictionary::intern(std::string_view value) {
  if (auto it = index_.find(value); it != index_.end()) return it->second;
  if (arena_.empty() || arena_used_ + value.size() > arena_cap_) {  // empty first value too
    std::size_t cap = std::max(kArenaChunk, value.size());
    arena_.push_back(std::make_unique<char[]>(cap));
    arena_cap_ = cap;
    arena_used_ = 0;
  }
  char* dst = arena_.back().get() + arena_used_;
  if (!value.empty()) std::memcpy(dst, value.data(), value.size());
  arena_used_ += value.size();
  std::string_view stored(dst, value.size());
  values_.push_back(stored);
  Code code = static_cast<Code>(values_.size());
  if (code >= kMultiBit) throw std::length_error("dictionary overflow");
  index_.emplace(stored, code);
  return code;
}

std::optional<Code> Dictionary::find(std::string_view value) const {
  if (auto it = index_.find(value); it != index_.end()) return it->second;
  return std::nullopt;
}

std::string_view Dictionary::value(Code code) const { return values_[code - 1]; }

std::size_t Dictionary::memory_bytes() const {
  std::size_t n = arena_.size() * kArenaChunk + values_.capacity() * sizeof(std::string_view);
  n += index_.size() * (sizeof(std::string_view) + sizeof(Code) + 2 * sizeof(void*));
  n += index_.bucket_count() * sizeof(void*);
  return n;
}

// ---------------------------------------------------------------- Column

std::span<const Code> Column::list(Code c) const {
  std::size_t i = c & ~kMultiBit;
  return std::span<const Code>(list_codes_).subspan(list_offsets_[i],
                                                     list_offsets_[i + 1] - list_offsets_[i]);
}

std::span<const Code> Column::values(std::size_t row) const {
  if (row >= codes_.size() || codes_[row] == kAbsent) return {};
  if (is_multi(codes_[row])) return list(codes_[row]);
  return std::span<const Code>(&codes_[row], 1);
}

void Column::ensure_row(std::size_t row) {
  if (codes_.size() <= row) codes_.resize(row + 1, kAbsent);
}

Code Column::make_list(std::span<const Code> codes) {
  if (list_offsets_.empty()) list_offsets_.push_back(0);
  list_codes_.insert(list_codes_.end(), codes.begin(), codes.end());
  list_offsets_.push_back(static_cast<std::uint32_t>(list_codes_.size()));
  return static_cast<Code>(list_offsets_.size() - 2) | kMultiBit;
}

void Column::set_first(std::size_t row, std::string_view value) {
  ensure_row(row);
  if (codes_[row] == kAbsent) codes_[row] = dict_.intern(value);
}

void Column::append(std::size_t row, std::string_view value) {
  ensure_row(row);
  Code c = dict_.intern(value);
  Code& slot = codes_[row];
  if (slot == kAbsent) {
    slot = c;
  } else if (!is_multi(slot)) {
    Code pair[2] = {slot, c};
    slot = make_list(pair);
  } else {
    // Extend the list; it is the most recent one when appends happen row by row.
    std::size_t i = slot & ~kMultiBit;
    if (i + 2 == list_offsets_.size()) {
      list_codes_.push_back(c);
      list_offsets_.back() = static_cast<std::uint32_t>(list_codes_.size());
    } else {
      std::vector<Code> copy(list(slot).begin(), list(slot).end());
      copy.push_back(c);
      slot = make_list(copy);
    }
  }
}

void Column::set_values(std::size_t row, std::span<const std::string_view> values) {
  ensure_row(row);
  if (values.empty()) { codes_[row] = kAbsent; return; }
  if (values.size() == 1) { codes_[row] = dict_.intern(values[0]); return; }
  std::vector<Code> codes;
  codes.reserve(values.size());
  for (std::string_view v : values) codes.push_back(dict_.intern(v));
  codes_[row] = make_list(codes);
}

void Column::resize(std::size_t rows) { codes_.resize(rows, kAbsent); }

std::size_t Column::memory_bytes() const {
  return sizeof(*this) + dict_.memory_bytes() + codes_.capacity() * sizeof(Code) +
         list_codes_.capacity() * sizeof(Code) + list_offsets_.capacity() * 4;
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
  std::size_t n = sizeof(*this) + times_.capacity() * sizeof(std::int64_t) + raw_.memory_bytes();
  for (const auto& c : columns_) n += c->memory_bytes();
  return n;
}

void Store::append(Store&& other) {
  const std::size_t base = rows();
  const std::size_t total = base + other.rows();
  for (auto& src : other.columns_) {
    Column& dst = column_for_write(src->name());
    dst.resize(base);
    dst.reserve(total);
    // Re-map the source dictionary once, then translate codes.
    std::vector<Code> remap(src->dict().size() + 1, kAbsent);
    for (Code c = 1; c <= src->dict().size(); ++c) remap[c] = dst.dict_.intern(src->dict().value(c));
    std::vector<Code> tmp;
    for (std::size_t r = 0; r < src->rows(); ++r) {
      Code c = src->code(r);
      if (c == kAbsent) { dst.codes_.push_back(kAbsent); continue; }
      if (!Column::is_multi(c)) { dst.codes_.push_back(remap[c]); continue; }
      tmp.clear();
      for (Code v : src->list(c)) tmp.push_back(remap[v]);
      dst.codes_.push_back(dst.make_list(tmp));
    }
  }
  for (auto& c : columns_) c->resize(total);
  times_.insert(times_.end(), other.times_.begin(), other.times_.end());
  raw_.append_all(std::move(other.raw_));
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

void StoreBuilder::end_event() {
  if (!in_event_) throw std::logic_error("end_event without begin_event");
  if (store_.raw_.size() == row_) store_.raw_.append({});  // every event has a _raw
  store_.times_.push_back(time_);
  ++row_;
  in_event_ = false;
}

void StoreBuilder::cancel_event() {
  for (FieldId f : touched_) store_.columns_[f]->resize(row_);
  touched_.clear();
  if (store_.raw_.size() > row_) {
    throw std::logic_error("cancel_event after set_raw: call set_raw last");
  }
  in_event_ = false;
}

Store StoreBuilder::finish() {
  if (in_event_) cancel_event();
  for (auto& c : store_.columns_) c->resize(row_);
  store_.raw_.seal();
  row_ = 0;
  return std::move(store_);
}

}  // namespace spelunk
