// ClickHouse's HTTP interface, through libcurl: POST a query (or an INSERT's data), get the body.
//
// Every failure is a ClickHouseError with one printable line: the server cannot be reached, does
// not answer in time, refuses the login, or answers with an exception (missing table, a shard
// that went away, ...). A 200 answer is complete: SELECTs are sent with wait_end_of_query=1, so
// ClickHouse buffers the whole result and reports a failure as an error status instead of
// cutting a streamed body short.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/clickhouse/clickhouse_target.hpp"

namespace spelunk::clickhouse {

struct ClickHouseError {
  enum class Kind { Connect, Timeout, Login, Server, Protocol, Cancelled };
  Kind kind = Kind::Server;
  std::string message;  // one line, control characters escaped, never the password
  int code = 0;         // ClickHouse's error code when the server sent one
};

struct ClientOptions {
  double timeout_s = 300;         // a whole request (query and answer)
  double connect_timeout_s = 10;
};

using Params = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  HttpClient(Endpoint endpoint, ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POSTs `body` to /?params; the answer's body on status 200, else throws ClickHouseError.
  // `cancel` (may be null) aborts the transfer when it becomes true.
  std::string post(const Params& params, std::string_view body, const std::atomic<bool>* cancel = nullptr) const;

  // A SELECT (the text without FORMAT): its rows as RowBinary.
  std::string select(std::string_view sql, const std::atomic<bool>* cancel = nullptr) const;
  // A statement without a result (CREATE, ALTER).
  void execute(std::string_view sql) const;
  // INSERT `sql_prefix` (`INSERT INTO t (cols)`) FORMAT RowBinary with `rows` as its data.
  void insert(std::string_view sql_prefix, std::string_view rows) const;

  const Endpoint& endpoint() const { return endpoint_; }
  const ClientOptions& options() const { return options_; }

 private:
  Endpoint endpoint_;
  ClientOptions options_;
  mutable std::mutex mutex_;  // one transfer at a time on the shared connection
  struct Curl;
  std::unique_ptr<Curl> curl_;
};

// A server's error body ("Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., ...",
// or current releases' "Code: 60. DB::Exception: ... (UNKNOWN_TABLE) (version ...)") as one line,
// and its code (0 when there is none).
std::string server_error_line(std::string_view body, int& code);

// Text made safe for one terminal line: control bytes and non-ASCII as \xHH, at most `limit` bytes.
std::string one_line(std::string_view text, std::size_t limit = 400);

}  // namespace spelunk::clickhouse
