// JSON through simdjson's DOM, XML through pugixml. See structured.hpp.
#include "evaluator/structured.hpp"

#include <pugixml.hpp>
#include <simdjson.h>

#include <sstream>

namespace spelunk::structured {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char first_char(std::string_view text) {
  for (char c : text)
    if (!is_blank(c)) return c;
  return 0;
}

// Adds `value` under `name`, keeping first-seen order of names.
void add_value(Fields& fields, const std::string& name, std::string value) {
  for (auto& [n, values] : fields)
    if (n == name) { values.push_back(std::move(value)); return; }
  fields.push_back({name, {std::move(value)}});
}

}  // namespace

std::optional<Path> parse_path(std::string_view text, std::string& error) {
  Path path(1);
  auto fail = [&](std::size_t at, const char* expected) -> std::optional<Path> {
    error = "expected " + std::string(expected) + " at character " + std::to_string(at + 1) + " of path '" +
            std::string(text) + "'";
    return std::nullopt;
  };
  if (text.empty()) return fail(0, "a location path");
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (path.back().name.empty() && path.back().suffixes.empty()) return fail(i, "a name before '.'");
      path.emplace_back();
    } else if (c == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) return fail(text.size(), "'}'");
      std::string_view inside = text.substr(i + 1, close - i - 1);
      Suffix s;
      if (inside.empty()) {
        s.kind = Suffix::Kind::All;
      } else if (inside[0] == '@') {
        if (inside.size() == 1) return fail(i + 2, "an attribute name after '@'");
        s.kind = Suffix::Kind::Attribute;
        s.attribute = std::string(inside.substr(1));
      } else {
        s.kind = Suffix::Kind::Nth;
        for (std::size_t k = 0; k < inside.size(); ++k) {
          if (inside[k] < '0' || inside[k] > '9') return fail(i + 1 + k, "'}', a 1-based index or '@attribute'");
          if (s.nth > 100'000'000) return fail(i + 1 + k, "a smaller index");
          s.nth = s.nth * 10 + static_cast<std::size_t>(inside[k] - '0');
        }
        if (s.nth == 0) return fail(i + 1, "an index of 1 or more");
      }
      path.back().suffixes.push_back(std::move(s));
      i = close;
    } else if (c == '}') {
      return fail(i, "'{' before '}'");
    } else {
      if (!path.back().suffixes.empty()) return fail(i, "'.' or '{' after '}'");
      path.back().name += c;
    }
  }
  if (path.back().name.empty() && path.back().suffixes.empty()) return fail(text.size(), "a name after '.'");
  return path;
}

struct Extractor::Impl {
  simdjson::dom::parser json;

  Impl() {
    // Bounds nesting; a failed allocation here is retried by parse() on demand.
    if (json.allocate(4096, kMaxDepth) != simdjson::SUCCESS) return;
  }

  // ------------------------------------------------------------------ JSON
  static std::string json_text(simdjson::dom::element e) {
    using simdjson::dom::element_type;
    std::string_view s;
    if (e.type() == element_type::STRING && !e.get(s)) return std::string(s);
    return simdjson::minify(e);
  }

  bool parse_json(std::string_view text, simdjson::dom::element& root) {
    if (text.size() > json.max_capacity()) return false;
    return !json.parse(text.data(), text.size(), true).get(root);
  }

  std::vector<std::string> json_path(std::string_view text, const Path& path) {
    simdjson::dom::element root;
    if (!parse_json(text, root)) return {};
    std::vector<simdjson::dom::element> nodes{root}, next;
    for (const Step& step : path) {
      if (!step.name.empty()) {
        next.clear();
        for (auto n : nodes) {
          simdjson::dom::element child;
          if (n.is_object() && !n.at_key(step.name).get(child)) next.push_back(child);
        }
        nodes.swap(next);
      }
      for (const Suffix& s : step.suffixes) {
        next.clear();
        for (auto n : nodes) {
          simdjson::dom::array array;
          if (n.get(array)) continue;  // not an array: {} and {N} select nothing
          if (s.kind == Suffix::Kind::All) {
            for (auto item : array) next.push_back(item);
          } else if (s.kind == Suffix::Kind::Nth) {
            simdjson::dom::element item;
            if (!array.at(s.nth - 1).get(item)) next.push_back(item);
          }
        }
        nodes.swap(next);
      }
    }
    std::vector<std::string> out;
    for (auto n : nodes)
      if (!n.is_null()) out.push_back(json_text(n));
    return out;
  }

  void json_flatten(simdjson::dom::element e, std::string& key, Fields& out, std::size_t depth) {
    using simdjson::dom::element_type;
    if (depth > kMaxDepth) return;
    switch (e.type()) {
      case element_type::OBJECT: {
        const std::size_t len = key.size();
        simdjson::dom::object object;
        if (e.get(object)) break;
        for (auto field : object) {
          if (len) key.push_back('.');
          key.append(field.key);
          json_flatten(field.value, key, out, depth + 1);
          key.resize(len);
        }
        break;
      }
      case element_type::ARRAY: {
        const std::size_t len = key.size();
        simdjson::dom::array array;
        if (e.get(array)) break;
        key += "{}";
        for (auto item : array) json_flatten(item, key, out, depth + 1);
        key.resize(len);
        break;
      }
      case element_type::NULL_VALUE:
        break;  // as the JSON reader does: a null is no value
      default:
        add_value(out, key, json_text(e));
    }
  }

  Fields json_all(std::string_view text) {
    simdjson::dom::element root;
    Fields out;
    if (!parse_json(text, root)) return out;
    std::string key;
    json_flatten(root, key, out, 0);
    return out;
  }

  Fields json_top_level(std::string_view text) {
    simdjson::dom::element root;
    simdjson::dom::object object;
    Fields out;
    if (!parse_json(text, root) || root.get(object)) return out;
    for (auto field : object) {
      std::string key(field.key);
      simdjson::dom::array array;
      if (!field.value.get(array)) {
        for (auto item : array)
          if (!item.is_null()) add_value(out, key, json_text(item));
      } else if (!field.value.is_null()) {
        add_value(out, key, json_text(field.value));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ XML
  static bool parse_xml(std::string_view text, pugi::xml_document& doc, bool fragment = false) {
    // No DOCTYPE processing: entities stay unexpanded (no billion-laughs). A fragment may have
    // several top-level elements (xmlkv's documented example does).
    unsigned options = pugi::parse_default & ~pugi::parse_doctype;
    if (fragment) options |= pugi::parse_fragment;
    return doc.load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  }

  static bool has_element_child(pugi::xml_node n) {
    for (auto c : n.children())
      if (c.type() == pugi::node_element) return true;
    return false;
  }

  // Text of an element: its text children; an element with element children gives its inner XML.
  static std::string xml_value(pugi::xml_node n) {
    std::string out;
    if (!has_element_child(n)) {
      for (auto c : n.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
      return out;
    }
    std::ostringstream s;
    for (auto c : n.children()) c.print(s, "", pugi::format_raw);
    return s.str();
  }

  std::vector<std::string> xml_path(std::string_view text, const Path& path) {
    pugi::xml_document doc;
    if (!parse_xml(text, doc)) return {};
    std::vector<pugi::xml_node> nodes{doc}, next;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < path.size(); ++i) {
      const Step& step = path[i];
      if (!step.name.empty()) {
        next.clear();
        for (auto n : nodes)
          for (auto c : n.children(step.name.c_str())) next.push_back(c);
        nodes.swap(next);
      }
      for (const Suffix& s : step.suffixes) {
        if (s.kind == Suffix::Kind::Nth) {
          if (s.nth <= nodes.size()) nodes = {nodes[s.nth - 1]};
          else nodes.clear();
        } else if (s.kind == Suffix::Kind::Attribute) {
          if (i + 1 != path.size()) return {};  // an attribute has no children
          for (auto n : nodes) {
            auto a = n.attribute(s.attribute.c_str());
            if (a) out.emplace_back(a.value());
          }
          return out;
        }  // {} adds nothing in XML: repeated elements are already all selected
      }
    }
    for (auto n : nodes) {
      std::string v = xml_value(n);
      if (!v.empty()) out.push_back(std::move(v));
    }
    return out;
  }

  void xml_flatten(pugi::xml_node n, std::string& key, Fields& out, std::size_t depth, bool by_tag) {
    if (depth > kMaxDepth) return;
    const std::size_t len = key.size();
    if (!by_tag) {
      if (len) key.push_back('.');
      key += n.name();
      for (auto a : n.attributes()) add_value(out, key + "{@" + a.name() + "}", a.value());
    }
    if (has_element_child(n)) {
      for (auto c : n.children())
        if (c.type() == pugi::node_element) xml_flatten(c, key, out, depth + 1, by_tag);
    } else {
      std::string v = xml_value(n);
      if (!v.empty()) add_value(out, by_tag ? std::string(n.name()) : key, std::move(v));
    }
    key.resize(len);
  }

  Fields xml_all(std::string_view text, bool by_tag) {
    pugi::xml_document doc;
    Fields out;
    if (!parse_xml(text, doc, by_tag)) return out;
    std::string key;
    for (auto c : doc.children())
      if (c.type() == pugi::node_element) xml_flatten(c, key, out, 0, by_tag);
    return out;
  }
};

Extractor::Extractor() : impl_(std::make_unique<Impl>()) {}
Extractor::~Extractor() = default;

std::vector<std::string> Extractor::extract(std::string_view text, const Path& path) {
  char c = first_char(text);
  if (c == '{' || c == '[') return impl_->json_path(text, path);
  if (c == '<') return impl_->xml_path(text, path);
  return {};
}

Fields Extractor::extract_all(std::string_view text) {
  char c = first_char(text);
  if (c == '{' || c == '[') return impl_->json_all(text);
  if (c == '<') return impl_->xml_all(text, false);
  return {};
}

Fields Extractor::extract_top_level(std::string_view text) {
  return first_char(text) == '{' ? impl_->json_top_level(text) : Fields{};
}

Fields Extractor::extract_xml_leaves(std::string_view text) {
  return first_char(text) == '<' ? impl_->xml_all(text, true) : Fields{};
}

}  // namespace spelunk::structured
