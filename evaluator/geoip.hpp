// IP geolocation from a MaxMind DB file (GeoLite2-City, GeoIP2-City, DB-IP city lite, or any
// database with their layout), through libmaxminddb, for the iplocation command. The file is
// the user's: spelunk ships none (Debian has no GeoLite2-City package).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spelunk {

// What iplocation adds for one address: empty strings where the database has nothing.
struct GeoRecord {
  std::string city, country, region, continent, timezone, metro_code;
  std::optional<double> lat, lon;
};

class GeoDatabase {
 public:
  // Opens (memory-maps) a database once per path and process; throws GeoError naming the path.
  static std::shared_ptr<const GeoDatabase> open(const std::string& path);
  ~GeoDatabase();
  GeoDatabase(const GeoDatabase&) = delete;
  GeoDatabase& operator=(const GeoDatabase&) = delete;

  // The record of `ip` (IPv4 or IPv6 text); nullopt when the address is not valid or the database
  // has no location for it. Names are taken in the first of `languages` the database has ("code"
  // gives ISO codes for country, region and continent).
  std::optional<GeoRecord> lookup(const std::string& ip, const std::vector<std::string>& languages) const;

 private:
  GeoDatabase() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct GeoError {
  std::string message;
};

}  // namespace spelunk
