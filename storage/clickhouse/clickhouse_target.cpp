#include "storage/clickhouse/clickhouse_target.hpp"

#include <charconv>

namespace spelunk::clickhouse {

namespace {

constexpr std::string_view kScheme = "clickhouse://";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool plain_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

std::string Endpoint::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

std::string Target::display() const {
  return std::string(kScheme) + endpoint.user + "@" + endpoint.authority() + "/" + database + "." + table;
}

bool is_clickhouse_url(std::string_view text) { return text.substr(0, kScheme.size()) == kScheme; }

std::optional<Target> parse_target(std::string_view url, std::string& error, const char* env_password) {
  auto fail = [&](std::string why) -> std::optional<Target> {
    error = "not a ClickHouse table URL (" + why + "); expected clickhouse://[user@]host:port/db.table";
    return std::nullopt;
  };
  if (!is_clickhouse_url(url)) return fail("it must start with clickhouse://");
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return fail("no /db.table");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  Target t;
  bool url_password = false;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    std::string_view user = userinfo, password;
    if (const std::size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
      url_password = true;
    }
    auto u = percent_decode(user);
    auto p = percent_decode(password);
    if (!u || !p) return fail("bad percent-encoding in the user or password");
    if (u->empty()) return fail("empty user name");
    t.endpoint.user = *u;
    t.endpoint.password = *p;
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unclosed [ in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return fail("expected :port after ]");
      port = after.substr(1);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail("no host");
  for (char c : host)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '/' || c == '?' || c == '#') return fail("bad host name");
  t.endpoint.host = std::string(host);
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p <= 0 || p > 65535)
      return fail("bad port `" + std::string(port) + "`");
    t.endpoint.port = p;
  }
  const std::size_t dot = path.find('.');
  std::string_view db = dot == std::string_view::npos ? std::string_view("default") : path.substr(0, dot);
  std::string_view table = dot == std::string_view::npos ? path : path.substr(dot + 1);
  if (!plain_name(db) || !plain_name(table))
    return fail("database and table names are letters, digits and _");
  t.database = std::string(db);
  t.table = std::string(table);
  if (!url_password && env_password) t.endpoint.password = env_password;
  return t;
}

}  // namespace spelunk::clickhouse
