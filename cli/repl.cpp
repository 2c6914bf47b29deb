#include "cli/repl.hpp"

#include <histedit.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/explain.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"
#include "storage/store_file.hpp"
#include "storage/storage_error.hpp"

namespace spelunk::cli {

namespace {

// Set by SIGINT while a search runs; read by the pipeline runner through ExecContext::cancel.
std::atomic<bool> g_cancel{false};
std::atomic<bool> g_searching{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) {
  if (g_searching.load() && g_cancel.load()) {
    // A second Ctrl-C while the search has not reached a check yet: the user wants out.
    const char msg[] = "\nspelunk: interrupted\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(130);
  }
  g_cancel.store(true);
}

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns so the loop can look at the flag
  sigaction(SIGINT, &sa, nullptr);
}

std::size_t terminal_rows() {
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  return 24;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

class Repl {
 public:
  Repl(const Args& args, std::ostream& out, std::ostream& err)
      : args_(args), out_(out), err_(err), interactive_(isatty(STDIN_FILENO) != 0),
        stdout_tty_(isatty(STDOUT_FILENO) != 0), output_(args.output) {}
  ~Repl() { close_editor(); }

  bool start() {
    if (!set_display_time_zone(args_.tz)) {
      err_ << "spelunk: unknown time zone `" << args_.tz << "`\n";
      return false;
    }
    session_.set_tz(args_.tz);
    if (args_.now) {
      auto t = parse_now(*args_.now);
      if (!t) {
        err_ << "spelunk: cannot read --now `" << *args_.now << "`\n";
        return false;
      }
      session_.set_now(*t);
    }
    if (auto problem = check_time_range(args_, args_.now ? session_.now_us() : wall_clock_now_us())) {
      err_ << "spelunk: " << *problem << "\n";
      return false;
    }
    session_.set_time_range(args_.earliest, args_.latest);
    session_.set_iplocation_db(args_.iplocation_db);
    IngestOptions ingest;
    ingest.max_gunzip_bytes = args_.max_gunzip_bytes;
    ingest.max_event_bytes = args_.max_event_bytes;
    session_.set_ingest_options(ingest);
    for (const auto& p : session_.load_props(args_.props_files)) err_ << "spelunk: " << p << "\n";
    if (!args_.macro_dirs.empty() || !args_.lookup_dirs.empty())
      for (const auto& p : session_.load_content({args_.macro_dirs, args_.lookup_dirs})) err_ << "spelunk: " << p << "\n";
    for (const auto& dir : args_.conf_dirs)
      for (const auto& p : session_.load_conf_dir(dir)) err_ << "spelunk: " << p << "\n";
    if (args_.data_paths.empty()) {
      if (interactive_) err_ << "No events loaded (.load PATH loads some); | makeresults and | inputlookup run as they are.\n";
      return true;
    }
    return load(args_.data_paths);
  }

  int loop() {
    install_interrupt_handler();
    if (interactive_) open_editor();
    if (interactive_) err_ << "Type a search, or .help. Ctrl-D leaves.\n";
    std::string line;
    while (read_line(line)) {
      if (pending_.empty() && trim(line).empty()) continue;
      if (pending_.empty() && trim(line)[0] == '.') {
        std::string command = trim(line);
        remember(command);
        if (!dot_command(command)) break;
        continue;
      }
      pending_ += pending_.empty() ? line : "\n" + line;
      if (!input_is_complete(pending_)) continue;
      std::string query = std::move(pending_);
      pending_.clear();
      remember(query);
      run_search(query);
    }
    if (interactive_) err_ << "\n";
    return 0;
  }

  // For the Tab key: the pending lines plus the current one, up to the cursor.
  Completion complete(std::string_view current) const {
    std::string text = pending_.empty() ? std::string(current) : pending_ + "\n" + std::string(current);
    return complete_input(text, session_);
  }
  void note_interrupt() { interrupted_ = true; }

 private:
  // ------------------------------------------------------------------ input
  void open_editor() {
    el_ = el_init("spelunk", stdin, stdout, stderr);
    if (!el_) return;
    history_ = history_init();
    HistEvent ev;
    history(history_, &ev, H_SETSIZE, 1000);
    history(history_, &ev, H_SETUNIQUE, 1);
    history_path_ = history_file_path();
    if (!history_path_.empty()) history(history_, &ev, H_LOAD, history_path_.c_str());
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_HIST, history, history_);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_PROMPT, &Repl::prompt);
    // Ctrl-C while typing arrives as a key (not a signal) and discards the pending input.
    el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
    el_set(el_, EL_ADDFN, "spelunk-interrupt", "discard the input", &Repl::on_ctrl_c);
    el_set(el_, EL_BIND, "^C", "spelunk-interrupt", nullptr);
    el_set(el_, EL_ADDFN, "spelunk-complete", "complete a command, field or macro name", &Repl::on_tab);
    el_set(el_, EL_BIND, "^I", "spelunk-complete", nullptr);
  }

  void close_editor() {
    if (history_) history_end(history_);
    if (el_) el_end(el_);
    history_ = nullptr;
    el_ = nullptr;
  }

  static const char* prompt(EditLine* el) {
    Repl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return self && !self->pending_.empty() ? "     ...> " : "spelunk> ";
  }

  static unsigned char on_ctrl_c(EditLine* el, int) {
    Repl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    if (self) self->note_interrupt();
    std::fputs("^C", stdout);
    return CC_NEWLINE;
  }

  static unsigned char on_tab(EditLine* el, int) {
    Repl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    const LineInfo* li = el_line(el);
    if (!self || !li) return CC_ERROR;
    Completion c = self->complete(std::string_view(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer)));
    if (c.candidates.empty()) return CC_ERROR;
    // Insert the longest common prefix of the candidates.
    std::string common = c.candidates[0];
    for (const auto& cand : c.candidates) {
      std::size_t n = 0;
      while (n < common.size() && n < cand.size() && common[n] == cand[n]) ++n;
      common.resize(n);
    }
    if (common.size() > c.word.size()) {
      std::string rest = common.substr(c.word.size());
      if (c.candidates.size() == 1) rest += ' ';
      el_insertstr(el, rest.c_str());
      return CC_REFRESH;
    }
    if (c.candidates.size() == 1) {
      el_insertstr(el, " ");
      return CC_REFRESH;
    }
    std::string list = "\n";
    for (std::size_t i = 0; i < c.candidates.size() && i < 200; ++i) list += escape_for_terminal(c.candidates[i]) + "  ";
    if (c.candidates.size() > 200) list += "...";
    list += "\n";
    std::fputs(list.c_str(), stdout);
    return CC_REDISPLAY;
  }

  bool read_line(std::string& line) {
    if (!interactive_ || !el_) {
      if (!interactive_) return static_cast<bool>(std::getline(std::cin, line));
      std::cout << (pending_.empty() ? "spelunk> " : "     ...> ") << std::flush;
      return static_cast<bool>(std::getline(std::cin, line));
    }
    for (;;) {
      int count = 0;
      interrupted_ = false;
      const char* text = el_gets(el_, &count);
      if (interrupted_) {  // Ctrl-C: forget what was being typed
        pending_.clear();
        std::fputs("\n", stdout);
        std::fflush(stdout);
        continue;
      }
      if (!text) {
        if (count == -1 && errno == EINTR) continue;
        return false;  // Ctrl-D on an empty line, or the terminal went away
      }
      line.assign(text, static_cast<std::size_t>(count));
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      return true;
    }
  }

  void remember(const std::string& entry) {
    if (!history_) return;
    std::string flat = entry;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    HistEvent ev;
    history(history_, &ev, H_ENTER, flat.c_str());
    if (!history_path_.empty()) history(history_, &ev, H_SAVE, history_path_.c_str());
  }

  // ------------------------------------------------------------------ searches
  bool load(const std::vector<std::string>& paths) {
    bool tty = isatty(STDERR_FILENO) != 0;
    if (tty) err_ << "loading " << paths.size() << (paths.size() == 1 ? " path" : " paths") << "..." << std::flush;
    auto started = std::chrono::steady_clock::now();
    std::vector<std::string> messages;
    IngestReport report;
    bool ok = session_.load(paths, messages, &report);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (tty) err_ << "\r\x1b[K";
    for (const auto& m : messages) err_ << "spelunk: " << escape_for_terminal(m) << "\n";
    if (!ok) return false;
    data_paths_ = paths;
    if (tty) {
      char line[160];
      std::snprintf(line, sizeof line, "loaded %zu events from %zu file(s), %.1f MB, in %.0f ms", report.events,
                    report.files, static_cast<double>(report.bytes) / 1e6, ms);
      err_ << line << ignored_note(report) << "\n";
    }
    return true;
  }

  void run_search(const std::string& query) {
    g_cancel.store(false);
    g_searching.store(true);
    SearchOutcome outcome = session_.run(query, &g_cancel);
    g_searching.store(false);
    bool cancelled = g_cancel.exchange(false) || outcome.cancelled;
    for (const auto& w : outcome.warnings) err_ << "spelunk: warning: " << escape_for_terminal(w) << "\n";
    if (cancelled) {
      err_ << "spelunk: search cancelled\n";
      return;
    }
    if (!outcome.ok) {
      err_ << "spelunk: " << outcome.error << "\n";
      return;
    }
    try {
      show(outcome.result);  // reads _raw: a saved store's corrupt block is found here
    } catch (const StorageError& e) {
      err_ << "spelunk: " << escape_for_terminal(e.what()) << "\n";
      return;
    }
    if (timer_) {
      char line[96];
      std::snprintf(line, sizeof line, "%zu rows in %.1f ms\n", outcome.result.size(), outcome.milliseconds);
      err_ << line;
    }
    err_.flush();
  }

  void show(const Result& result) {
    std::ostringstream text;
    std::string why_not;
    if (output_ == "csv") write_csv(result, text);
    else if (output_ == "json") write_json(result, text);
    else if (output_ != "chart" || !write_chart(result, text, interactive_ && stdout_handles_unicode(), terminal_width(), why_not))
      write_table(result, text);
    if (!why_not.empty()) err_ << "spelunk: chart: " << why_not << "; shown as a table\n";
    std::string s = text.str();
    std::size_t lines = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
    if (interactive_ && stdout_tty_ && lines + 2 > terminal_rows() && page(s)) return;
    out_ << s;
    out_.flush();
  }

  // Sends text through $PAGER (or `less -S`); false when no pager could start.
  bool page(const std::string& text) {
    const char* env = std::getenv("PAGER");
    std::string pager = env && *env ? env : "less -S";
    out_.flush();
    struct sigaction ignore {}, old_pipe {}, old_int {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_pipe);  // quitting the pager early is not an error
    sigaction(SIGINT, &ignore, &old_int);    // Ctrl-C belongs to the pager while it runs
    FILE* pipe = popen(pager.c_str(), "w");
    bool ok = pipe != nullptr;
    if (pipe) {
      std::fwrite(text.data(), 1, text.size(), pipe);
      ok = pclose(pipe) != -1;
    }
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGPIPE, &old_pipe, nullptr);
    return ok;
  }

  // ------------------------------------------------------------------ dot-commands
  // False when the session should end.
  bool dot_command(const std::string& line) {
    std::istringstream words(line);
    std::string name, arg;
    words >> name;
    std::getline(words, arg);
    arg = trim(arg);
    if (name == ".quit" || name == ".exit" || name == ".q") return false;
    if (name == ".help") {
      out_ << repl_help();
    } else if (name == ".fields") {
      show_fields();
    } else if (name == ".load") {
      if (arg.empty()) err_ << "spelunk: .load PATH\n";
      else if (!load({arg})) err_ << "spelunk: keeping the data loaded before\n";
    } else if (name == ".save") {
      save(arg);
    } else if (name == ".explain") {
      explain(arg);
    } else if (name == ".output") {
      if (arg == "table" || arg == "csv" || arg == "json" || arg == "chart") output_ = arg;
      else err_ << "spelunk: .output table|csv|json|chart (now " << output_ << ")\n";
    } else if (name == ".timer") {
      if (arg == "on" || arg == "off") timer_ = arg == "on";
      else err_ << "spelunk: .timer on|off (now " << (timer_ ? "on" : "off") << ")\n";
    } else if (name == ".conf") {
      if (arg.empty()) {
        err_ << "spelunk: .conf DIR (a Splunk app folder: props/transforms/macros.conf, lookups/)\n";
      } else {
        auto problems = session_.load_conf_dir(arg);
        for (const auto& p : problems) err_ << "spelunk: " << escape_for_terminal(p) << "\n";
        if (problems.empty()) err_ << "loaded " << escape_for_terminal(arg) << "\n";
      }
    } else {
      err_ << "spelunk: unknown command " << escape_for_terminal(name) << " (.help lists them)\n";
    }
    out_.flush();
    return true;
  }

  // `.explain [--event ID] QUERY`: how the search is read, and why it matches or not.
  void explain(std::string arg) {
    std::optional<std::string> event;
    if (arg.rfind("--event", 0) == 0) {
      std::istringstream words(arg.substr(7));
      std::string id;
      words >> id;
      std::getline(words, arg);
      arg = trim(arg);
      if (id.empty()) arg.clear();
      event = id;
    }
    if (arg.empty()) {
      err_ << "spelunk: .explain [--event ID] QUERY\n";
      return;
    }
    g_cancel.store(false);
    g_searching.store(true);
    ExplainOutcome outcome = session_.explain(arg, event, &g_cancel);
    g_searching.store(false);
    g_cancel.store(false);
    for (const auto& w : outcome.warnings) err_ << "spelunk: warning: " << escape_for_terminal(w) << "\n";
    if (!outcome.ok) {
      err_ << "spelunk: " << outcome.error << "\n";
      return;
    }
    std::ostringstream text;
    write_explanation(outcome, session_.store().get(), text, interactive_ && stdout_handles_unicode());
    out_ << text.str();
  }

  // Writes the loaded events to one file that `-d FILE` reopens without reading the logs again.
  void save(const std::string& path) {
    if (path.empty()) {
      err_ << "spelunk: .save FILE\n";
      return;
    }
    const auto& store = session_.store();
    if (!store) return;
    if (auto problem = save_store(*store, path)) {
      err_ << "spelunk: " << escape_for_terminal(*problem) << "\n";
      return;
    }
    err_ << "saved " << store->rows() << " events to " << escape_for_terminal(path) << "\n";
  }

  // Like Splunk's field sidebar: each field, the events that have it and its distinct values.
  void show_fields() {
    const auto& store = session_.store();
    if (!store) return;
    struct Row {
      std::string name;
      std::size_t events = 0, distinct = 0;
    };
    std::vector<Row> rows;
    auto count_column = [&](const std::string& name, const Column* column) {
      if (!column) return;
      Row r{name, 0, column->dict().size()};
      for (Code c : column->codes()) r.events += c != kAbsent;
      if (r.events) rows.push_back(std::move(r));
    };
    for (auto n : store->field_names()) count_column(std::string(n), store->column(n));
    for (const auto& n : session_.knowledge().calculated_field_names()) {
      if (store->column(n)) continue;
      try {
        count_column(n, session_.knowledge().column(store, n));
      } catch (...) {  // a calculated field that cannot be computed is left out
      }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.events > b.events; });
    Result table = Result::table({"field", "events", "distinct", "percent"});
    for (const auto& r : rows) {
      double percent = store->rows() ? 100.0 * static_cast<double>(r.events) / static_cast<double>(store->rows()) : 0;
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.1f%%", percent);
      table.add_row({Value::of(r.name), Value::of(static_cast<double>(r.events)),
                     Value::of(static_cast<double>(r.distinct)), Value::of(std::string(pct))});
    }
    out_ << store->rows() << " events\n";
    show(table);
  }

  const Args& args_;
  std::ostream& out_;
  std::ostream& err_;
  bool interactive_;
  bool stdout_tty_;
  Session session_;
  std::vector<std::string> data_paths_;
  std::string output_;
  bool timer_ = false;
  std::string pending_;  // lines of a search not complete yet
  bool interrupted_ = false;
  EditLine* el_ = nullptr;
  History* history_ = nullptr;
  std::string history_path_;
};

}  // namespace

std::string repl_help() {
  return "Type a search and press Enter; a line ending in | (or an open quote or parenthesis)\n"
         "continues on the next line. Tab completes commands (after |), fields and `macros`.\n"
         "Ctrl-C cancels the running search or the input, Ctrl-D leaves.\n"
         "  .help              this text\n"
         "  .fields            every field: events that have it, distinct values\n"
         "  .explain QUERY     how a search is read and why it matches or not (spelunk explain --help);\n"
         "                     .explain --event ID QUERY: each clause's verdict for one event\n"
         "  .load PATH         load other data (replaces the loaded events)\n"
         "  .save FILE         save the loaded events to FILE (reopen it with -d FILE)\n"
         "  .output FORMAT     table, csv, json or chart\n"
         "  .timer on|off      print rows and milliseconds after each search\n"
         "  .conf DIR          load a Splunk app folder (.conf files, default/, local/, lookups/)\n"
         "  .quit              leave\n";
}

int run_repl(const Args& args, std::ostream& out, std::ostream& err) {
  Repl repl(args, out, err);
  if (!repl.start()) return 2;
  return repl.loop();
}

}  // namespace spelunk::cli
