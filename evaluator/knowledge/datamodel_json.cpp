// Reading a data model's JSON (Splunk's `data/models/<Model>.json`), with simdjson. What the
// engine does not run is refused by name, naming the file and the object: a calculation other than
// Eval (Lookup, GeoIP, Rex) and a baseSearch with commands after its search make that dataset (and
// its children) unusable; the rest of the model still loads.
#include <simdjson.h>

#include <algorithm>

#include "evaluator/glob.hpp"
#include "evaluator/knowledge/derived_cache.hpp"

namespace spelunk {

// ------------------------------------------------------------------ DataModel

const Dataset* DataModel::find(std::string_view name_or_path) const {
  for (const auto& d : datasets)
    if (d.name == name_or_path || d.path == name_or_path) return &d;
  return nullptr;
}

const Dataset* DataModel::parent_of(const Dataset& d) const {
  return d.parent.empty() ? nullptr : find(d.parent);
}

std::vector<const Dataset*> DataModel::roots() const {
  std::vector<const Dataset*> out;
  for (const auto& d : datasets)
    if (d.parent.empty()) out.push_back(&d);
  return out;
}

std::vector<const Dataset*> DataModel::lineage(const Dataset& d) const {
  std::vector<const Dataset*> out;
  for (const Dataset* p = &d; p && out.size() <= datasets.size(); p = parent_of(*p)) out.push_back(p);
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<const Dataset*> DataModel::subtree(const Dataset& d) const {
  std::vector<const Dataset*> out{&d};
  for (std::size_t i = 0; i < out.size(); ++i)
    for (const auto& c : datasets)
      if (c.parent == out[i]->name && std::find(out.begin(), out.end(), &c) == out.end()) out.push_back(&c);
  return out;
}

std::string DataModel::dataset_list() const {
  std::string out;
  for (const auto& d : datasets) out += (out.empty() ? "" : ", ") + name + "." + d.path;
  return out;
}

bool is_base_event_field(std::string_view name) {
  return name == "_time" || name == "host" || name == "source" || name == "sourcetype";
}

std::vector<QualifiedField> qualified_fields(const DataModel& model, const Dataset& base) {
  std::vector<QualifiedField> out;
  std::vector<const Dataset*> visible = model.lineage(base);
  for (const Dataset* d : model.subtree(base))
    if (d != &base) visible.push_back(d);
  for (const Dataset* d : visible)
    for (const auto& f : d->fields)
      if (!is_base_event_field(f.name)) out.push_back({d->path + "." + f.name, d, f.name});
  return out;
}

// ------------------------------------------------------------------ JSON

namespace {

using simdjson::dom::element;

std::string text_of(element e, const char* key) {
  std::string_view v;
  if (e[key].get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

bool flag_of(element e, const char* key) {
  bool b = false;
  if (e[key].get(b) == simdjson::SUCCESS) return b;
  std::string_view s;  // some exports write "true" / "false" as strings
  return e[key].get(s) == simdjson::SUCCESS && iequals(s, "true");
}

DatasetField field_of(element e) {
  DatasetField f;
  f.name = text_of(e, "fieldName");
  f.type = text_of(e, "type");
  f.required = flag_of(e, "required");
  f.multivalue = flag_of(e, "multivalue");
  f.hidden = flag_of(e, "hidden");
  return f;
}

// A baseSearch: its search part, or why it cannot be used (commands after the search).
std::string base_search(const std::string& text, std::string& unusable) {
  bool quoted = false;
  int brackets = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') { ++i; continue; }
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') ++brackets;
    if (c == ']') --brackets;
    if (c == '|' && brackets == 0) {
      unusable = "its baseSearch runs commands after the search (`" + text.substr(i) +
                 "`), which spelunk does not run inside data models";
      return text.substr(0, i);
    }
  }
  return text;
}

void read_object(element obj, const std::string& origin, Dataset& d, std::vector<std::string>& problems) {
  d.name = text_of(obj, "objectName");
  d.parent = text_of(obj, "parentName");
  if (d.parent == "BaseEvent" || d.parent == "BaseSearch" || d.parent == "BaseTransaction") {
    if (d.parent == "BaseTransaction")
      d.unusable = "it is a transaction dataset (BaseTransaction), which spelunk does not run";
    d.parent.clear();
  }
  d.origin = origin + ": object " + d.name;
  if (std::string bs = text_of(obj, "baseSearch"); !bs.empty()) d.constraints.push_back(base_search(bs, d.unusable));
  simdjson::dom::array list;
  if (obj["constraints"].get(list) == simdjson::SUCCESS)
    for (element c : list)
      if (std::string s = text_of(c, "search"); !s.empty()) d.constraints.push_back(s);
  if (obj["fields"].get(list) == simdjson::SUCCESS)
    for (element f : list) d.fields.push_back(field_of(f));
  if (obj["calculations"].get(list) != simdjson::SUCCESS) return;
  for (element c : list) {
    const std::string type = text_of(c, "calculationType");
    std::vector<std::string> outputs;
    simdjson::dom::array outs;
    if (c["outputFields"].get(outs) == simdjson::SUCCESS)
      for (element o : outs) {
        DatasetField f = field_of(o);
        outputs.push_back(f.name);
        if (std::none_of(d.fields.begin(), d.fields.end(), [&](const DatasetField& x) { return x.name == f.name; }))
          d.fields.push_back(f);
      }
    if (!iequals(type, "Eval")) {
      d.unusable = "its " + type + " calculation is not supported (spelunk runs Eval calculations)";
      problems.push_back(d.origin + ": " + type + " calculation refused: spelunk runs Eval calculations only");
      continue;
    }
    DatasetCalculation calc;
    calc.expression = text_of(c, "expression");
    calc.outputs = std::move(outputs);
    if (calc.outputs.size() != 1) {
      d.unusable = "an Eval calculation with " + std::to_string(calc.outputs.size()) + " output fields";
      problems.push_back(d.origin + ": an Eval calculation needs exactly one output field");
      continue;
    }
    ParseResult parsed = parse_eval_expression(calc.expression, calc.expr);
    if (parsed.error) {
      d.unusable = "its calculation of " + calc.outputs[0] + " cannot be read: " + parsed.error->message;
      problems.push_back(d.origin + ": calculation of " + calc.outputs[0] + ": " + parsed.error->message);
      continue;
    }
    d.calculations.push_back(std::move(calc));
  }
}

}  // namespace

std::vector<std::string> Knowledge::load_datamodel_json(std::string_view json, const std::string& origin) {
  std::vector<std::string> problems;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element doc;
  if (auto err = parser.parse(padded).get(doc)) {
    problems.push_back(origin + ": not a data model (JSON: " + simdjson::error_message(err) + ")");
    return problems;
  }
  auto model = std::make_shared<DataModel>();
  model->origin = origin;
  model->name = text_of(doc, "modelName");
  if (model->name.empty()) {
    problems.push_back(origin + ": no modelName");
    return problems;
  }
  simdjson::dom::array objects;
  if (doc["objects"].get(objects) != simdjson::SUCCESS) {
    problems.push_back(origin + ": no objects");
    return problems;
  }
  std::vector<Dataset> pending;
  for (element obj : objects) {
    Dataset d;
    read_object(obj, origin, d, problems);
    if (d.name.empty()) {
      problems.push_back(origin + ": an object without objectName");
      continue;
    }
    pending.push_back(std::move(d));
  }
  // Parents before children; a parent that is not in the model is an error for that object.
  while (!pending.empty()) {
    bool moved = false;
    for (auto it = pending.begin(); it != pending.end();) {
      const Dataset* parent = it->parent.empty() ? nullptr : model->find(it->parent);
      if (!it->parent.empty() && !parent) { ++it; continue; }
      it->path = parent ? parent->path + "." + it->name : it->name;
      if (parent && !parent->unusable.empty() && it->unusable.empty())
        it->unusable = "its parent " + parent->name + " is unusable: " + parent->unusable;
      model->datasets.push_back(std::move(*it));
      it = pending.erase(it);
      moved = true;
    }
    if (!moved) {
      for (const auto& d : pending) problems.push_back(d.origin + ": parent `" + d.parent + "` is not in the model");
      break;
    }
  }
  std::scoped_lock lock(derived_mutex_, parsed_mutex_);
  derived_caches_.clear();
  for (auto it = parsed_searches_.begin(); it != parsed_searches_.end();)
    it = it->first.starts_with("dm:" + model->name + "/") ? parsed_searches_.erase(it) : std::next(it);
  auto same = std::find_if(datamodels_.begin(), datamodels_.end(), [&](const auto& m) { return m->name == model->name; });
  if (same != datamodels_.end()) *same = std::move(model);  // a later app replaces the model
  else datamodels_.push_back(std::move(model));
  return problems;
}

const DataModel* Knowledge::datamodel(std::string_view name) const {
  for (const auto& m : datamodels_)
    if (m->name == name) return m.get();
  return nullptr;
}

std::vector<std::string> Knowledge::datamodel_names() const {
  std::vector<std::string> out;
  for (const auto& m : datamodels_) out.push_back(m->name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace spelunk
