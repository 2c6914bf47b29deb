// Data models in Splunk's JSON format (`<app>/default/data/models/<Model>.json`), as the CIM add-on
// ships them: a model is a tree of objects (datasets). Each object has
//   objectName, parentName      "BaseEvent" / "BaseSearch" for a root, else its parent's objectName
//   constraints[].search        a search expression (a root BaseEvent, or any child)
//   baseSearch                  a root BaseSearch's search (commands after it are refused)
//   fields[]                    fieldName, type, required, multivalue, hidden
//   calculations[]              calculationType "Eval": expression + outputFields[]
// A child adds its constraint to its parent's (after the parent's calculations, so it can test a
// calculated field) and inherits the parent's fields and calculations.
//
// Field names as tstats and `datamodel ... search` show them: `<owner path>.<fieldName>`, where the
// owner path is the lineage of the object that declares the field (`Processes.process_name`,
// `All_UEBA_Events.UEBA_Anomalies.uba_model`); `_time`, `host`, `source` and `sourcetype` are
// every dataset's own (BaseEvent's), unprefixed.
//
// Loaded by Knowledge::load_datamodel_json (evaluator/knowledge/datamodel_json.cpp); the rows and
// columns of a dataset are computed per store in evaluator/knowledge/datamodel.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace spelunk {

struct DatasetField {
  std::string name;   // fieldName
  std::string type;   // string, number, ipv4, boolean, ...
  bool required = false;
  bool multivalue = false;
  bool hidden = false;
};

struct DatasetCalculation {
  std::string expression;            // Eval: the eval expression as written
  ast::Expr expr;                    // parsed at load
  std::vector<std::string> outputs;  // Eval: one field
};

struct Dataset {
  std::string name;     // objectName
  std::string parent;   // parent's objectName; empty for a root
  std::string path;     // lineage: "Authentication.Failed_Authentication"
  std::vector<std::string> constraints;  // search strings, ANDed (baseSearch of a root BaseSearch)
  std::vector<DatasetField> fields;      // declared here (calculated outputs included)
  std::vector<DatasetCalculation> calculations;
  std::string unusable;  // why queries over it are refused (a construct spelunk does not run)
  std::string origin;    // "file: object X"
};

struct DataModel {
  std::string name;    // modelName
  std::string origin;  // the file it came from
  std::vector<Dataset> datasets;  // a parent always comes before its children

  // By objectName, or by its dotted lineage ("All_Sessions.DHCP"); nullptr when none.
  const Dataset* find(std::string_view name_or_path) const;
  const Dataset* parent_of(const Dataset& d) const;
  std::vector<const Dataset*> roots() const;
  // Root first, `d` last.
  std::vector<const Dataset*> lineage(const Dataset& d) const;
  // `d` and every dataset under it, parents first.
  std::vector<const Dataset*> subtree(const Dataset& d) const;
  // Every dataset path, for messages ("Processes, Filesystem, ...").
  std::string dataset_list() const;
};

// A field a tstats over dataset `base` can read: its full name and where it is declared.
struct QualifiedField {
  std::string name;                  // "Processes.process_name"
  const Dataset* owner = nullptr;    // declaring dataset
  std::string field;                 // "process_name"
};

// The fields of `base`'s lineage and of every dataset under it, by full name.
std::vector<QualifiedField> qualified_fields(const DataModel& model, const Dataset& base);

// BaseEvent's fields: every dataset has them, unprefixed.
bool is_base_event_field(std::string_view name);

}  // namespace spelunk
