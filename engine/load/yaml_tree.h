// A YAML document as an immutable tree, read with libyaml (the parser behind PyYAML and Ruby's
// Psych). The loaders see only this header; libyaml's types stay in yaml_tree.cpp.
//
// Node is a small handle (the shared document and an index): copying one is cheap, and a node
// keeps its document alive, so a scenario step can hold on to its mapping. It is read only: a
// key that is absent gives an undefined node, as does an index past the end. Aliases (*name)
// share the anchored node.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace accord::internal::yaml {

enum class Kind : std::uint8_t { Undefined, Null, Scalar, Sequence, Map };

struct Doc;

class Node {
 public:
  Node() = default;  // undefined
  Node(std::shared_ptr<const Doc> doc, std::uint32_t index) : doc_(std::move(doc)), index_(index) {}

  Kind Type() const;
  bool IsDefined() const { return Type() != Kind::Undefined; }
  explicit operator bool() const { return IsDefined(); }
  // A plain empty, "~" or "null" value, like `key:` with nothing after it.
  bool IsNull() const { return Type() == Kind::Null; }
  bool IsScalar() const { return Type() == Kind::Scalar; }
  bool IsSequence() const { return Type() == Kind::Sequence; }
  bool IsMap() const { return Type() == Kind::Map; }
  // The text of a scalar ("" for any other node).
  const std::string& Scalar() const;
  // Byte offset of the node in its file: its first character, or its anchor or tag when it has
  // one. 0 for an undefined node.
  std::size_t offset() const;
  // Entries of a map, items of a sequence, 0 otherwise.
  std::size_t size() const;
  // The item at `i` of a sequence; undefined past its end or on another node.
  Node operator[](std::size_t i) const;
  Node operator[](int i) const { return (*this)[static_cast<std::size_t>(i)]; }
  // The value of the first key spelled `key` in a map; undefined when there is none.
  Node operator[](std::string_view key) const;
  Node operator[](const char* key) const { return (*this)[std::string_view(key)]; }

  // What iterating yields: a map's key and value (first, second), or a sequence's item (the
  // Item itself, with first and second undefined).
  struct Item;
  class iterator;
  iterator begin() const;
  iterator end() const;

 private:
  std::shared_ptr<const Doc> doc_;
  std::uint32_t index_ = 0;
};

struct Node::Item : Node {
  Node first, second;
};

class Node::iterator {
 public:
  iterator(const Node* parent, std::size_t k) : parent_(parent), k_(k) {}
  Item operator*() const;
  iterator& operator++() { ++k_; return *this; }
  bool operator==(const iterator& o) const { return k_ == o.k_; }
  bool operator!=(const iterator& o) const { return k_ != o.k_; }

 private:
  const Node* parent_;
  std::size_t k_;
};

// Why a text is not a document Accord can read.
struct Error {
  enum class What : std::uint8_t {
    Syntax,        // libyaml's problem, with its context when it gives one
    Encoding,      // bytes that are not UTF-8, or a control character
    TooDeep,       // nesting past kMaxDepth; `offset` is the outermost bracket of the run
    TooExpanded,   // aliases that copy out past the limit; `offset` is the repeated node
    UnknownAlias,  // *name with no &name before it
    SecondDocument,
  };
  What what = What::Syntax;
  std::string problem;  // libyaml's words, e.g. "did not find expected key"; UnknownAlias: the name
  std::size_t offset = 0;
  std::string context;  // e.g. "while parsing a flow mapping"; "" when none
  std::size_t context_offset = 0;
};

constexpr int kMaxDepth = 499;
// With every alias copied out, a document may count at most this many times its file's size
// (plus a little for short files) in nodes and scalar bytes: a few aliases to a long string, or
// to a mapping holding more aliases, would otherwise make every later step pay length x repeats.
constexpr std::size_t kMaxExpansion = 16;
constexpr std::size_t kExpansionSlack = 64 * 1024;

// Reads the first and only document of `text`. The root is undefined when the text holds no
// document (nothing but comments).
std::variant<Node, Error> parse(std::string_view text);

}  // namespace accord::internal::yaml
