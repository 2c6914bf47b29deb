// Where a ClickHouse table lives: `clickhouse://[user[:password]@]host[:port]/db.table`.
//
// The password comes from the URL or, when the URL has none, from SPELUNK_CLICKHOUSE_PASSWORD;
// display() never shows it. The port is ClickHouse's HTTP port (8123 when left out).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace spelunk::clickhouse {

struct Endpoint {
  std::string host;  // name, IPv4, or IPv6 without brackets
  int port = 8123;
  std::string user = "default";
  std::string password;

  // host:port as a URL authority (IPv6 in brackets).
  std::string authority() const;
};

struct Target {
  Endpoint endpoint;
  std::string database = "default";
  std::string table;

  // clickhouse://user@host:port/db.table, without the password.
  std::string display() const;
};

// Parses a clickhouse:// URL; nullopt and `error` set when it is not one. User and password may be
// percent-encoded. `env_password` (SPELUNK_CLICKHOUSE_PASSWORD) is used when the URL has none.
std::optional<Target> parse_target(std::string_view url, std::string& error,
                                   const char* env_password = nullptr);

// True when the text looks like a clickhouse:// URL (for argument parsing).
bool is_clickhouse_url(std::string_view text);

}  // namespace spelunk::clickhouse
