#include "storage/ingest/xml_event_fields.hpp"

#include <cstring>

namespace spelunk {

namespace {

bool named(pugi::xml_node n, const char* name) { return std::strcmp(n.name(), name) == 0; }

// Text content of an element: its first PCDATA/CDATA child ("" when empty or self-closing).
std::string_view text_of(pugi::xml_node n) { return n.child_value(); }

}  // namespace

XmlEventFields::Outcome XmlEventFields::write(pugi::xml_node event) {
  too_deep_ = false;
  sink_.begin();
  if (pugi::xml_node system = event.child("System")) {
    for (pugi::xml_node n = system.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      sink_.system_text(n.name(), text_of(n));
      for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
        sink_.system_attribute(n.name(), a.name(), a.value());
    }
  }
  sink_.end_system();
  for (pugi::xml_node part = event.first_child(); part; part = part.next_sibling()) {
    if (part.type() != pugi::node_element) continue;
    if (named(part, "EventData")) {
      for (pugi::xml_node n = part.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_element || !named(n, "Data")) continue;
        pugi::xml_attribute name = n.attribute("Name");
        sink_.data(static_cast<bool>(name), name.value(), text_of(n));
      }
    } else if (named(part, "UserData")) {
      write_user_data(part, 0);
    }
    // RenderingInfo (Event Viewer exports) is ignored: XML events have no Message (R10.4).
  }
  Outcome outcome = sink_.finish();
  outcome.user_data_too_deep = too_deep_;
  return outcome;
}

// <UserData>: every leaf element gives a field named after the element (first wins).
void XmlEventFields::write_user_data(pugi::xml_node node, int depth) {
  if (depth > WinEventSink::kMaxUserDataDepth) {
    too_deep_ = true;
    return;
  }
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (n.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; }))
      write_user_data(n, depth + 1);
    else
      sink_.user_data_leaf(n.name(), text_of(n));
  }
}

}  // namespace spelunk
