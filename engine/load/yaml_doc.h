// YAML helpers shared by every loader: parse a file with positioned syntax errors, read maps
// with unknown/duplicate/missing key checks, convert scalars with kind checks, and turn a
// scalar into a SourceExpr whose every character maps back to its place in the file.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>


#include "core/diagnostics.h"
#include "load/yaml_tree.h"
#include "model/rules.h"

namespace accord::internal {

// Parses `file` as one YAML document. Syntax errors, an empty document, nesting too deep and
// aliases that copy out too far are reported.
std::optional<yaml::Node> parse_yaml(const SourceRef& file, Diagnostics& diags);

Loc loc_of(const SourceRef& file, const yaml::Node& node);

// Reads one YAML mapping. Construction reports a non-map node, duplicate keys and keys not in
// `allowed` (with a suggestion); get()/require() then look keys up.
class MapReader {
 public:
  MapReader(const SourceRef& file, const yaml::Node& node, std::string what,
            std::initializer_list<const char*> allowed, Diagnostics& diags);
  MapReader(const SourceRef& file, const yaml::Node& node, std::string what,
            std::vector<std::string> allowed, Diagnostics& diags);
  bool ok() const { return ok_; }
  // The value of `key`, or an undefined node.
  yaml::Node get(const char* key) const;
  // The text of `key` into `out` when the key is present (reported when it is not text);
  // `out` unchanged when absent.
  void get_text(const char* key, std::string& out) const;
  // Like get(), but reports "missing required key" when absent.
  yaml::Node require(const char* key);
  // Position of the value of `key` (or of the map itself).
  Loc loc(const char* key = nullptr) const;
  const yaml::Node& node() const { return node_; }

 private:
  std::string unknown_key_message(const std::string& key) const;
  const SourceRef& file_;
  yaml::Node node_;
  std::string what_;
  std::vector<std::string> allowed_;
  Diagnostics& diags_;
  bool ok_ = true;
};

// Scalar conversions: each reports "expected <kind>" at the node when it is of the wrong kind.
std::optional<std::string> as_string(const SourceRef& f, const yaml::Node& n, Diagnostics& d);
// A word out of `names` (an enum's spellings, indexed by its values): its index, or nullopt
// with "unknown WHAT 'x'; did you mean ...?" (or the list of them) reported at `n`.
std::optional<std::size_t> as_name_index(const SourceRef& f, const yaml::Node& n, const std::vector<std::string>& names,
                                         const char* what, Diagnostics& d);
template <class E>
std::optional<E> as_enum(const SourceRef& f, const yaml::Node& n, const std::vector<std::string>& names,
                         const char* what, Diagnostics& d) {
  const auto i = as_name_index(f, n, names, what, d);
  return i ? std::optional<E>(static_cast<E>(*i)) : std::nullopt;
}
std::optional<Date> as_date(const SourceRef& f, const yaml::Node& n, Diagnostics& d);
std::optional<std::vector<std::string>> as_string_list(const SourceRef& f, const yaml::Node& n,
                                                       Diagnostics& d);
// A mapping node's entries in file order (node, with its key's text and the key's position).
struct MapEntry {
  std::string key;
  Loc key_loc;
  yaml::Node value;
};
std::optional<std::vector<MapEntry>> as_entries(const SourceRef& f, const yaml::Node& n,
                                                const std::string& what, Diagnostics& d);

// Parses the scalar `n` as an expression. Syntax errors are reported at their exact file
// position, also inside folded (>-) and literal (|) block scalars and quoted strings.
std::optional<SourceExpr> as_expr(const SourceRef& f, const yaml::Node& n, Diagnostics& d);
// Maps every byte of a scalar's value to its offset in the file (value.size() + 1 entries).
std::vector<std::uint32_t> map_scalar_offsets(const SourceFile& file, std::size_t node_offset,
                                              const std::string& value);
// Builds a SourceExpr for text found at known file offsets; parses and reports errors.
std::optional<SourceExpr> make_source_expr(const SourceRef& f, std::string text,
                                           std::vector<std::uint32_t> offsets, Diagnostics& d);

}  // namespace accord::internal
