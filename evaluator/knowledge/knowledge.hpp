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
//
// Eventtypes, tags and data models (evaluator/knowledge/eventtypes.cpp, tags.cpp, datamodel*.cpp):
// `eventtype` (every eventtypes.conf search an event matches) and `tag` (tags.conf `[eventtype=X]`
// and `[field=value]` stanzas, with `tag::<field>` per field) are multi-valued fields of every
// event, computed once per store like the calculated fields: an eventtype's search is the column
// filter (once per distinct value), a tag once per distinct value of the fields tags.conf names.
// Data models (datamodel.hpp): a dataset's events and its calculated fields, per store, cached.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/datamodel.hpp"
#include "evaluator/knowledge/lookup_table.hpp"
#include "parser/ast.hpp"
#include "evaluator/row_set.hpp"
#include "parser/parser.hpp"
#include "storage/store.hpp"

namespace spelunk {

struct EventType {
  std::string name;
  std::string search;  // as written
  std::string origin;  // file:line
};

// One tags.conf stanza `[field=value]`: the tags it enables (and disables, to override an
// earlier layer).
struct TagRule {
  std::string field, value;
  std::vector<std::pair<std::string, bool>> tags;  // tag -> enabled
};

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
  // Each attribute above as written ("EVAL-x = ...") and where ("conf/default/props.conf:23").
  std::map<std::string, std::string> texts;
  std::map<std::string, std::string> origins;
  std::string name;  // the stanza header without brackets
  std::size_t load_order = 0;
};

// Where a search-time field comes from: one entry per knowledge rule that can produce it. The
// explain command prints these; each kind of knowledge object answers for its own fields.
struct FieldProvenance {
  enum class Kind {
    Alias,  // props.conf FIELDALIAS-
    Eval,   // props.conf EVAL- (a calculated field)
  };
  Kind kind = Kind::Eval;
  std::string rule;    // the rule as written: "EVAL-process_name = replace(Image, ...)"
  std::string origin;  // "file:line" of the rule
  std::string scope;   // which events it applies to: "[source::XmlWinEventLog:...]"
};
// "alias (FIELDALIAS)", "calculated (EVAL)", ...
const char* provenance_kind_name(FieldProvenance::Kind kind);

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
  // Every rule that can produce `field`, in load order (empty: no knowledge object defines it;
  // the field is then extracted from the events, or absent). evaluator/knowledge/provenance.cpp.
  std::vector<FieldProvenance> provenance(std::string_view field) const;

  // The column to read for `field` over `store`: the calculated column when a rule defines the
  // field for some of its events (computed on first use, then cached), else the store's column
  // (nullptr when no event has it). Throws QueryError when an EVAL cannot run.
  const Column* column(const std::shared_ptr<const Store>& store, std::string_view field) const;

  // --- eventtypes.conf, tags.conf, data models ---
  // Later definitions of the same name replace earlier ones. Return the problems met.
  std::vector<std::string> load_eventtypes(const ConfFile& conf);
  std::vector<std::string> load_tags(const ConfFile& conf);
  std::vector<std::string> load_datamodel_json(std::string_view json, const std::string& origin);
  // Macros for the searches of eventtypes and data models (`cim_Endpoint_indexes`), expanded
  // when those searches are first parsed.
  void set_search_macros(std::shared_ptr<const MacroTable> macros);

  const std::map<std::string, EventType>& eventtypes() const { return eventtypes_; }
  const std::vector<TagRule>& tag_rules() const { return tag_rules_; }
  const DataModel* datamodel(std::string_view name) const;
  std::vector<std::string> datamodel_names() const;

  // Events of a dataset (its lineage's constraints), computed once per store. Throws QueryError
  // (at `pos`) when a constraint cannot be parsed or the dataset is unusable.
  const RowSet& dataset_rows(const std::shared_ptr<const Store>& store, const DataModel& model, const Dataset& d,
                             const ast::Position& pos) const;
  // The value of `field` in dataset `d`: its lineage's last calculation of it (computed over the
  // calculating dataset's events once per distinct input combination), else the event's field.
  // With `only_rows`, rows outside `d` are absent (a child's field read from a parent's tstats).
  const Column* dataset_column(const std::shared_ptr<const Store>& store, const DataModel& model, const Dataset& d,
                               std::string_view field, bool only_rows, const ast::Position& pos) const;
  // `nodename`: every dataset path of `model` each event belongs to (multi-valued).
  const Column* nodename_column(const std::shared_ptr<const Store>& store, const DataModel& model,
                                const ast::Position& pos) const;
  // `column` with its absent rows set to `value` (tstats fillnull_value); null `column`: every
  // row `value`. Cached per store.
  const Column* filled_column(const std::shared_ptr<const Store>& store, const Column* column,
                              const std::string& value) const;

  // --- lookups ---
  // Declares the lookups of a (merged) transforms.conf; later declarations replace earlier ones
  // of the same name. Returns the values not understood.
  std::vector<std::string> load_transforms(const ConfFile& conf);
  // One declaration in transforms.conf's terms (a detection repository's lookups/NAME.yml).
  std::vector<std::string> declare_lookup(const ConfStanza& stanza);
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

  // eventtype / tag / tag::<field>, computed per store (eventtypes.cpp, tags.cpp).
  bool derives(std::string_view field) const;
  const Column* derived_column(const std::shared_ptr<const Store>& store, std::string_view field) const;
  const Column* eventtype_column(const std::shared_ptr<const Store>& store) const;
  const Column* tag_column(const std::shared_ptr<const Store>& store, std::string_view field) const;
  struct DerivedCache;
  DerivedCache& derived_cache(const std::shared_ptr<const Store>& store) const;
  const ast::SearchExpr& parsed_search(const std::string& key, const std::string& text, const std::string& origin,
                                       const ast::Position& pos) const;
  ast::SearchExpr expanded_eventtype(const std::string& name, std::vector<std::string>& chain,
                                     const ast::Position& pos) const;
  const Column* calculation_column(const std::shared_ptr<const Store>& store, const DataModel& model,
                                   const Dataset& owner, std::size_t index, const std::string& field,
                                   const ast::Position& pos) const;
  const Column* value_before(const std::shared_ptr<const Store>& store, const DataModel& model, const Dataset& d,
                             std::size_t calculations, std::string_view field, const ast::Position& pos) const;

  std::map<std::string, EventType> eventtypes_;
  std::vector<TagRule> tag_rules_;
  std::vector<std::shared_ptr<const DataModel>> datamodels_;
  std::shared_ptr<const MacroTable> search_macros_;
  // Each store's derived values have a lock of their own (DerivedCache::mutex, recursive: data
  // model columns nest), so searches over different stores compute them in parallel; this lock
  // guards the list of caches only, held briefly.
  mutable std::mutex derived_mutex_;
  mutable std::vector<std::unique_ptr<DerivedCache>> derived_caches_;
  mutable std::mutex parsed_mutex_;
  mutable std::map<std::string, std::unique_ptr<ast::SearchExpr>> parsed_searches_;  // under parsed_mutex_

  std::vector<PropsStanza> stanzas_;
  mutable std::mutex mutex_;  // the list of caches_; each StoreCache has its own lock
  mutable std::vector<std::unique_ptr<StoreCache>> caches_;

  std::map<std::string, LookupDefinition> lookups_;
  std::vector<std::string> lookup_dirs_;
  mutable std::mutex tables_mutex_;
  mutable std::map<std::string, std::shared_ptr<const LookupTable>> tables_;  // by path

  std::string iplocation_db_;
};

}  // namespace spelunk
