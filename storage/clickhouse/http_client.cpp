#include "storage/clickhouse/http_client.hpp"

#include <curl/curl.h>

#include <cmath>
#include <mutex>

#include <fmt/format.h>

namespace spelunk::clickhouse {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

// ClickHouse error codes that mean the login was refused (REQUIRED_PASSWORD, WRONG_PASSWORD,
// UNKNOWN_USER, IP_ADDRESS_NOT_ALLOWED, AUTHENTICATION_FAILED).
bool is_login_code(int code) { return code == 192 || code == 193 || code == 194 || code == 195 || code == 516; }

std::string url_encode(CURL* curl, std::string_view s) {
  char* e = curl_easy_escape(curl, s.data(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

}  // namespace

std::string one_line(std::string_view text, std::size_t limit) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    if (out.size() >= limit) {
      out += "...";
      break;
    }
  }
  return out;
}

std::string server_error_line(std::string_view body, int& code) {
  code = 0;
  std::string_view text = body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.substr(0, 6) == "Code: ") {
    std::size_t i = 6;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') code = code * 10 + (text[i++] - '0');
  }
  // 18.16: "Code: N, e.displayText() = DB::Exception: MESSAGE, e.what() = DB::Exception"
  // current: "Code: N. DB::Exception: MESSAGE. (NAME) (version X)"
  if (auto p = text.find("e.displayText() = "); p != std::string_view::npos) text = text.substr(p + 18);
  else if (auto q = text.find(". DB::"); q != std::string_view::npos) text = text.substr(q + 2);
  if (text.substr(0, 4) == "DB::") {  // DB::Exception: , DB::NetException: , ...
    if (auto p = text.find(": "); p != std::string_view::npos) text = text.substr(p + 2);
  }
  if (auto p = text.rfind(", e.what() = "); p != std::string_view::npos) text = text.substr(0, p);
  if (auto p = text.rfind(" (version "); p != std::string_view::npos) text = text.substr(0, p);
  if (auto p = text.find('\n'); p != std::string_view::npos) text = text.substr(0, p);
  return one_line(text);
}

struct HttpClient::Curl {
  CURL* handle = nullptr;
  ~Curl() {
    if (handle) curl_easy_cleanup(handle);
  }
};

HttpClient::HttpClient(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(options), curl_(std::make_unique<Curl>()) {
  global_init();
  curl_->handle = curl_easy_init();
}

HttpClient::~HttpClient() = default;

std::string HttpClient::post(const Params& params, std::string_view body, const std::atomic<bool>* cancel) const {
  std::lock_guard lock(mutex_);
  CURL* curl = curl_->handle;
  if (!curl) throw ClickHouseError{ClickHouseError::Kind::Connect, "cannot start an HTTP client (libcurl)"};
  curl_easy_reset(curl);
  std::string url = "http://" + endpoint_.authority() + "/";
  for (std::size_t i = 0; i < params.size(); ++i)
    url += (i ? "&" : "?") + url_encode(curl, params[i].first) + "=" + url_encode(curl, params[i].second);
  std::string answer;
  char curl_error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
  curl_easy_setopt(curl, CURLOPT_USERNAME, endpoint_.user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, endpoint_.password.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::ceil(options_.timeout_s * 1000)));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::ceil(options_.connect_timeout_s * 1000)));
  // No "Expect: 100-continue" round trip before large INSERT bodies.
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (cancel) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_cancel);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
  }
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  const std::string where = endpoint_.authority();
  if (rc != CURLE_OK) {
    using K = ClickHouseError::Kind;
    switch (rc) {
      case CURLE_ABORTED_BY_CALLBACK: throw ClickHouseError{K::Cancelled, "search cancelled"};
      case CURLE_OPERATION_TIMEDOUT:
        throw ClickHouseError{K::Timeout, fmt::format("ClickHouse at {} gave no complete answer within {} s (timeout)",
                                                      where, options_.timeout_s)};
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
        throw ClickHouseError{K::Connect, "cannot connect to ClickHouse at " + where + " (" +
                                              one_line(curl_error[0] ? curl_error : curl_easy_strerror(rc)) + ")"};
      default:
        throw ClickHouseError{K::Connect, "connection to ClickHouse at " + where + " failed (" +
                                              one_line(curl_error[0] ? curl_error : curl_easy_strerror(rc)) + ")"};
    }
  }
  if (status == 200) return answer;
  int code = 0;
  std::string line = server_error_line(answer, code);
  if (!endpoint_.password.empty())  // ClickHouse never echoes it; make sure nothing else does
    for (std::size_t p; (p = line.find(endpoint_.password)) != std::string::npos;) line.replace(p, endpoint_.password.size(), "***");
  if (status == 401 || status == 403 || is_login_code(code))
    throw ClickHouseError{ClickHouseError::Kind::Login,
                          "ClickHouse at " + where + " refused the login of user `" + one_line(endpoint_.user) + "`: " + line, code};
  if (line.empty()) line = "HTTP status " + std::to_string(status);
  // TIMEOUT_EXCEEDED (max_execution_time, which select() sets to the client's timeout) and
  // SOCKET_TIMEOUT (a shard that stopped answering): the same fault as the client's own timeout.
  if (code == 159 || code == 209)
    throw ClickHouseError{ClickHouseError::Kind::Timeout,
                          fmt::format("ClickHouse at {} gave no complete answer within {} s (timeout): {}", where,
                                      options_.timeout_s, line),
                          code};
  throw ClickHouseError{ClickHouseError::Kind::Server, "ClickHouse at " + where + ": " + line, code};
}

std::string HttpClient::select(std::string_view sql, const std::atomic<bool>* cancel) const {
  std::string body(sql);
  body += "\nFORMAT RowBinary";
  Params params = {
      {"wait_end_of_query", "1"},         // the whole answer or an error status, never a cut body
      {"skip_unavailable_shards", "0"},   // a missing shard is an error, not fewer rows
      {"max_execution_time", std::to_string(static_cast<long long>(std::ceil(options_.timeout_s)))},
  };
  if (body.size() > 200000) params.emplace_back("max_query_size", std::to_string(body.size() + 4096));
  return post(params, body, cancel);
}

void HttpClient::execute(std::string_view sql) const { post({}, sql); }

void HttpClient::insert(std::string_view sql_prefix, std::string_view rows) const {
  Params params = {
      {"query", std::string(sql_prefix) + " FORMAT RowBinary"},
      {"insert_distributed_sync", "1"},  // through a Distributed table: rows are on the shards when it returns
  };
  post(params, rows);
}

}  // namespace spelunk::clickhouse
