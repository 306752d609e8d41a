// YAML files read in tests the way the engine reads them (load/yaml_tree.h), for tests that
// check output against what a shipped file says.
#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include "load/yaml_tree.h"

namespace accord::test {

inline internal::yaml::Node parse_yaml_text(const std::string& text, const std::string& what = "text") {
  auto r = internal::yaml::parse(text);
  if (const auto* e = std::get_if<internal::yaml::Error>(&r))
    throw std::runtime_error(what + ": YAML error at byte " + std::to_string(e->offset) + ": " + e->problem);
  return std::get<internal::yaml::Node>(r);
}

inline internal::yaml::Node load_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return parse_yaml_text(s.str(), path);
}

// The document's content in one canonical form (no positions, styles or comments), to compare
// two documents.
inline std::string dump_yaml(const internal::yaml::Node& n) {
  using internal::yaml::Kind;
  switch (n.Type()) {
    case Kind::Undefined: return "undefined";
    case Kind::Null: return "null";
    case Kind::Scalar: {
      std::string out = "\"";
      for (const char c : n.Scalar()) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
      return out + "\"";
    }
    case Kind::Sequence: {
      std::string out = "[";
      for (const auto& item : n) out += dump_yaml(item) + ",";
      return out + "]";
    }
    case Kind::Map: {
      std::string out = "{";
      for (const auto& kv : n) out += dump_yaml(kv.first) + ":" + dump_yaml(kv.second) + ",";
      return out + "}";
    }
  }
  return "";
}

}  // namespace accord::test
