#include "storage/store_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace spelunk {

namespace {

constexpr char kMagic[8] = {'S', 'P', 'E', 'L', 'U', 'N', 'K', '\x1a'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kNameBytes = 16;
constexpr std::size_t kEntryBytes = 48;  // name, offset, length, checksum, reserved
constexpr std::size_t kAlign = 64;
constexpr std::size_t kMaxSections = 64;
constexpr std::size_t kRawBlockBytes = 32;  // first_row u32, rows u32, bytes at u64, length u64, ends at u64

enum Section : std::size_t {
  kTimes, kDictOffsets, kDictBytes, kCodes, kRawBlocks, kRawEnds, kRawBytes, kCatalogue, kSectionCount
};
constexpr std::array<std::string_view, kSectionCount> kSectionNames = {
    "times", "dict_offsets", "dict_bytes", "codes", "raw_blocks", "raw_ends", "raw_bytes", "catalogue"};

enum ColumnKind : std::uint8_t { kData = 0, kDerived = 1 };
constexpr std::size_t kColumnArrays = 5;  // dense codes, sparse rows, sparse codes, list codes, list offsets

struct SectionEntry {
  std::string name;
  std::uint64_t offset = 0, length = 0, checksum = 0;
};

std::uint64_t checksum(const void* data, std::size_t n) { return XXH3_64bits(data, n); }

// A section's checksum is the XXH3 of the XXH3s of its 4 MiB chunks (one chunk, maybe empty, at
// least), so that opening can verify the chunks of a large file on every core.
constexpr std::size_t kChecksumChunk = 4u << 20;
std::uint64_t combine(const std::vector<std::uint64_t>& chunk_sums) {
  return checksum(chunk_sums.data(), chunk_sums.size() * sizeof(std::uint64_t));
}
std::size_t chunk_count(std::uint64_t length) {
  return length == 0 ? 1 : static_cast<std::size_t>((length + kChecksumChunk - 1) / kChecksumChunk);
}

template <class T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put_string(std::string& out, std::string_view s) {
  put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

// ------------------------------------------------------------------ writing

// Sequential writer with a buffer: sections are streamed, each hashed on the way.
class FileWriter {
 public:
  explicit FileWriter(int fd) : fd_(fd) { buffer_.reserve(kBufferBytes); }

  void begin_section(Section s) {
    pad_to(kAlign);
    current_ = s;
    entries_[s].name = std::string(kSectionNames[s]);
    entries_[s].offset = position_;
    XXH3_64bits_reset(state_.get());
    chunk_used_ = 0;
    chunk_sums_.clear();
  }
  void end_section() {
    if (chunk_used_ > 0 || chunk_sums_.empty()) chunk_sums_.push_back(XXH3_64bits_digest(state_.get()));
    entries_[current_].length = position_ - entries_[current_].offset;
    entries_[current_].checksum = combine(chunk_sums_);
  }
  void write(const void* data, std::size_t n) {
    if (n == 0) return;
    hash(static_cast<const char*>(data), n);
    raw_write(data, n);
  }
  template <class T>
  void write_array(std::span<const T> a) { write(a.data(), a.size_bytes()); }
  void pad_to(std::size_t align) {
    static constexpr char kZeros[kAlign] = {};
    raw_write(kZeros, (align - position_ % align) % align);
  }
  void raw_write(const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    position_ += n;
    if (buffer_.size() + n > kBufferBytes) flush();
    if (n >= kBufferBytes) {
      write_fully(p, n);
    } else {
      buffer_.append(p, n);
    }
  }
  void flush() {
    write_fully(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  std::uint64_t position() const { return position_; }
  const std::array<SectionEntry, kSectionCount>& entries() const { return entries_; }
  int error() const { return error_; }

 private:
  static constexpr std::size_t kBufferBytes = 1 << 20;
  void hash(const char* p, std::size_t n) {
    while (n > 0) {
      const std::size_t take = std::min(n, kChecksumChunk - chunk_used_);
      XXH3_64bits_update(state_.get(), p, take);
      chunk_used_ += take;
      p += take;
      n -= take;
      if (chunk_used_ == kChecksumChunk) {
        chunk_sums_.push_back(XXH3_64bits_digest(state_.get()));
        XXH3_64bits_reset(state_.get());
        chunk_used_ = 0;
      }
    }
  }
  void write_fully(const char* p, std::size_t n) {
    while (n > 0 && error_ == 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) { error_ = w < 0 ? errno : EIO; return; }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  struct FreeState {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };
  int fd_;
  std::string buffer_;
  std::uint64_t position_ = 0;
  int error_ = 0;
  Section current_ = kTimes;
  std::array<SectionEntry, kSectionCount> entries_;
  std::unique_ptr<XXH3_state_t, FreeState> state_{XXH3_createState()};
  std::size_t chunk_used_ = 0;
  std::vector<std::uint64_t> chunk_sums_;
};

}  // namespace

struct CatalogueReader;

// The one place that reads and writes the private parts of Store, Column, Dictionary, RawStore.
struct StoreFileAccess {
  static void write_store(const Store& store, FileWriter& w);
  static std::string open(const std::string& path, const std::shared_ptr<const void>& mapping,
                          std::span<const char> file,
                          const std::array<SectionEntry, kSectionCount>& sections, Store& out);

 private:
  static std::array<std::span<const std::uint32_t>, kColumnArrays> arrays_of(const Column& c) {
    return {c.codes_.span(), c.sparse_rows_.span(), c.sparse_codes_.span(), c.list_codes_.span(),
            c.list_offsets_.span()};
  }
  static std::string open_column(std::string_view name, CatalogueReader& in,
                                 const std::array<std::span<const char>, kSectionCount>& data,
                                 std::size_t store_rows, Column& c);
  static std::string open_raw(const std::string& path, std::size_t rows, std::uint64_t raw_count,
                              std::uint64_t uncompressed,
                              const std::array<std::span<const char>, kSectionCount>& data,
                              RawStore& raw);
};

void StoreFileAccess::write_store(const Store& store, FileWriter& w) {
  std::string catalogue;
  put<std::uint64_t>(catalogue, store.rows());
  put<std::uint64_t>(catalogue, store.raw_.count_);
  put<std::uint64_t>(catalogue, store.raw_.uncompressed_);
  put<std::uint32_t>(catalogue, static_cast<std::uint32_t>(store.aliases_.size()));
  for (const Store::Alias& a : store.aliases_) {
    put_string(catalogue, a.name);
    put_string(catalogue, a.base);
    put<std::uint32_t>(catalogue, a.trim);
  }

  w.begin_section(kTimes);
  w.write_array(store.times());
  w.end_section();

  // Dictionary offsets (relative to the dictionary's first byte), then all the value bytes.
  std::vector<std::uint64_t> dict_offset_starts, dict_byte_starts;
  w.begin_section(kDictOffsets);
  std::uint64_t offsets_written = 0, bytes_total = 0;
  std::vector<std::uint64_t> offsets;
  for (const auto& col : store.columns_) {
    const Dictionary& d = col->dict();
    dict_offset_starts.push_back(offsets_written);
    dict_byte_starts.push_back(bytes_total);
    if (d.is_derived()) continue;
    offsets.assign(1, 0);
    for (Code c = 1; c <= d.size(); ++c) offsets.push_back(offsets.back() + d.value(c).size());
    w.write_array(std::span<const std::uint64_t>(offsets));
    offsets_written += offsets.size();
    bytes_total += offsets.back();
  }
  w.end_section();
  w.begin_section(kDictBytes);
  for (const auto& col : store.columns_) {
    const Dictionary& d = col->dict();
    if (d.is_derived()) continue;
    if (d.is_mapped()) {  // the bytes are contiguous already
      w.write(d.mapped_bytes_, d.mapped_offsets_[d.size()]);
      continue;
    }
    for (Code c = 1; c <= d.size(); ++c) {
      std::string_view v = d.value(c);
      w.write(v.data(), v.size());
    }
  }
  w.end_section();

  // Codes: the five u32 arrays of every stored column, back to back.
  w.begin_section(kCodes);
  std::uint64_t codes_written = 0;
  put<std::uint32_t>(catalogue, static_cast<std::uint32_t>(store.columns_.size()));
  for (std::size_t i = 0; i < store.columns_.size(); ++i) {
    const Column& c = *store.columns_[i];
    put_string(catalogue, c.name());
    if (c.dict().is_derived()) {  // an alias: derived again from its base when opened
      put<std::uint8_t>(catalogue, kDerived);
      continue;
    }
    put<std::uint8_t>(catalogue, kData);
    put<std::uint8_t>(catalogue, c.sparse_ ? 1 : 0);
    put<std::uint64_t>(catalogue, c.rows_);
    put<std::uint64_t>(catalogue, c.dict().size());
    put<std::uint64_t>(catalogue, dict_offset_starts[i]);
    put<std::uint64_t>(catalogue, dict_byte_starts[i]);
    for (std::span<const std::uint32_t> a : arrays_of(c)) {
      put<std::uint64_t>(catalogue, codes_written);
      put<std::uint64_t>(catalogue, a.size());
      w.write_array(a);
      codes_written += a.size();
    }
  }
  w.end_section();

  // A finished store has every _raw sealed in blocks (StoreBuilder::finish, Store::append).
  const std::vector<RawStore::Block>& blocks = store.raw_.blocks_;
  if (!store.raw_.pending_ends_.empty()) throw std::logic_error("save_store: _raw not sealed");
  w.begin_section(kRawBlocks);
  std::uint64_t bytes_at = 0, ends_at = 0;
  for (const RawStore::Block& b : blocks) {
    std::string rec;
    put<std::uint32_t>(rec, b.first_row);
    put<std::uint32_t>(rec, b.rows);
    put<std::uint64_t>(rec, bytes_at);
    put<std::uint64_t>(rec, b.compressed.size());
    put<std::uint64_t>(rec, ends_at);
    w.write(rec.data(), rec.size());
    bytes_at += b.compressed.size();
    ends_at += b.ends.size();
  }
  w.end_section();
  w.begin_section(kRawEnds);
  for (const RawStore::Block& b : blocks) w.write_array(b.ends.span());
  w.end_section();
  w.begin_section(kRawBytes);
  for (const RawStore::Block& b : blocks) w.write_array(b.compressed.span());
  w.end_section();

  w.begin_section(kCatalogue);
  w.write(catalogue.data(), catalogue.size());
  w.end_section();
}

bool is_saved_store(std::string_view head) {
  return head.size() >= sizeof kMagic && std::memcmp(head.data(), kMagic, sizeof kMagic) == 0;
}

namespace {

std::string header_and_table(const std::array<SectionEntry, kSectionCount>& entries,
                             std::uint64_t file_size) {
  std::string table;
  for (const SectionEntry& e : entries) {
    char name[kNameBytes] = {};
    std::memcpy(name, e.name.data(), std::min(e.name.size(), kNameBytes));
    table.append(name, kNameBytes);
    put<std::uint64_t>(table, e.offset);
    put<std::uint64_t>(table, e.length);
    put<std::uint64_t>(table, e.checksum);
    put<std::uint64_t>(table, 0);
  }
  std::string header(kMagic, sizeof kMagic);
  put<std::uint32_t>(header, kStoreFileVersion);
  put<std::uint32_t>(header, kByteOrderMark);
  put<std::uint64_t>(header, file_size);
  put<std::uint32_t>(header, static_cast<std::uint32_t>(entries.size()));
  put<std::uint32_t>(header, 0);
  put<std::uint64_t>(header, checksum(table.data(), table.size()));
  header.resize(kHeaderBytes, '\0');
  return header + table;
}

std::string errno_text(int e) {
  std::string s = std::strerror(e);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::optional<std::string> save_store(const Store& store, const std::string& path) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("{}: cannot write ({})", path, errno_text(errno));
  FileWriter w(fd);
  const std::size_t prefix = kHeaderBytes + kSectionCount * kEntryBytes;
  w.raw_write(std::string(prefix, '\0').data(), prefix);  // filled in at the end
  StoreFileAccess::write_store(store, w);
  w.flush();
  int error = w.error();
  if (error == 0) {
    std::string head = header_and_table(w.entries(), w.position());
    if (::pwrite(fd, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size())) error = errno ? errno : EIO;
  }
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(tmp.c_str());
    return fmt::format("{}: cannot write ({})", path, errno_text(error));
  }
  return std::nullopt;
}

// ------------------------------------------------------------------ opening

namespace {

struct Mapping {
  void* address = nullptr;
  std::size_t size = 0;
  Mapping(void* a, std::size_t n) : address(a), size(n) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { ::munmap(address, size); }
};

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  int get() const { return fd_; }
 private:
  int fd_;
};

// Checks every section's checksum, its chunks spread over the cores (the bytes are in the page
// cache when the file was written or read lately: this is bound by memory bandwidth).
std::string verify_checksums(std::span<const char> file,
                             const std::array<SectionEntry, kSectionCount>& sections) {
  struct Chunk {
    const char* data;
    std::size_t length;
  };
  std::vector<Chunk> chunks;
  std::array<std::size_t, kSectionCount + 1> first_chunk{};
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    first_chunk[s] = chunks.size();
    const char* base = file.data() + sections[s].offset;
    const std::uint64_t length = sections[s].length;
    for (std::size_t i = 0; i < chunk_count(length); ++i) {
      const std::uint64_t at = std::uint64_t{i} * kChecksumChunk;
      chunks.push_back({base + at, static_cast<std::size_t>(std::min<std::uint64_t>(kChecksumChunk, length - at))});
    }
  }
  first_chunk[kSectionCount] = chunks.size();
  std::vector<std::uint64_t> sums(chunks.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < chunks.size();) sums[i] = checksum(chunks[i].data, chunks[i].length);
  };
  const std::size_t threads = std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 4,
                                                     chunks.size() / 4 + 1});
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    std::vector<std::uint64_t> section_sums(sums.begin() + static_cast<std::ptrdiff_t>(first_chunk[s]),
                                            sums.begin() + static_cast<std::ptrdiff_t>(first_chunk[s + 1]));
    if (combine(section_sums) != sections[s].checksum) {
      return fmt::format("checksum mismatch in section {}", sections[s].name);
    }
  }
  return {};
}

// Reads the section table; the file's bytes are `file`. Returns an error message or "".
std::string read_section_table(std::span<const char> file,
                               std::array<SectionEntry, kSectionCount>& out) {
  const std::uint64_t size = file.size();
  const char* h = file.data();
  if (load<std::uint32_t>(h + 12) != kByteOrderMark) return "store written with the other byte order";
  if (std::uint32_t v = load<std::uint32_t>(h + 8); v != kStoreFileVersion) {
    return fmt::format("store format version {}, this spelunk reads version {}", v, kStoreFileVersion);
  }
  const std::uint32_t count = load<std::uint32_t>(h + 24);
  if (count > kMaxSections) return fmt::format("corrupt section table ({} sections)", count);
  const std::uint64_t table_end = kHeaderBytes + std::uint64_t{count} * kEntryBytes;
  if (table_end > size) {
    return fmt::format("truncated (section table ends at byte {}, file has {})", table_end, size);
  }
  const char* table = h + kHeaderBytes;
  if (checksum(table, table_end - kHeaderBytes) != load<std::uint64_t>(h + 32)) {
    return "checksum mismatch in section table";
  }
  std::vector<SectionEntry> entries(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const char* e = table + i * kEntryBytes;
    entries[i].name.assign(e, strnlen(e, kNameBytes));
    entries[i].offset = load<std::uint64_t>(e + 16);
    entries[i].length = load<std::uint64_t>(e + 24);
    entries[i].checksum = load<std::uint64_t>(e + 32);
    const SectionEntry& s = entries[i];
    if (s.offset > UINT64_MAX - s.length || s.offset + s.length > size) {
      return fmt::format("truncated (section {} ends at byte {}, file has {})", s.name,
                         s.offset > UINT64_MAX - s.length ? UINT64_MAX : s.offset + s.length, size);
    }
    if (s.offset % kAlign != 0 || s.offset < table_end) {
      return fmt::format("corrupt section table (section {} at byte {})", s.name, s.offset);
    }
  }
  if (std::uint64_t declared = load<std::uint64_t>(h + 16); declared != size) {
    if (declared > size) return fmt::format("truncated (file should have {} bytes, has {})", declared, size);
    return fmt::format("{} bytes after the end of the store", size - declared);
  }
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const SectionEntry& e) { return e.name == kSectionNames[s]; });
    if (it == entries.end()) return fmt::format("corrupt store (no section {})", kSectionNames[s]);
    out[s] = *it;
  }
  return verify_checksums(file, out);
}

}  // namespace

// Reads the catalogue's little records, refusing to read past its end.
struct CatalogueReader {
  std::span<const char> bytes;
  std::size_t at = 0;
  bool failed = false;

  template <class T>
  T get() {
    if (failed || bytes.size() - at < sizeof(T)) {
      failed = true;
      return T{};
    }
    T v = load<T>(bytes.data() + at);
    at += sizeof(T);
    return v;
  }
  std::string_view string() {
    const std::uint32_t n = get<std::uint32_t>();
    if (failed || bytes.size() - at < n) {
      failed = true;
      return {};
    }
    std::string_view s(bytes.data() + at, n);
    at += n;
    return s;
  }
};

namespace {

// An array of `count` T starting at element `start` of a section, or nothing when out of bounds.
template <class T>
std::optional<std::span<const T>> array_in(std::span<const char> section, std::uint64_t start,
                                           std::uint64_t count) {
  const std::uint64_t elements = section.size() / sizeof(T);
  if (start > elements || count > elements - start) return std::nullopt;
  return std::span<const T>(reinterpret_cast<const T*>(section.data()) + start, count);
}

bool ascending(std::span<const std::uint32_t> a) {
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i] <= a[i - 1]) return false;
  }
  return true;
}

template <class T>
bool non_decreasing(std::span<const T> a) {
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i] < a[i - 1]) return false;
  }
  return true;
}

// Every code is absent, a value code in 1..dict_size, or a list index below `lists`.
bool codes_in_range(std::span<const Code> codes, std::uint64_t dict_size, std::uint64_t lists) {
  bool ok = true;
  for (Code c : codes) {
    const Code index = c & ~kMultiBit;
    ok &= (c & kMultiBit) ? index < lists : c <= dict_size;
  }
  return ok;
}

}  // namespace

std::string StoreFileAccess::open_column(std::string_view name, CatalogueReader& in,
                                         const std::array<std::span<const char>, kSectionCount>& data,
                                         std::size_t store_rows, Column& c) {
  const bool sparse = in.get<std::uint8_t>() != 0;
  const auto rows = in.get<std::uint64_t>();
  const auto dict_size = in.get<std::uint64_t>();
  const auto offsets_start = in.get<std::uint64_t>();
  const auto bytes_start = in.get<std::uint64_t>();
  std::array<std::span<const std::uint32_t>, kColumnArrays> arrays;
  for (auto& a : arrays) {
    const auto start = in.get<std::uint64_t>();
    const auto count = in.get<std::uint64_t>();
    auto span = array_in<std::uint32_t>(data[kCodes], start, count);
    if (!span) return fmt::format("field {}: codes out of bounds", name);
    a = *span;
  }
  if (in.failed) return "catalogue ends early";
  auto bad = [&](std::string_view what) { return fmt::format("field {}: {}", name, what); };
  if (rows != store_rows) return bad("row count differs from the store's");
  if (dict_size >= kMultiBit) return bad("dictionary too large");
  auto offsets = array_in<std::uint64_t>(data[kDictOffsets], offsets_start, dict_size + 1);
  if (!offsets) return bad("dictionary offsets out of bounds");
  if (bytes_start > data[kDictBytes].size() || (*offsets)[0] != 0 || !non_decreasing(*offsets) ||
      offsets->back() > data[kDictBytes].size() - bytes_start) {
    return bad("dictionary offsets out of order or out of bounds");
  }
  auto [dense, sparse_rows, sparse_codes, list_codes, list_offsets] = arrays;
  if (sparse ? !dense.empty() || sparse_rows.size() != sparse_codes.size() : dense.size() != rows) {
    return bad("code arrays do not match the row count");
  }
  if (!ascending(sparse_rows) || (!sparse_rows.empty() && sparse_rows.back() >= rows)) {
    return bad("sparse rows out of order");
  }
  if (!list_offsets.empty() && (list_offsets.size() < 2 || list_offsets[0] != 0 ||
                                !non_decreasing(list_offsets) || list_offsets.back() != list_codes.size())) {
    return bad("multi-value lists out of bounds");
  }
  const std::uint64_t lists = list_offsets.empty() ? 0 : list_offsets.size() - 1;
  if (!codes_in_range(dense, dict_size, lists) || !codes_in_range(sparse_codes, dict_size, lists)) {
    return bad("code out of range");
  }
  for (Code v : list_codes) {
    if (v == kAbsent || v > dict_size) return bad("multi-value code out of range");
  }
  c.rows_ = rows;
  c.sparse_ = sparse;
  c.codes_ = OwnedOrMapped<Code>::view(dense);
  c.sparse_rows_ = OwnedOrMapped<std::uint32_t>::view(sparse_rows);
  c.sparse_codes_ = OwnedOrMapped<Code>::view(sparse_codes);
  c.list_codes_ = OwnedOrMapped<Code>::view(list_codes);
  c.list_offsets_ = OwnedOrMapped<std::uint32_t>::view(list_offsets);
  c.dict_.mapped_bytes_ = data[kDictBytes].data() + bytes_start;
  c.dict_.mapped_offsets_ = offsets->data();
  c.dict_.mapped_count_ = dict_size;
  return {};
}

std::string StoreFileAccess::open_raw(const std::string& path, std::size_t rows,
                                      std::uint64_t raw_count, std::uint64_t uncompressed,
                                      const std::array<std::span<const char>, kSectionCount>& data,
                                      RawStore& raw) {
  std::span<const char> table = data[kRawBlocks];
  const auto file = std::make_shared<const std::string>(path);
  if (raw_count != rows) return "_raw count differs from the store's rows";
  if (table.size() % kRawBlockBytes != 0) return "_raw block table has a partial entry";
  std::uint64_t next_row = 0;
  for (std::size_t at = 0; at < table.size(); at += kRawBlockBytes) {
    const char* r = table.data() + at;
    RawStore::Block b;
    b.first_row = load<std::uint32_t>(r);
    b.rows = load<std::uint32_t>(r + 4);
    auto bytes = array_in<char>(data[kRawBytes], load<std::uint64_t>(r + 8), load<std::uint64_t>(r + 16));
    auto ends = array_in<std::uint32_t>(data[kRawEnds], load<std::uint64_t>(r + 24), b.rows);
    const std::string where = fmt::format("_raw block {}", at / kRawBlockBytes);
    if (b.first_row != next_row || b.rows == 0) return where + ": rows out of order";
    if (!bytes || !ends) return where + ": out of bounds";
    if (!non_decreasing(*ends)) return where + ": event ends out of order";
    if (ZSTD_getFrameContentSize(bytes->data(), bytes->size()) != ends->back()) {
      return where + ": size differs from its events'";
    }
    b.compressed = OwnedOrMapped<char>::view(*bytes);
    b.ends = OwnedOrMapped<std::uint32_t>::view(*ends);
    b.file = file;
    b.index = static_cast<std::uint32_t>(at / kRawBlockBytes);
    next_row += b.rows;
    raw.blocks_.push_back(std::move(b));
  }
  if (next_row != raw_count) return "_raw blocks do not cover every event";
  raw.count_ = raw_count;
  raw.uncompressed_ = uncompressed;
  return {};
}

std::string StoreFileAccess::open(const std::string& path,
                                  const std::shared_ptr<const void>& mapping,
                                  std::span<const char> file,
                                  const std::array<SectionEntry, kSectionCount>& sections, Store& out) {
  std::array<std::span<const char>, kSectionCount> data;
  for (std::size_t s = 0; s < kSectionCount; ++s) {
    data[s] = file.subspan(sections[s].offset, sections[s].length);
  }
  out.backing_.push_back(mapping);
  CatalogueReader in{data[kCatalogue]};
  const auto rows = in.get<std::uint64_t>();
  const auto raw_count = in.get<std::uint64_t>();
  const auto uncompressed = in.get<std::uint64_t>();
  const auto alias_count = in.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < alias_count && !in.failed; ++i) {
    Store::Alias a;
    a.name = in.string();
    a.base = in.string();
    a.trim = in.get<std::uint32_t>();
    out.aliases_.push_back(std::move(a));
  }
  auto times = array_in<std::int64_t>(data[kTimes], 0, rows);
  if (in.failed) return "corrupt store (catalogue ends early)";
  if (!times || times->size_bytes() != data[kTimes].size()) return "corrupt store (_time does not match the row count)";
  out.times_ = OwnedOrMapped<std::int64_t>::view(*times);

  const auto column_count = in.get<std::uint32_t>();
  std::vector<std::string_view> derived;
  for (std::uint32_t i = 0; i < column_count; ++i) {
    std::string_view name = in.string();
    const auto kind = in.get<std::uint8_t>();
    if (in.failed) return "corrupt store (catalogue ends early)";
    if (out.column(name)) return fmt::format("corrupt store (field {} twice)", name);
    Column& c = out.column_for_write(name);
    if (kind == kDerived) {
      derived.push_back(name);
    } else if (kind != kData) {
      return fmt::format("corrupt store (field {}: unknown kind {})", name, kind);
    } else if (std::string e = open_column(name, in, data, rows, c); !e.empty()) {
      return "corrupt store (" + e + ")";
    }
  }
  // An alias is derived from a stored field, never from another alias (no chains, no cycles).
  for (std::string_view name : derived) {
    if (!out.is_alias(name)) return fmt::format("corrupt store (field {} has no data)", name);
  }
  for (const Store::Alias& a : out.aliases_) {
    if (out.is_alias(a.base)) return fmt::format("corrupt store (alias {} of alias {})", a.name, a.base);
  }
  out.derive_aliases();
  if (std::string e = open_raw(path, rows, raw_count, uncompressed, data, out.raw_); !e.empty()) {
    return "corrupt store (" + e + ")";
  }
  return {};
}

OpenedStore open_store(const std::string& path) {
  OpenedStore result;
  auto fail = [&](std::string_view what) {
    result.store.reset();
    result.error = fmt::format("{}: {}", path, what);
    return result;
  };
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fail(fmt::format("cannot open ({})", errno_text(errno)));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(fmt::format("cannot open ({})", errno_text(errno)));
  if (S_ISDIR(st.st_mode)) return fail("is a directory, not a spelunk store");
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  char magic[sizeof kMagic] = {};
  if (size < sizeof kMagic || ::pread(fd.get(), magic, sizeof magic, 0) != sizeof magic ||
      !is_saved_store(std::string_view(magic, sizeof magic))) {
    return fail("not a spelunk store (bad magic)");
  }
  if (size < kHeaderBytes) {
    return fail(fmt::format("truncated (header ends at byte {}, file has {})", kHeaderBytes, size));
  }
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (address == MAP_FAILED) return fail(fmt::format("cannot map ({})", errno_text(errno)));
  auto mapping = std::make_shared<const Mapping>(address, size);
  std::span<const char> file(static_cast<const char*>(address), size);

  std::array<SectionEntry, kSectionCount> sections;
  if (std::string e = read_section_table(file, sections); !e.empty()) return fail(e);
  result.store = std::make_shared<Store>();
  if (std::string e = StoreFileAccess::open(path, mapping, file, sections, *result.store); !e.empty()) {
    return fail(e);
  }
  return result;
}

}  // namespace spelunk
