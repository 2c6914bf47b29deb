// Knowledge: the lookup half (transforms.conf declarations, lookup folders, table cache).
#include <filesystem>

#include "evaluator/command.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/knowledge.hpp"

namespace spelunk {

namespace fs = std::filesystem;

namespace {

const char* kind_text(LookupDefinition::Kind kind) {
  switch (kind) {
    case LookupDefinition::Kind::KvStore: return "a kvstore";
    case LookupDefinition::Kind::External: return "an external (scripted)";
    case LookupDefinition::Kind::Geo: return "a geospatial";
    default: return "a non-CSV";
  }
}

bool ends_with(std::string_view name, std::string_view suffix) {
  return name.size() > suffix.size() && iequals(name.substr(name.size() - suffix.size()), suffix);
}

// Splunk's CSV lookups: .csv, or .csv.gz (read decompressed).
bool ends_with_csv(std::string_view name) { return ends_with(name, ".csv") || ends_with(name, ".csv.gz"); }

}  // namespace

std::vector<std::string> Knowledge::load_transforms(const ConfFile& conf) {
  std::vector<std::string> problems;
  for (const auto& stanza : conf.stanzas())
    if (auto def = lookup_definition(stanza, problems)) lookups_[def->name] = std::move(*def);
  return problems;
}

std::vector<std::string> Knowledge::declare_lookup(const ConfStanza& stanza) {
  std::vector<std::string> problems;
  if (auto def = lookup_definition(stanza, problems)) lookups_[def->name] = std::move(*def);
  else problems.push_back(stanza.origin + ": lookup `" + stanza.name + "` names no `filename` or `collection`");
  return problems;
}

void Knowledge::add_lookup_dir(std::string dir) { lookup_dirs_.push_back(std::move(dir)); }

Knowledge::ResolvedLookup Knowledge::lookup(const std::string& name, const ast::Position& pos) const {
  ResolvedLookup out;
  auto declared = lookups_.find(name);
  std::string filename = name;
  if (declared != lookups_.end()) {
    out.definition = declared->second;
    if (out.definition.kind != LookupDefinition::Kind::Csv)
      throw QueryError{"lookup `" + name + "` is " + kind_text(out.definition.kind) +
                           " lookup; spelunk reads CSV lookups only",
                       pos};
    filename = out.definition.filename;
    if (!ends_with_csv(filename))
      throw QueryError{"lookup `" + name + "` reads `" + filename + "`, which is not a CSV file; spelunk reads CSV lookups only",
                       pos};
  } else {
    out.definition.name = name;
    if (!ends_with_csv(name))
      throw QueryError{"lookup `" + name + "` is not declared in any transforms.conf (" +
                           std::to_string(lookups_.size()) +
                           " lookups known; give the app folder with --conf DIR, or a .csv file name)",
                       pos};
  }
  // Candidate paths: each lookup folder, newest first; then the name as a path of its own.
  std::vector<std::string> tried;
  std::string found;
  for (auto dir = lookup_dirs_.rbegin(); dir != lookup_dirs_.rend() && found.empty(); ++dir) {
    std::string p = (fs::path(*dir) / filename).string();
    tried.push_back(p);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) found = p;
  }
  if (found.empty() && (fs::path(filename).is_absolute() || lookup_dirs_.empty() || declared == lookups_.end())) {
    tried.push_back(filename);
    std::error_code ec;
    if (fs::is_regular_file(filename, ec)) found = filename;
  }
  if (found.empty()) {
    std::string list;
    for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t;
    throw QueryError{"lookup `" + name + "`: file `" + filename + "` not found (tried: " + list + ")", pos};
  }
  std::lock_guard lock(tables_mutex_);
  auto& cached = tables_[found];
  if (!cached) {
    std::string error;
    auto table = read_csv_table(found, &error);
    if (!table) throw QueryError{"lookup `" + name + "`: cannot read " + found + ": " + error, pos};
    cached = std::make_shared<const LookupTable>(std::move(*table));
  }
  out.table = cached;
  return out;
}

std::string Knowledge::lookup_output_path(const std::string& name, const ast::Position& pos) const {
  std::string filename = name;
  if (auto declared = lookups_.find(name); declared != lookups_.end()) {
    if (declared->second.kind != LookupDefinition::Kind::Csv)
      throw QueryError{"lookup `" + name + "` is " + kind_text(declared->second.kind) +
                           " lookup; spelunk writes CSV lookups only",
                       pos};
    filename = declared->second.filename;
  }
  if (!ends_with(filename, ".csv"))
    throw QueryError{"outputlookup `" + name + "`: not a .csv file name and not declared in any transforms.conf", pos};
  if (filename.find('/') != std::string::npos || filename.find("..") != std::string::npos)
    throw QueryError{"outputlookup `" + name + "`: the file name must not contain a path", pos};
  if (lookup_dirs_.empty())
    throw QueryError{"outputlookup `" + name + "`: no lookups/ folder to write to (give an app folder with --conf DIR)", pos};
  std::string path = (fs::path(lookup_dirs_.back()) / filename).string();
  for (auto dir = lookup_dirs_.rbegin(); dir != lookup_dirs_.rend(); ++dir) {
    std::error_code ec;
    if (fs::is_regular_file(fs::path(*dir) / filename, ec)) {
      path = (fs::path(*dir) / filename).string();
      break;
    }
  }
  std::lock_guard lock(tables_mutex_);
  tables_.erase(path);
  return path;
}

}  // namespace spelunk
