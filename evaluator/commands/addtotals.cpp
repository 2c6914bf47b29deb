// `addtotals [row=t] [col=f] [fieldname=Total] [labelfield=F] [label=Total] [field ...]`:
// row=t adds to each row the sum of its numeric values in the fields listed (wildcards allowed;
// none listed: every field); col=t appends a row with each numeric column's sum, and the label
// in labelfield when given. A value counts when it is a number (multi-values: each number).
// Search Reference: addtotals.

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"

namespace spelunk::commands {

namespace {

struct AddtotalsArgs {
  bool row = true;
  bool col = false;
  std::string fieldname = "Total";
  std::string labelfield;
  std::string label = "Total";
  std::vector<std::string> fields;  // patterns; empty: all
};

bool truth(const ast::Command& cmd, const std::string& key, const std::string& v) {
  const std::string l = ascii_lower(v);
  if (l == "t" || l == "true" || l == "1") return true;
  if (l == "f" || l == "false" || l == "0") return false;
  throw QueryError{"addtotals: " + key + " must be true or false, found `" + v + "`", cmd.pos};
}

AddtotalsArgs addtotals_args(const ast::Command& cmd) {
  AddtotalsArgs out;
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"row", "col", "fieldname", "labelfield", "label"});
  for (const auto& [key, value] : args.options.items) {
    if (key == "row") out.row = truth(cmd, key, value);
    else if (key == "col") out.col = truth(cmd, key, value);
    else if (key == "fieldname") out.fieldname = value;
    else if (key == "labelfield") out.labelfield = value;
    else if (key == "label") out.label = value;
  }
  for (std::string field : args.words) {  // `a, b` and `a b` both list fields
    while (!field.empty() && field.back() == ',') field.pop_back();
    if (!field.empty()) out.fields.push_back(field);
  }
  return out;
}

bool wanted(const AddtotalsArgs& args, const std::string& name) {
  if (args.fields.empty()) return !name.starts_with("_");
  for (const auto& p : args.fields)
    if (field_name_match(p, name)) return true;
  return false;
}

// Sum of the numbers in v; false when v holds none.
bool add_numbers(const Value& v, double& sum) {
  bool any = false;
  for (const std::string& s : v.values()) {
    double d = 0;
    if (Value::of(s).as_number(d)) {
      sum += d;
      any = true;
    }
  }
  return any;
}

}  // namespace

Result run_addtotals(const ast::Command& cmd, Result input, ExecContext&) {
  const AddtotalsArgs args = addtotals_args(cmd);
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < input.columns().size(); ++c)
    if (input.columns()[c].name != args.fieldname && wanted(args, input.columns()[c].name)) cols.push_back(c);
  if (args.row) {
    std::vector<Value> totals(input.size());
    for (std::size_t row = 0; row < input.size(); ++row) {
      double sum = 0;
      bool any = false;
      for (std::size_t c : cols) any |= add_numbers(input.get(c, row), sum);
      if (any) totals[row] = Value::of(sum);
    }
    input.set_column(args.fieldname, std::move(totals));
  }
  if (args.col) {
    const auto& columns = input.columns();
    std::vector<Value> summary(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].name != args.fieldname && !wanted(args, columns[c].name)) continue;
      double sum = 0;
      bool any = false;
      for (std::size_t row = 0; row < input.size(); ++row) any |= add_numbers(input.get(c, row), sum);
      if (any) summary[c] = Value::of(sum);
    }
    Result last = Result::table([&] {
      std::vector<std::string> names;
      for (const auto& c : columns) names.push_back(c.name);
      return names;
    }());
    last.add_row(std::move(summary));
    if (!args.labelfield.empty()) {
      std::vector<Value> label{Value::of(args.label)};
      last.set_column(args.labelfield, std::move(label));
    }
    input.append(last);
  }
  return input;
}

}  // namespace spelunk::commands
