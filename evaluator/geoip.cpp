#include "evaluator/geoip.hpp"

#include <maxminddb.h>

#include <cstdarg>
#include <fmt/format.h>
#include <map>
#include <mutex>

namespace spelunk {

struct GeoDatabase::Impl {
  MMDB_s db{};
  bool open = false;
  ~Impl() {
    if (open) MMDB_close(&db);
  }
};

GeoDatabase::~GeoDatabase() = default;

std::shared_ptr<const GeoDatabase> GeoDatabase::open(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const GeoDatabase>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(path); it != cache.end()) return it->second;
  std::shared_ptr<GeoDatabase> db(new GeoDatabase());
  db->impl_ = std::make_unique<Impl>();
  const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db->impl_->db);
  if (status != MMDB_SUCCESS)
    throw GeoError{"cannot open the IP location database " + path + ": " + MMDB_strerror(status)};
  db->impl_->open = true;
  cache.emplace(path, db);
  return db;
}

namespace {

// The UTF-8 string or number at a path in the entry, or nothing.
std::optional<MMDB_entry_data_s> value_at(MMDB_entry_s& entry, const std::vector<const char*>& path) {
  std::vector<const char*> with_end = path;
  with_end.push_back(nullptr);
  MMDB_entry_data_s data{};
  if (MMDB_aget_value(&entry, &data, with_end.data()) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  return data;
}

std::string text_at(MMDB_entry_s& entry, const std::vector<const char*>& path) {
  auto data = value_at(entry, path);
  if (!data) return {};
  switch (data->type) {
    case MMDB_DATA_TYPE_UTF8_STRING: return std::string(data->utf8_string, data->data_size);
    case MMDB_DATA_TYPE_UINT16: return std::to_string(data->uint16);
    case MMDB_DATA_TYPE_UINT32: return std::to_string(data->uint32);
    default: return {};
  }
}

std::optional<double> number_at(MMDB_entry_s& entry, const std::vector<const char*>& path) {
  auto data = value_at(entry, path);
  if (!data) return std::nullopt;
  if (data->type == MMDB_DATA_TYPE_DOUBLE) return data->double_value;
  if (data->type == MMDB_DATA_TYPE_FLOAT) return static_cast<double>(data->float_value);
  return std::nullopt;
}

// A name in the first language the database has, or the ISO code for "code".
std::string name_at(MMDB_entry_s& entry, const char* object, const char* index, const std::vector<std::string>& languages) {
  for (const auto& lang : languages) {
    std::vector<const char*> path = {object};
    if (index) path.push_back(index);
    if (lang == "code") {
      path.push_back(std::string_view(object) == "continent" ? "code" : "iso_code");
    } else {
      path.push_back("names");
      path.push_back(lang.c_str());
    }
    std::string text = text_at(entry, path);
    if (!text.empty()) return text;
  }
  return {};
}

}  // namespace

std::optional<GeoRecord> GeoDatabase::lookup(const std::string& ip, const std::vector<std::string>& languages) const {
  int gai_error = 0, mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s result = MMDB_lookup_string(&impl_->db, ip.c_str(), &gai_error, &mmdb_error);
  if (gai_error != 0 || mmdb_error != MMDB_SUCCESS || !result.found_entry) return std::nullopt;
  GeoRecord r;
  r.city = name_at(result.entry, "city", nullptr, languages);
  r.country = name_at(result.entry, "country", nullptr, languages);
  r.region = name_at(result.entry, "subdivisions", "0", languages);
  r.continent = name_at(result.entry, "continent", nullptr, languages);
  r.timezone = text_at(result.entry, {"location", "time_zone"});
  r.metro_code = text_at(result.entry, {"location", "metro_code"});
  r.lat = number_at(result.entry, {"location", "latitude"});
  r.lon = number_at(result.entry, {"location", "longitude"});
  if (r.city.empty() && r.country.empty() && r.region.empty() && r.continent.empty() && !r.lat && !r.lon)
    return std::nullopt;  // an entry without location (a private range in some databases)
  return r;
}

}  // namespace spelunk
