// Search-time knowledge: calculated fields from props.conf (Splunk's own format), and the CSV
// lookups transforms.conf declares (see the end of this comment).
//
//   [source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]   (`...` and `*` wildcards)
//   FIELDALIAS-user = User AS user          (several `A AS B` pairs; ASNEW keeps an existing B)
//   EVAL-process_name = replace(Image, "^.*\\\\", "")
//
// Applied in Splunk's order (R10.9): aliases (all reading the extracted fields), then every EVAL
// (all reading the post-alias fields, never another EVAL's output). For one attribute name a
// `[source::]` stanza beats a `[<sourcetype>]` stanza; among equals, the file loaded later wins.
//
// A calculated field is computed once per store, when a query first needs it, and cached as a
// Column; an expression is evaluated once per distinct combination of the codes it reads (once
// per dictionary value when it reads one field), not once per event.
//
// Lookups: `[name]` stanzas of transforms.conf with `filename = x.csv` (evaluator/knowledge/lookup_table.hpp),
// the file found in the lookup folders given (an app's lookups/; the folder added last first). A
// name that no stanza declares but that ends in `.csv` reads that file from the same folders (or
// as a path). Tables are read on first use and kept.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/lookup_table.hpp"
#include "parser/ast.hpp"
#include "parser/parser.hpp"
#include "storage/store.hpp"

namespace spelunk {

struct FieldAlias {
  std::string from;
  std::string to;
  bool asnew = false;
};

struct PropsStanza {
  enum class Kind { Default, Sourcetype, Host, Source };  // increasing precedence
  Kind kind = Kind::Sourcetype;
  std::string pattern;  // after the `source::` / `host::` prefix
  // Attributes this engine applies, keyed by their full name ("FIELDALIAS-x", "EVAL-y").
  std::map<std::string, std::vector<FieldAlias>> aliases;
  std::map<std::string, ast::Expr> evals;  // key "EVAL-<field>"
  std::size_t load_order = 0;
};

class Knowledge {
 public:
  Knowledge();
  ~Knowledge();
  Knowledge(const Knowledge&) = delete;
  Knowledge& operator=(const Knowledge&) = delete;

  // Loads props.conf text; returns "origin:line: problem" for each line not understood
  // (other attributes such as REPORT- or TRANSFORMS- are ignored silently).
  std::vector<std::string> load_props_text(std::string_view text, const std::string& origin);
  std::vector<std::string> load_props_file(const std::string& path);
  // The same from parsed (and possibly merged, default/ then local/) props.conf stanzas.
  std::vector<std::string> load_props(const ConfFile& conf);

  const std::vector<PropsStanza>& stanzas() const { return stanzas_; }
  // Every field some rule can produce (alias targets and EVAL names), sorted.
  std::vector<std::string> calculated_field_names() const;
  bool defines(std::string_view field) const;

  // The column to read for `field` over `store`: the calculated column when a rule defines the
  // field for some of its events (computed on first use, then cached), else the store's column
  // (nullptr when no event has it). Throws QueryError when an EVAL cannot run.
  const Column* column(const std::shared_ptr<const Store>& store, std::string_view field) const;

  // --- lookups ---
  // Declares the lookups of a (merged) transforms.conf; later declarations replace earlier ones
  // of the same name. Returns the values not understood.
  std::vector<std::string> load_transforms(const ConfFile& conf);
  // A folder of lookup CSV files (an app's lookups/); searched before those added earlier.
  void add_lookup_dir(std::string dir);
  const std::vector<std::string>& lookup_dirs() const { return lookup_dirs_; }
  const std::map<std::string, LookupDefinition>& lookup_definitions() const { return lookups_; }

  struct ResolvedLookup {
    LookupDefinition definition;
    std::shared_ptr<const LookupTable> table;
  };
  // The CSV lookup `name` names, its table read on first use. Throws QueryError at `pos` when it
  // is not declared and no such file exists (the message names the paths tried), when it is a
  // kvstore / external lookup, or when its file cannot be read.
  ResolvedLookup lookup(const std::string& name, const ast::Position& pos) const;
  // Where `outputlookup name` writes: the declared (or named) .csv file in the folder that already
  // holds it, else in the lookup folder added last. Throws QueryError when there is no folder or
  // the lookup is not a CSV one. Forgets any cached copy of that file.
  std::string lookup_output_path(const std::string& name, const ast::Position& pos) const;

  // --- iplocation ---
  // The MaxMind DB file iplocation reads (limits.conf [iplocation] db_path, or --iplocation-db).
  void set_iplocation_db(std::string path) { iplocation_db_ = std::move(path); }
  const std::string& iplocation_db() const { return iplocation_db_; }

 private:
  struct StoreCache;
  StoreCache& cache_for(const std::shared_ptr<const Store>& store) const;

  std::vector<PropsStanza> stanzas_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<StoreCache>> caches_;

  std::map<std::string, LookupDefinition> lookups_;
  std::vector<std::string> lookup_dirs_;
  mutable std::mutex tables_mutex_;
  mutable std::map<std::string, std::shared_ptr<const LookupTable>> tables_;  // by path

  std::string iplocation_db_;
};

}  // namespace spelunk
