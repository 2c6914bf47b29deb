#include "cli/explain.hpp"

#include <unistd.h>

#include <algorithm>
#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/help.hpp"
#include "cli/output.hpp"
#include "cli/test_file.hpp"

namespace spelunk::cli {

namespace {

std::string escaped(std::string_view text) { return escape_for_terminal(text); }

// A value as shown beside a verdict: escaped, quoted, cut at 80 characters.
std::string shown_value(const std::string& v) {
  std::string e = escaped(v);
  if (display_width(e) > 80) {
    std::size_t cut = 0, width = 0;
    while (cut < e.size() && width < 77) {
      ++cut;
      while (cut < e.size() && (static_cast<unsigned char>(e[cut]) & 0xC0) == 0x80) ++cut;
      ++width;
    }
    e = e.substr(0, cut) + "...";
  }
  return "\"" + e + "\"";
}

struct TreeGlyphs {
  const char* branch;  // "├─ "
  const char* last;    // "└─ "
  const char* pipe;    // "│  "
};

TreeGlyphs glyphs(bool unicode) {
  return unicode ? TreeGlyphs{"\u251c\u2500 ", "\u2514\u2500 ", "\u2502  "} : TreeGlyphs{"|- ", "`- ", "|  "};
}

// The tree prefix of every clause (pre-order), from which ancestors still have siblings below.
std::vector<std::string> tree_prefixes(const std::vector<ClauseReport>& clauses, bool unicode) {
  TreeGlyphs g = glyphs(unicode);
  std::vector<bool> last(clauses.size(), true);
  for (const auto& c : clauses)
    for (std::size_t k = 0; k + 1 < c.children.size(); ++k) last[c.children[k]] = false;
  std::vector<std::string> out(clauses.size());
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (clauses[i].parent < 0) continue;
    std::string prefix;
    // Ancestors below the root, outermost first.
    std::vector<std::size_t> chain;
    for (int a = clauses[i].parent; a >= 0 && clauses[static_cast<std::size_t>(a)].parent >= 0; a = clauses[static_cast<std::size_t>(a)].parent)
      chain.push_back(static_cast<std::size_t>(a));
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) prefix += last[*it] ? "   " : g.pipe;
    prefix += last[i] ? g.last : g.branch;
    out[i] = prefix;
  }
  return out;
}

std::string node_label(const ClauseReport& c) {
  switch (c.kind) {
    case ClauseReport::Kind::And: return "AND";
    case ClauseReport::Kind::Or: return "OR";
    case ClauseReport::Kind::Not: return "NOT";
    case ClauseReport::Kind::Leaf: return escaped(c.text);
  }
  return "?";
}

std::string event_label(const Store* store, std::size_t row) {
  if (!store) return "event #" + std::to_string(row + 1);
  std::string label;
  if (const Column* rec = store->column("EventRecordID"); rec && !rec->values(row).empty())
    label = "EventRecordID " + escaped(rec->dict().value(rec->values(row)[0]));
  else
    label = "event #" + std::to_string(row + 1);
  if (const Column* host = store->column("host"); host && !host->values(row).empty())
    label += ", " + escaped(host->dict().value(host->values(row)[0]));
  label += ", " + format_time(static_cast<double>(store->times()[row]) / 1e6);
  return label;
}

std::string values_text(const ClauseVerdict& v, const std::string& field) {
  if (!v.field_present) return "(no " + escaped(field) + " in this event)";
  if (v.values.empty()) return {};
  std::string out = "(" + escaped(field) + (v.values.size() == 1 ? " = " : " = [");
  for (std::size_t i = 0; i < v.values.size() && i < 5; ++i) out += (i ? ", " : "") + shown_value(v.values[i]);
  if (v.values.size() > 5) out += ", ... " + std::to_string(v.values.size()) + " values";
  return out + (v.values.size() == 1 ? ")" : "])");
}

void write_clauses(const ExplainOutcome& o, std::ostream& out, bool unicode) {
  const Explanation& x = o.explanation;
  auto prefixes = tree_prefixes(x.clauses, unicode);
  if (x.has_data) out << fmt::format("clauses (events each selects on its own, of {}):\n", x.events);
  else out << "clauses:\n";
  for (std::size_t i = 0; i < x.clauses.size(); ++i) {
    const ClauseReport& c = x.clauses[i];
    if (x.has_data) out << fmt::format("  {:>8}  ", c.matches);
    else out << "  ";
    out << prefixes[i] << node_label(c) << "\n";
  }
}

void write_fields(const Explanation& x, std::ostream& out) {
  if (x.fields.empty()) return;
  out << "\nfields (where each comes from, at the command that first reads it):\n";
  std::size_t width = 5;
  for (const auto& f : x.fields) width = std::max(width, display_width(escaped(f.name)));
  for (const auto& f : x.fields) {
    std::string name = escaped(f.name);
    std::string line = "  " + name + std::string(width - display_width(name) + 2, ' ') +
                       fmt::format("{:<12}", field_source_name(f.source));
    switch (f.source) {
      case FieldSource::Extracted:
      case FieldSource::Calculated:
      case FieldSource::Internal:
        if (x.has_data) line += fmt::format("{} of {} events", f.events, x.events);
        break;
      case FieldSource::Absent: {
        line += "no event has this field";
        if (!f.closest.empty()) {
          line += " (closest:";
          for (std::size_t i = 0; i < f.closest.size(); ++i) line += (i ? ", " : " ") + escaped(f.closest[i]);
          line += ")";
        }
        break;
      }
      case FieldSource::NoData: line += "extracted if the events have it (no data given: -d PATH)"; break;
      default: break;
    }
    out << line << "\n";
    for (const auto& origin : f.origins) out << "  " << std::string(width + 2, ' ') << "  " << escaped(origin) << "\n";
  }
}

void write_commands(const Explanation& x, std::ostream& out) {
  out << "\ncommands:\n";
  std::size_t type_width = 4;
  for (const auto& c : x.commands) type_width = std::max(type_width, c.type.size());
  out << "  #  " << (x.has_data ? "    rows  " : "") << "runs on  " << fmt::format("{:<{}}", "type", type_width)
      << "  command\n";
  for (std::size_t i = 0; i < x.commands.size(); ++i) {
    const CommandReport& c = x.commands[i];
    std::string text = i == 0 && c.name == "search" && !x.clauses.empty() ? "search (the clauses above)" : escaped(c.text);
    out << fmt::format("  {:<2} ", i + 1);
    if (x.has_data) out << (c.rows ? fmt::format("{:>8}  ", *c.rows) : std::string("       -  "));
    out << fmt::format("{:<9}{:<{}}  ", c.on_events ? "events" : "results", c.type, type_width) << text << "\n";
  }
  if (!x.run_error.empty()) out << "  the pipeline stopped: " << escaped(x.run_error) << "\n";
}

void write_why_not(const Explanation& x, const Store* store, std::ostream& out) {
  out << "\nwhy no event matches:\n";
  out << "  clauses that remove the most events (of " << x.events << "):\n";
  for (const auto& r : x.removals)
    out << fmt::format("    {:>8} removed ({} by it alone)  ", r.removed, r.only) << escaped(x.clauses[r.clause].text)
        << "\n";
  std::vector<std::size_t> leaves;
  for (std::size_t i = 0; i < x.near_miss_counts.size(); ++i)
    if (x.near_miss_counts[i]) leaves.push_back(i);
  if (leaves.empty()) {
    out << "  no event is one clause away from matching\n";
    return;
  }
  std::stable_sort(leaves.begin(), leaves.end(),
                   [&](std::size_t a, std::size_t b) { return x.near_miss_counts[a] > x.near_miss_counts[b]; });
  out << "  nearest misses (events that one clause alone keeps out):\n";
  for (std::size_t i : leaves)
    out << fmt::format("    {:>8} event(s) fail only  ", x.near_miss_counts[i]) << escaped(x.clauses[i].text) << "\n";
  out << "  for example:\n";
  for (const auto& m : x.near_misses) {
    out << "    " << event_label(store, m.row) << ", one clause away:\n";
    for (std::size_t k = 0; k < m.clauses.size() && k < 4; ++k) {
      const ClauseReport& c = x.clauses[m.clauses[k]];
      out << "      " << escaped(c.text);
      if (c.expr && (c.expr->kind == ast::SearchExpr::Kind::Compare || c.expr->kind == ast::SearchExpr::Kind::In)) {
        std::string values = values_text(m.verdicts[k], c.expr->field);
        if (!values.empty()) out << "   " << values;
      }
      out << "\n";
    }
    if (m.clauses.size() > 4) out << "      ... " << m.clauses.size() - 4 << " more\n";
  }
}

void write_event(const ExplainOutcome& o, const Store* store, std::ostream& out, bool unicode) {
  const Explanation& x = o.explanation;
  const EventExplanation& e = *o.event;
  out << "\nevent " << escaped(o.event_how) << ": " << event_label(store, e.row) << "\n";
  out << (e.matched ? "  the search selects this event\n" : "  the search does not select this event\n");
  auto prefixes = tree_prefixes(x.clauses, unicode);
  for (std::size_t i = 0; i < x.clauses.size(); ++i) {
    const ClauseReport& c = x.clauses[i];
    const ClauseVerdict& v = e.verdicts[i];
    out << (v.matched ? "  yes  " : "  no   ") << prefixes[i] << node_label(c);
    if (c.kind == ClauseReport::Kind::Leaf && c.expr &&
        (c.expr->kind == ast::SearchExpr::Kind::Compare || c.expr->kind == ast::SearchExpr::Kind::In)) {
      std::string values = values_text(v, c.expr->field);
      if (!values.empty()) out << "   " << values;
    }
    out << "\n";
  }
}

}  // namespace

void write_explanation(const ExplainOutcome& o, const Store* store, std::ostream& out, bool unicode) {
  const Explanation& x = o.explanation;
  out << "search after macros:\n";
  std::string expanded = o.expanded;
  while (!expanded.empty() && (expanded.back() == '\n' || expanded.back() == ' ')) expanded.pop_back();
  std::size_t start = 0;
  while (start <= expanded.size()) {
    std::size_t end = expanded.find('\n', start);
    if (end == std::string::npos) end = expanded.size();
    out << "  " << escaped(std::string_view(expanded).substr(start, end - start)) << "\n";
    start = end + 1;
  }
  if (!x.clauses.empty()) {
    out << "\nas spelunk reads it (NOT binds tighter than OR, OR tighter than the AND between terms):\n  "
        << escaped(x.search_text) << "\n\n";
    write_clauses(o, out, unicode);
  }
  write_fields(x, out);
  write_commands(x, out);
  if (x.has_data) {
    out << "\n" << (x.clauses.empty() ? "" : fmt::format("the search selects {} of {} events", x.matched, x.events));
    if (x.final_rows) out << (x.clauses.empty() ? "" : "; ") << fmt::format("the pipeline returns {} row(s)", *x.final_rows);
    out << "\n";
  }
  if (!x.findings.empty()) {
    out << "\nfindings:\n";
    for (const auto& f : x.findings) out << "  - " << escaped(f) << "\n";
  }
  if (x.has_data && !x.clauses.empty() && x.matched == 0) write_why_not(x, store, out);
  if (o.event) write_event(o, store, out, unicode);
}

int run_explain_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Args args;
  if (auto problem = parse_args(argc, argv, args, ArgsFor::Explain)) {
    err << "spelunk explain: " << *problem << "\n"
        << "usage: spelunk explain [-d PATH...] [--event ID] [OPTIONS] (QUERY | -f FILE.spl)   (--help for more)\n";
    return 2;
  }
  if (args.help) {
    out << help_page("explain");
    return 0;
  }
  if (args.output != "table") {
    err << "spelunk explain: -o is not used here (the explanation is text)\n";
    return 2;
  }
  if (!set_display_time_zone(args.tz)) {
    err << "spelunk: unknown time zone `" << args.tz << "`\n";
    return 2;
  }
  const std::optional<std::string> read = read_query(args, err);
  if (!read) return 2;
  const std::string& query = *read;
  Session session;
  session.set_tz(args.tz);
  if (args.now) {
    auto t = parse_now(*args.now);
    if (!t) {
      err << "spelunk: cannot read --now `" << *args.now << "`\n";
      return 2;
    }
    session.set_now(*t);
  }
  if (auto problem = check_time_range(args, session.now_us())) {
    err << "spelunk: " << *problem << "\n";
    return 2;
  }
  session.set_time_range(args.earliest, args.latest);
  for (const auto& p : session.load_props(args.props_files)) err << "spelunk: " << escaped(p) << "\n";
  for (const auto& dir : args.conf_dirs)
    for (const auto& p : session.load_conf_dir(dir)) err << "spelunk: " << escaped(p) << "\n";
  if (!args.data_paths.empty()) {
    std::vector<std::string> messages;
    bool loaded = session.load(args.data_paths, messages);
    for (const auto& m : messages) err << "spelunk: " << escaped(m) << "\n";
    if (!loaded) return 2;
  } else if (args.event) {
    err << "spelunk explain: --event needs data (-d PATH)\n";
    return 2;
  }
  ExplainOutcome outcome = session.explain(query, args.event);
  for (const auto& w : outcome.warnings) err << "spelunk: warning: " << escaped(w) << "\n";
  if (!outcome.ok) {
    err << "spelunk: " << outcome.error << "\n";
    return 1;
  }
  write_explanation(outcome, session.store().get(), out, stdout_handles_unicode());
  out.flush();
  return 0;
}

}  // namespace spelunk::cli
