#include "storage/ingest/evtx/evtx_document.hpp"

namespace spelunk::evtx {

namespace {

void escape(std::string_view s, bool in_attribute, std::string& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char* entity;
    if (c == '&') entity = "&amp;";
    else if (c == '<') entity = "&lt;";
    else if (c == '>') entity = "&gt;";
    else if (c == '\'' && in_attribute) entity = "&apos;";
    else continue;
    out.append(s.data() + start, i - start);
    out += entity;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

void render_element(const Document& doc, const Element& e, std::string& out, int depth) {
  out += '<';
  out += e.name;
  for (std::size_t i = 0; i < e.attribute_count; ++i) {
    out += ' ';
    out += e.attributes[i].name;
    out += "='";
    escape(e.attributes[i].value, true, out);
    out += '\'';
  }
  if (e.text.empty() && e.children.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  escape(e.text, false, out);
  // Depth is bounded by the decoder already; this guard keeps rendering safe on its own.
  if (depth < 256)
    for (auto c : e.children) render_element(doc, doc.at(c), out, depth + 1);
  out += "</";
  out += e.name;
  out += '>';
}

}  // namespace

void render_xml(const Document& doc, std::string& out) {
  for (auto r : doc.roots()) render_element(doc, doc.at(r), out, 0);
}

}  // namespace spelunk::evtx
