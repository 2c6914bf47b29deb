// One decoded EVTX event as a small element tree (reused from record to record, so decoding a
// record allocates nothing once the pools have grown). Values are already rendered as text in
// evtxexport's formatting; the tree is what both `_raw` and the fields are built from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spelunk::evtx {

struct Attribute {
  std::string name;
  std::string value;
};

struct Element {
  std::string name;
  std::vector<Attribute> attributes;  // only [0, attribute_count) are live
  std::size_t attribute_count = 0;
  std::string text;                   // concatenated character content
  std::vector<std::uint32_t> children;

  Attribute& add_attribute(std::string_view attr_name) {
    if (attribute_count == attributes.size()) attributes.emplace_back();
    Attribute& a = attributes[attribute_count++];
    a.name.assign(attr_name);
    a.value.clear();
    return a;
  }
  const Attribute* attribute(std::string_view attr_name) const {
    for (std::size_t i = 0; i < attribute_count; ++i)
      if (attributes[i].name == attr_name) return &attributes[i];
    return nullptr;
  }
};

class Document {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;

  void clear() {
    used_ = 0;
    roots_.clear();
  }
  // A new element under `parent` (kNoParent: a top-level element).
  std::uint32_t add_element(std::uint32_t parent, std::string_view name) {
    if (used_ == elements_.size()) elements_.emplace_back();
    auto index = static_cast<std::uint32_t>(used_++);
    Element& e = elements_[index];
    e.name.assign(name);
    e.attribute_count = 0;
    e.text.clear();
    e.children.clear();
    if (parent == kNoParent)
      roots_.push_back(index);
    else
      elements_[parent].children.push_back(index);
    return index;
  }
  // Removes the most recently added element (used when an element turns out to be empty
  // because of an optional substitution). Only valid for the last element added.
  void drop_last(std::uint32_t parent) {
    --used_;
    if (parent == kNoParent)
      roots_.pop_back();
    else
      elements_[parent].children.pop_back();
  }

  Element& at(std::uint32_t i) { return elements_[i]; }
  const Element& at(std::uint32_t i) const { return elements_[i]; }
  const std::vector<std::uint32_t>& roots() const { return roots_; }
  std::size_t size() const { return used_; }

  // The first child of `parent` named `name`, or nullptr.
  const Element* child(const Element& parent, std::string_view name) const {
    for (auto c : parent.children)
      if (elements_[c].name == name) return &elements_[c];
    return nullptr;
  }
  const Element* root() const { return roots_.empty() ? nullptr : &elements_[roots_[0]]; }

 private:
  std::vector<Element> elements_;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> roots_;
};

// Appends the document as one line of XML in Windows' own rendering (single-quoted attributes,
// no whitespace between elements; &, <, > escaped in text, also ' in attributes).
void render_xml(const Document& doc, std::string& out);

}  // namespace spelunk::evtx
