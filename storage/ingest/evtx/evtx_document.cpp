#include "storage/ingest/evtx/evtx_document.hpp"

namespace spelunk::evtx {

namespace {

void escape(std::string_view s, bool in_attribute, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\'':
        if (in_attribute) out += "&apos;";
        else out += c;
        break;
      default: out += c;
    }
  }
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
